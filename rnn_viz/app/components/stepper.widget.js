// The notebook host of the stepper core (anywidget: JupyterLab, Notebook 7, VS Code,
// marimo). The data is the widget's `data` trait; the step the reader pauses on goes back
// to Python as `step` (an index into the first review's T) and `pos` (the shared
// position); Python setting `step` moves the stepper there.

function stepPosition(stepper, step) {
  const first = stepper.views[0];
  const col = first.steps.findIndex((s) => s >= step);
  const c = col < 0 ? first.steps.length - 1 : col;
  return stepper.columns.findIndex((cols) => cols[0] === c);
}

export default {
  render({ model, el: parent }) {
    const host = {
      plotly: () => inlinePlotly(),
      report: (name, value) => {
        if (name === "position") {
          model.set("step", value.steps[0] === null ? -1 : value.steps[0]);
          model.set("pos", value.pos);
        } else {
          model.set("picked", value);
        }
        model.save_changes();
      },
      single: false,
      keys: "root",
    };
    let cleanup = null;
    const mount = async () => {
      cleanup = await mountStepper(parent, model.get("data"), host);
      const stepper = STORE.get(parent);
      const step = model.get("step");
      if (stepper && stepper.views && step >= 0) stepper.go(stepPosition(stepper, step), true);
    };
    const moved = () => {
      const stepper = STORE.get(parent);
      const step = model.get("step");
      if (!stepper || !stepper.views || step < 0) return;
      const pos = stepPosition(stepper, step);
      if (pos !== stepper.pos) { stepper.reported = pos; stepper.go(pos); }
    };
    model.on("change:data", mount);
    model.on("change:step", moved);
    mount();
    return () => {
      model.off("change:data", mount);
      model.off("change:step", moved);
      if (cleanup) cleanup();
    };
  },
};
