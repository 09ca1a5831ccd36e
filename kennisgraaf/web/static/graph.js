// The entity's neighbourhood as an interactive Cytoscape.js graph; click a node to open it.
(function () {
  var box = document.getElementById("graph");
  if (!box || !window.cytoscape) return;
  fetch(box.dataset.src, {headers: {Accept: "application/json"}})
    .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
    .then(function (data) {
      var cy = cytoscape({
        container: box,
        elements: data.elements,
        style: [
          {selector: "node", style: {"label": "data(label)", "background-color": "data(colour)",
                                     "font-size": 10, "width": 18, "height": 18}},
          {selector: "node[id = '" + box.dataset.center + "']", style: {"width": 30, "height": 30,
                                                                         "border-width": 3}},
          {selector: "edge", style: {"label": "data(predicate)", "font-size": 8, "width": 1.5,
                                     "curve-style": "bezier", "target-arrow-shape": "triangle"}}
        ],
        layout: {name: "cose", animate: false}
      });
      cy.on("tap", "node", function (evt) {
        var id = evt.target.id();
        if (id !== box.dataset.center) window.location = "/entity?iri=" + encodeURIComponent(id);
      });
      box.dataset.ready = String(cy.nodes().length);
    })
    .catch(function (err) { box.textContent = "graph: " + err; });
})();
