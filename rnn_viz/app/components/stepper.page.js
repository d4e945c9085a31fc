// The self-contained web page's host of the stepper core (rnn_viz.viz.html_export): the
// data is the page's <script type="application/json" id="rv-data">, Plotly.js is inlined,
// and nothing is reported anywhere (the page has no server).

const pageData = JSON.parse(document.getElementById("rv-data").textContent);
mountStepper(document.getElementById("rv-stepper"), pageData, {
  plotly: () => inlinePlotly(),
  single: true,
  keys: "document",
});
