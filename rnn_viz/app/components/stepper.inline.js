// Plotly.js inlined (rnn_viz.viz.stepper_assets puts the bundle's text in
// __rvPlotlySource): no network request at all. The bundle is a UMD module; handed a
// CommonJS `module` it does not take an AMD `define`'s path, and the window.Plotly it
// also sets is put back as it was (a notebook may have its own Plotly).
function inlinePlotly() {
  if (!window.__rvPlotlyInline) {
    const before = window.Plotly;
    const module = { exports: {} };
    __rvPlotlySource(module, module.exports, undefined);
    window.__rvPlotlyInline = module.exports;
    if (before) window.Plotly = before; else delete window.Plotly;
  }
  return Promise.resolve(window.__rvPlotlyInline);
}
