// Draws the course's charts: each .entente-chart holds an Altair (Vega-Lite v5) spec as inert JSON.
// Vega, Vega-Lite and vega-embed are loaded from this site, and only on pages that have a chart.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = script.src.slice(0, script.src.lastIndexOf("/") + 1) + "vendor/";

  function load(name) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = base + name;
      tag.onload = resolve;
      tag.onerror = function () { reject(new Error("could not load " + name)); };
      document.head.appendChild(tag);
    });
  }

  function draw() {
    var charts = document.querySelectorAll(".entente-chart");
    if (!charts.length) return;
    load("vega.min.js").then(function () { return load("vega-lite.min.js"); })
      .then(function () { return load("vega-embed.min.js"); })
      .then(function () {
        charts.forEach(function (chart) {
          var spec = JSON.parse(chart.querySelector("script[type='application/json']").textContent);
          var target = document.createElement("div");
          chart.appendChild(target);
          window.vegaEmbed(target, spec, { renderer: "svg", actions: false })
            .then(function () { chart.dataset.drawn = "true"; })
            .catch(function (error) { chart.dataset.error = String(error); console.error(error); });
        });
      })
      .catch(function (error) { console.error(error); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
