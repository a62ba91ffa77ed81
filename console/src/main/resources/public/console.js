// Draws the lag chart of a consumer group page with uPlot (from the WebJar) and refreshes it.
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("lag-chart");
  if (!el) {
    return;
  }
  var chart = null;
  function draw() {
    fetch(el.dataset.url).then(function (r) { return r.json(); }).then(function (data) {
      if (chart) {
        chart.setData(data);
        return;
      }
      chart = new uPlot({
        width: Math.max(300, el.clientWidth),
        height: 220,
        series: [{}, { label: "total lag", stroke: "#c0392b", width: 2 }],
        axes: [{}, { label: "records" }]
      }, data, el);
    });
  }
  draw();
  setInterval(draw, 10000);
});
