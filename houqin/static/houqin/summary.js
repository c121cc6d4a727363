// The annual work summary: its charts (data from <script id="summary-charts-data">, one
// <div data-summary-chart="index"> per chart), the print button, and the figure search of the
// wording editor (<input data-figure-search> filtering rows marked data-figure).
(function () {
  "use strict";

  function barSeries(series) {
    return series.map(function (s) {
      return { name: s.name, type: "bar", data: s.values, emphasis: { focus: "series" } };
    });
  }

  // "monthly": months along the bottom, one bar per figure and month; "yoy": one group of bars
  // per figure (last year beside this year), laid on their side so long Chinese labels stay
  // readable on a phone.
  function option(chart) {
    var yoy = chart.kind === "yoy";
    var categoryAxis = { type: "category", data: chart.categories, axisLabel: { interval: yoy ? 0 : "auto" } };
    var valueAxis = { type: "value", name: chart.unit || "" };
    return {
      tooltip: { trigger: "axis" },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 24, bottom: 8, top: 40, containLabel: true },
      xAxis: yoy ? valueAxis : categoryAxis,
      yAxis: yoy ? categoryAxis : valueAxis,
      series: barSeries(chart.series)
    };
  }

  function drawCharts() {
    var source = document.getElementById("summary-charts-data");
    if (!source || !window.echarts) return;
    var charts = JSON.parse(source.textContent);
    document.querySelectorAll("[data-summary-chart]").forEach(function (el) {
      var chart = charts[parseInt(el.getAttribute("data-summary-chart"), 10)];
      if (!chart || el.dataset.drawn) return;
      el.dataset.drawn = "1";
      if (chart.kind === "yoy") el.style.height = Math.max(200, chart.categories.length * 56 + 80) + "px";
      var instance = window.echarts.init(el);
      instance.setOption(option(chart));
      window.addEventListener("resize", function () { instance.resize(); });
      window.addEventListener("beforeprint", function () { instance.resize(); });
    });
  }

  function filterFigures(input) {
    var words = input.value.trim().toLowerCase();
    var table = document.getElementById(input.getAttribute("aria-controls"));
    if (!table) return;
    table.querySelectorAll("[data-figure]").forEach(function (row) {
      row.hidden = words !== "" && row.getAttribute("data-figure").toLowerCase().indexOf(words) < 0;
    });
  }

  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-print]")) window.print();
    var insert = e.target.closest("[data-insert]");
    if (insert) insertName(insert.getAttribute("data-insert"));
  });

  // A figure's name clicked in the list goes into the wording at the cursor.
  function insertName(name) {
    var box = document.getElementById("id_template");
    if (!box) return;
    var start = box.selectionStart || 0, end = box.selectionEnd || 0;
    box.value = box.value.slice(0, start) + name + box.value.slice(end);
    box.focus();
    box.selectionStart = box.selectionEnd = start + name.length;
    box.dispatchEvent(new Event("input", { bubbles: true }));
  }

  document.addEventListener("input", function (e) {
    if (e.target.matches("[data-figure-search]")) filterFigures(e.target);
  });

  document.addEventListener("DOMContentLoaded", drawCharts);
})();
