/* Charts of the situational picture. Data comes from a json_script element; every chart
   has the same figures in a table next to it, so the canvas is decoration for those who
   can see it. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("insights-charts");
    if (!source || typeof window.Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var palette = ["#0b5cad", "#0f7b5f", "#a4161a", "#7a4b00", "#6f42c1", "#4a5560"];
    var trend = document.getElementById("trend-chart");
    if (trend) {
      new window.Chart(trend, {
        type: "line",
        data: {
          labels: data.trend.labels,
          datasets: [
            { label: data.trend.needs_label, data: data.trend.needs, borderColor: palette[0],
              backgroundColor: palette[0], tension: 0.2 },
            { label: data.trend.services_label, data: data.trend.services, borderColor: palette[1],
              backgroundColor: palette[1], borderDash: [6, 4], tension: 0.2 }
          ]
        },
        options: { responsive: true, maintainAspectRatio: false,
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
      });
    }
    var stacked = document.getElementById("stacked-chart");
    if (stacked) {
      new window.Chart(stacked, {
        type: "bar",
        data: {
          labels: data.stacked.labels,
          datasets: data.stacked.series.map(function (series, index) {
            return { label: series.label, data: series.data,
              backgroundColor: palette[index % palette.length] };
          })
        },
        options: { responsive: true, maintainAspectRatio: false,
          scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true,
            ticks: { precision: 0 } } } }
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
