// Add an article through the JSON API with the bearer token (kept for this tab only).
(function () {
  var form = document.getElementById("add-article");
  var out = document.getElementById("add-result");
  if (!form) return;
  var token = form.elements.token;
  token.value = sessionStorage.getItem("kennisgraaf-token") || "";
  form.addEventListener("submit", function (evt) {
    evt.preventDefault();
    sessionStorage.setItem("kennisgraaf-token", token.value);
    var body = {text: form.elements.text.value};
    ["title", "id", "date", "source"].forEach(function (k) {
      if (form.elements[k].value) body[k] = form.elements[k].value;
    });
    out.textContent = "…";
    fetch(form.dataset.api + "?name=" + encodeURIComponent((body.id || "article") + ".json"), {
      method: "POST",
      headers: {"Content-Type": "application/json", "Authorization": "Bearer " + token.value},
      body: JSON.stringify(body)
    }).then(function (r) { return r.json().then(function (data) { return [r.ok, data]; }); })
      .then(function (res) {
        if (!res[0]) { out.textContent = res[1].error.message; out.className = "error"; return; }
        out.className = "ok";
        out.textContent = out.dataset.added + ": " + res[1].articles.join(", ") + " (" +
          res[1].facts + " " + out.dataset.facts + ")";
        setTimeout(function () { window.location.reload(); }, 800);
      });
  });
})();
