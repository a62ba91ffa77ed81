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
        // the last hour, whatever the samples cover; lag from 0
        scales: {
          x: { time: true, range: function () { var now = Date.now() / 1000; return [now - 3600, now]; } },
          y: { range: function (u, min, max) { return [0, Math.max(10, max * 1.1)]; } }
        },
        series: [{}, { label: "total lag", stroke: "#c0392b", width: 2, points: { show: true } }],
        axes: [{}, { label: "records" }]
      }, data, el);
    });
  }
  draw();
  setInterval(draw, 10000);
});

// Draws the brokers page's charts (throughput: a line per broker; request rates: a line per API):
// the last hour, refreshed. Each answer is {"series":[labels],"data":[[seconds...],[values...],...]}.
document.addEventListener("DOMContentLoaded", function () {
  var colors = ["#2874a6", "#c0392b", "#27ae60", "#8e44ad", "#d35400", "#16a085"];
  Array.prototype.forEach.call(document.querySelectorAll(".broker-chart"), function (el) {
    var chart = null;
    var shownSeries = "";
    function draw() {
      fetch(el.dataset.url).then(function (r) { return r.json(); }).then(function (body) {
        var key = body.series.join(",");
        if (chart && key === shownSeries) {
          chart.setData(body.data);
          return;
        }
        if (chart) {
          chart.destroy();
        }
        shownSeries = key;
        var series = [{}];
        body.series.forEach(function (label, i) {
          series.push({ label: label, stroke: colors[i % colors.length], width: 2 });
        });
        chart = new uPlot({
          width: Math.max(300, el.clientWidth),
          height: 220,
          scales: {
            x: { time: true, range: function () { var now = Date.now() / 1000; return [now - 3600, now]; } },
            y: { range: function (u, min, max) { return [0, Math.max(10, (max || 0) * 1.1)]; } }
          },
          series: series,
          axes: [{}, { label: el.dataset.unit, size: 70 }]
        }, body.data, el);
      });
    }
    draw();
    setInterval(draw, 10000);
  });
});
