// Horizontal bar charts get a height that leaves room for every bar and its label:
// <div class="chart" data-chart="…" data-bar-count="N">. Runs before the charts are drawn.
(function () {
  "use strict";
  var PER_BAR = 28, MARGIN = 60, MIN = 160;

  function sizeBars(root) {
    root.querySelectorAll("[data-bar-count]").forEach(function (el) {
      var bars = parseInt(el.getAttribute("data-bar-count") || "0", 10) || 0;
      el.style.height = Math.max(MIN, bars * PER_BAR + MARGIN) + "px";
      var chart = window.echarts && window.echarts.getInstanceByDom(el);
      if (chart) chart.resize();
    });
  }

  sizeBars(document);
  document.addEventListener("htmx:afterSwap", function (e) { sizeBars(e.target); });
})();
