// A suggestion with a blank ("…") goes into the question box to be completed.
document.querySelectorAll("a.fill").forEach(function (link) {
  link.addEventListener("click", function (evt) {
    evt.preventDefault();
    var box = document.getElementById("question");
    box.value = link.dataset.fill;
    box.focus();
    box.setSelectionRange(box.value.indexOf("…"), box.value.indexOf("…") + 1);
  });
});
