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
  var COLOURS = {value: "#1f6fb2", target: "#c0392b", extra: "#27ae60"};

  function draw(canvas) {
    var spec;
    try {
      spec = JSON.parse(canvas.getAttribute("data-chart"));
    } catch (e) {
      return;
    }
    var datasets = spec.datasets.map(function (d, i) {
      var colour = COLOURS[d.kind] || (i ? COLOURS.extra : COLOURS.value);
      var target = d.kind === "target";
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
        scales: {x: {beginAtZero: true}, y: {beginAtZero: true}},
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
