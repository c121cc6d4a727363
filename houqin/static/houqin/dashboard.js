// The dashboard's monthly trends: a line chart of the key figures month by month, from the
// data the page puts in <script type="application/json" id="dashboard-trends-data">.
(function () {
  "use strict";

  function draw() {
    var el = document.getElementById("dashboard-trends");
    var source = document.getElementById("dashboard-trends-data");
    if (!el || !source || !window.echarts || el.dataset.drawn) return;
    el.dataset.drawn = "1";
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(el);
    chart.setOption({
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 40, right: 48, top: 48, bottom: 30 },
      xAxis: { type: "category", data: data.months },
      // The first figure (visitor registrations) runs to thousands a month, the others to
      // tens: it is drawn as a line on the right-hand axis, the others as bars on the left.
      yAxis: [{ type: "value", minInterval: 1 }, { type: "value", minInterval: 1 }],
      series: data.series.map(function (s, i) {
        return i === 0
          ? { name: s.name, type: "line", smooth: true, yAxisIndex: 1, data: s.data }
          : { name: s.name, type: "bar", data: s.data };
      })
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
