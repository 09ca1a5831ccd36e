// SPARQL highlighting on the editor's textarea; the form still submits the text.
(function () {
  var area = document.getElementById("sparql");
  if (!area || !window.CodeMirror) return;
  var editor = CodeMirror.fromTextArea(area, {mode: "application/sparql-query", lineNumbers: true,
                                              matchBrackets: true, viewportMargin: Infinity});
  editor.setOption("extraKeys", {"Ctrl-Enter": function () { editor.save(); area.form.submit(); }});
  window.kennisgraafEditor = editor;
})();
