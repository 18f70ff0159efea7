/* Draws the charts of /tmopendata/progress with Chart.js.
 *
 * Each <canvas class="tmopendata-chart" data-chart="..."> carries its chart
 * as JSON: {"type": "bar"|"line", "horizontal": bool, "labels": [...],
 * "datasets": [{"label": ..., "data": [...], "kind": "value"|"target"}]}.
 * The same figures are in the tables of the page, for readers without
 * JavaScript or with a screen reader.
 */
(function () {
  "use strict";
  var TARGET = "#c0392b";
  var SERIES = ["#1f6fb2", "#27ae60", "#8e44ad", "#d35400"];

  function draw(canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute("data-chart"));
    } catch (e) {
      return;
    }
    var datasets = spec.datasets.map(function (d, i) {
      var target = d.kind === "target";
      var colour = target ? TARGET : SERIES[i % SERIES.length];
      return {
        label: d.label,
        data: d.data,
        backgroundColor: target ? "rgba(192, 57, 43, 0.25)" : colour,
        borderColor: colour,
        borderWidth: target ? 2 : 1,
        fill: false,
        tension: 0.2
      };
    });
    new window.Chart(canvas, {
      type: spec.type,
      data: {labels: spec.labels, datasets: datasets},
      options: {
        indexAxis: spec.horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        // counts: whole numbers on the value axis
        scales: {
          x: {beginAtZero: true, ticks: spec.horizontal ? {precision: 0} : {}},
          y: {beginAtZero: true, ticks: spec.horizontal ? {} : {precision: 0}}
        },
        plugins: {legend: {display: datasets.length > 1}}
      }
    });
  }

  function start() {
    if (!window.Chart) {
      return;
    }
    var canvases = document.querySelectorAll("canvas.tmopendata-chart[data-chart]");
    for (var i = 0; i < canvases.length; i++) {
      draw(canvases[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
