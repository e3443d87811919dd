(function () {
  "use strict";
  var all = function (selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); };
  var byId = function (id) { return document.getElementById(id); };
  var state = { service: "", rule: "", severity: "", query: "" };
  var neighbours = {};
  all("#diagram g.edge").forEach(function (edge) {
    var a = edge.getAttribute("data-source"), b = edge.getAttribute("data-target");
    (neighbours[a] = neighbours[a] || {})[b] = true;
    (neighbours[b] = neighbours[b] || {})[a] = true;
  });
  function near(name) {
    return !state.service || name === state.service || !!(neighbours[state.service] || {})[name];
  }
  function found(name) { return !state.query || name.toLowerCase().indexOf(state.query) >= 0; }
  function apply() {
    all("#diagram g.node").forEach(function (node) {
      var name = node.getAttribute("data-service");
      node.classList.toggle("dim", !near(name) || !found(name));
      node.classList.toggle("focus", name === state.service);
    });
    all("#diagram g.edge").forEach(function (edge) {
      var a = edge.getAttribute("data-source"), b = edge.getAttribute("data-target");
      var on = !state.service || a === state.service || b === state.service;
      edge.classList.toggle("dim", !on || !(found(a) || found(b)));
    });
    all("details.svc").forEach(function (section) {
      var name = section.getAttribute("data-service");
      section.hidden = !near(name) || !found(name);
    });
    all("#seams tr.seam").forEach(function (row) {
      var names = row.getAttribute("data-services").split(" ");
      row.hidden = !!state.service && names.indexOf(state.service) < 0;
    });
    var shown = 0, total = 0;
    all("#findings li.f").forEach(function (item) {
      total += 1;
      var ok = (!state.service || item.getAttribute("data-service") === state.service) &&
        (!state.rule || item.getAttribute("data-rule") === state.rule) &&
        (!state.severity || item.getAttribute("data-severity") === state.severity);
      item.hidden = !ok;
      if (ok) { shown += 1; }
    });
    all("#findings details.rule").forEach(function (rule) {
      rule.hidden = !rule.querySelector("li.f:not([hidden])");
    });
    byId("service").value = state.service;
    byId("status").textContent = (shown === total ? total : shown + " of " + total) +
      (total === 1 ? " finding" : " findings") + (state.service ? " · focus: " + state.service : "");
  }
  function focus(name) {
    state.service = state.service === name ? "" : name;
    if (state.service) {
      var section = byId("svc-" + state.service);
      if (section) { section.open = true; }
    }
    apply();
  }
  all("#diagram g.node").forEach(function (node) {
    var name = node.getAttribute("data-service");
    node.addEventListener("click", function () { focus(name); });
    node.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); focus(name); }
    });
  });
  byId("search").addEventListener("input", function (event) {
    state.query = event.target.value.trim().toLowerCase();
    apply();
  });
  byId("service").addEventListener("change", function (event) {
    state.service = "";
    focus(event.target.value);
  });
  byId("rule").addEventListener("change", function (event) { state.rule = event.target.value; apply(); });
  byId("severity").addEventListener("change", function (event) {
    state.severity = event.target.value;
    apply();
  });
  byId("reset").addEventListener("click", function () {
    state = { service: "", rule: "", severity: "", query: "" };
    byId("search").value = ""; byId("rule").value = ""; byId("severity").value = "";
    apply();
  });
  byId("expand").addEventListener("click", function () {
    all("details.svc").forEach(function (d) { d.open = true; });
  });
  byId("collapse").addEventListener("click", function () {
    all("details.svc").forEach(function (d) { d.open = false; });
  });
  var svg = byId("diagram"), canvas = byId("canvas");
  var width = svg.viewBox.baseVal.width, height = svg.viewBox.baseVal.height, scale = 1;
  function zoom(to) {
    scale = Math.max(0.1, Math.min(4, to));
    svg.setAttribute("width", Math.round(width * scale));
    svg.setAttribute("height", Math.round(height * scale));
  }
  function fit() { zoom(Math.min(1, (canvas.clientWidth - 4) / width)); }
  all("[data-zoom]").forEach(function (button) {
    button.addEventListener("click", function () {
      var how = button.getAttribute("data-zoom");
      if (how === "fit") { fit(); } else { zoom(scale * (how === "in" ? 1.25 : 0.8)); }
    });
  });
  fit();
  apply();
}());
