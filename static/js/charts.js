/* Draws the charts of a page. Each chart is a <canvas data-chart="ID"> whose Chart.js
   configuration is in <script type="application/json" id="ID"> (Django's json_script).
   The same numbers are always in a table beside the chart, so the page works without
   JavaScript and for screen readers. */
(function () {
  "use strict";
  var palette = ["#1d5fa8", "#c4511d", "#2f7d32", "#7b3fa0", "#8a6d00", "#0f7c86", "#a3224a", "#555"];
  function draw() {
    if (typeof Chart === "undefined") { return; }
    Chart.defaults.font.family = '"Noto Sans CJK JP", "Hiragino Sans", "Yu Gothic", sans-serif';
    Chart.defaults.animation = false;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) { return; }
      var source = document.getElementById(canvas.dataset.chart);
      if (!source) { return; }
      var config = JSON.parse(source.textContent);
      (config.data.datasets || []).forEach(function (dataset, index) {
        var colour = dataset.color || palette[index % palette.length];
        dataset.backgroundColor = dataset.backgroundColor || colour;
        dataset.borderColor = dataset.borderColor || colour;
        delete dataset.color;
      });
      config.options = config.options || {};
      config.options.responsive = true;
      config.options.maintainAspectRatio = false;
      new Chart(canvas, config);
      canvas.dataset.drawn = "1";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
  document.addEventListener("htmx:afterSettle", draw);
})();
