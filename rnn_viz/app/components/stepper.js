// The token stepper of rnn-viz: one or more review figures on one token control.
//
// Python sends a review once (rnn_viz.stepview.stepper_data); every step (Prev/Next,
// slider, Play, the ← / → keys, a click on the overview strip, a word or a heatmap
// column) happens here: the highlight, the focused window, the words and the step
// panel move with no server round trip. The step reaches the host only when the
// reader pauses (debounced, never during Play), and a clicked unit is sent at once.
//
// One source, three hosts: this core knows no host. A host file (hosts/*.js, appended
// to this one by rnn_viz.viz.stepper_assets) mounts it with `mountStepper(parent, data,
// host)`, where `host` gives the core what differs between the Streamlit component, the
// notebook widget (anywidget) and the self-contained web page:
//   host.plotly(data)    -> Promise of the Plotly.js object to draw with
//   host.report(name, v) -> the step ("position", when the reader pauses) and a clicked
//                           heatmap cell ("picked"); optional
//   host.single          -> one stepper per page: a new one ends an earlier one (Streamlit
//                           keeps old elements across reruns); false in a notebook
//   host.keys            -> "document": ← / → anywhere on the page; "root": only while
//                           the stepper has the focus (several widgets in one notebook)

const STORE = new WeakMap(); // parent element -> Stepper
const MEMORY = (window.__rvStepMemory = window.__rvStepMemory || new Map()); // key -> position
const REPORT_MS = 600;
const PACES = [1, 2, 5, 10];
const COLUMN_PX = 18; // the focused window gives each column about this many pixels

function decode(encoded) {
  const bytes = Uint8Array.from(atob(encoded.bdata), (c) => c.charCodeAt(0));
  return new Float32Array(bytes.buffer);
}

// Python's f"{x:.{d}f}": the exact decimal value of the double, rounded half to even.
function fixed(x, d) {
  if (!Number.isFinite(x)) return String(x);
  const negative = x < 0 || Object.is(x, -0);
  const exact = Math.abs(x).toFixed(Math.min(100, d + 60)); // exact for float32 values
  const [whole, frac] = exact.split(".");
  let keep = whole + frac.slice(0, d);
  const rest = frac.slice(d);
  const up = rest[0] > "5" || (rest[0] === "5" && (/[1-9]/.test(rest.slice(1))
    || Number(keep[keep.length - 1]) % 2 === 1));
  if (up) {
    const digits = keep.split("");
    let i = digits.length - 1;
    while (i >= 0 && digits[i] === "9") { digits[i] = "0"; i -= 1; }
    if (i < 0) digits.unshift("1"); else digits[i] = String(Number(digits[i]) + 1);
    keep = digits.join("");
  }
  const intLen = keep.length - d;
  const out = d > 0 ? `${keep.slice(0, intLen)}.${keep.slice(intLen)}` : keep;
  return (negative ? "-" : "") + out;
}

// StepPanel.equations' numbers: 0.123, or (-0.123) for negatives.
function eqNumber(x) {
  return x >= 0 ? fixed(x, 3) : `(${fixed(x, 3)})`;
}

// diagram.colour: a value's colour on a heatmap scale, linear in RGB between the stops.
function scaleColour(d, scale, v) {
  const s = d.scales[scale];
  const [lo, hi] = s.range || [-d.c_max, d.c_max];
  if (!Number.isFinite(v)) return "rgb(238,238,238)";
  const x = hi === lo ? 0.5 : Math.min(1, Math.max(0, (v - lo) / (hi - lo)));
  const stops = s.stops;
  let k = 1;
  while (k < stops.length - 1 && x > stops[k][0]) k += 1;
  const [p0, c0] = stops[k - 1];
  const [p1, c1] = stops[k];
  const w = p1 === p0 ? 0 : (x - p0) / (p1 - p0);
  return `rgb(${c0.map((a, i) => Math.floor(a + (c1[i] - a) * w + 0.5)).join(",")})`;
}

// diagram.ink: black or white text on a fill.
function inkFor(fill) {
  const [r, g, b] = fill.slice(4, -1).split(",").map(Number);
  return 0.299 * r + 0.587 * g + 0.114 * b > 140 ? "#000" : "#fff";
}

// A label of stepview.stepper_labels with its {name} fields filled in.
function fmt(template, values) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

class Stepper {
  constructor(parent) {
    this.parent = parent;
    // our own host: the parent also holds the component's <style>, which must stay
    this.host = el("div", "rv-host");
    parent.appendChild(this.host);
    this.key = null;
    this.pos = 0;
    this.playing = false;
    this.pace = 5;
    this.reported = null;
    this.layer = 0;
    this.unit = 0;
    this.window = [0, 0];
    this.onKey = (event) => this.key_(event);
    this.keyTarget = null;
    this.resizeObserver = new ResizeObserver(() => this.resized());
  }

  destroy() {
    this.stop();
    clearTimeout(this.reportTimer);
    if (this.keyTarget) this.keyTarget.removeEventListener("keydown", this.onKey);
    this.resizeObserver.disconnect();
    (this.graphs || []).forEach((gd) => this.Plotly && this.Plotly.purge(gd));
    this.host.remove();
    STORE.delete(this.parent);
    if (window.__rvActive === this) window.__rvActive = null;
  }

  async update(data, host) {
    this.api = host;
    this.pickable = data.pickable;
    const key = `${data.key}|${data.nonce}|${data.start}`;
    if (key === this.key) return;
    const Plotly = await host.plotly(data);
    this.Plotly = Plotly;
    this.key = key;
    this.data = data;
    this.labels = data.labels;
    this.views = data.views;
    this.columns = data.columns;
    this.n = data.columns.length;
    this.values = this.views.map((v) => v.tables.map((t) => decode(t.values)));
    this.probs = this.views.map((v) => (v.prob ? decode(v.prob) : null));
    // a model of more than two classes: p(class) of every class, one overview line each
    this.classProbs = this.views.map((v) => (v.class_probs ? v.class_probs.map(decode) : null));
    this.extras = this.views.map((v) => v.tables.map((t) => (t.diagram ? decode(t.diagram.extra) : null)));
    this.build(Plotly);
    const remembered = MEMORY.get(key);
    this.reported = remembered === undefined ? data.start : null;
    this.go(remembered === undefined ? data.start : remembered, true);
  }

  // ------------------------------------------------------------------ layout
  build(Plotly) {
    this.stop();
    (this.graphs || []).forEach((gd) => Plotly.purge(gd));
    const root = el("div", "rv-root");
    root.tabIndex = -1;

    const L = this.labels;
    const bar = el("div", "rv-controls");
    this.prevButton = el("button", "rv-btn", L.prev);
    this.nextButton = el("button", "rv-btn", L.next);
    this.playButton = el("button", "rv-btn rv-play", L.play);
    this.prevButton.onclick = () => this.go(this.pos - 1);
    this.nextButton.onclick = () => this.go(this.pos + 1);
    this.playButton.onclick = () => (this.playing ? this.stop() : this.play());
    const pace = el("select", "rv-pace");
    pace.title = L.pace;
    PACES.forEach((p) => {
      const o = el("option", "", fmt(L.per_second, { n: p }));
      o.value = String(p);
      if (p === this.pace) o.selected = true;
      pace.appendChild(o);
    });
    pace.onchange = () => { this.pace = Number(pace.value); if (this.playing) this.play(); };
    this.slider = el("input", "rv-slider");
    this.slider.type = "range";
    this.slider.min = "0";
    this.slider.max = String(this.n - 1);
    this.slider.setAttribute("aria-label", L.slider);
    this.slider.oninput = () => this.go(Number(this.slider.value));
    this.stepInfo = el("span", "rv-stepinfo");
    [this.prevButton, this.nextButton, this.playButton, pace, this.slider, this.stepInfo]
      .forEach((n) => bar.appendChild(n));
    root.appendChild(bar);

    const hint = el("div", "rv-hint", L.hint);
    root.appendChild(hint);

    this.overview = el("canvas", "rv-overview");
    this.overview.title = L.overview;
    this.overview.onclick = (e) => {
      const box = this.overview.getBoundingClientRect();
      this.go(Math.floor(((e.clientX - box.left) / box.width) * this.n));
    };
    root.appendChild(this.overview);

    this.words = el("div", "rv-words");
    this.words.onclick = (e) => {
      const target = e.target.closest("[data-pos]");
      if (target) this.go(Number(target.dataset.pos));
    };
    root.appendChild(this.words);

    const figs = el("div", `rv-figs rv-figs-${this.views.length}`);
    this.graphs = this.views.map(() => {
      const gd = el("div", "rv-fig");
      figs.appendChild(gd);
      return gd;
    });
    root.appendChild(figs);

    this.panel = null;
    if (this.views.length === 1 && this.views[0].tables.length) root.appendChild(this.buildPanel());

    root.dataset.key = this.data.key;
    root.dataset.names = this.views.map((v) => v.name).join(",");
    // one stepper per page: one left over from an earlier run of the page (Streamlit can
    // keep its element while the page changes) would answer the keys too
    if (this.api.single !== false) {
      if (window.__rvActive && window.__rvActive !== this) window.__rvActive.destroy();
      window.__rvActive = this;
    }
    const keyTarget = this.api.keys === "root" ? root : document;
    if (this.keyTarget) this.keyTarget.removeEventListener("keydown", this.onKey);
    keyTarget.addEventListener("keydown", this.onKey);
    this.keyTarget = keyTarget;
    if (keyTarget === root) root.tabIndex = 0;
    this.host.replaceChildren(root);
    const loading = this.parent.querySelector(".rv-loading");
    if (loading) loading.remove();
    this.root = root;
    this.views.forEach((view, m) => this.plot(Plotly, view, m));
    this.resizeObserver.disconnect();
    this.resizeObserver.observe(figs);
    this.drawOverview();
  }

  windowSize() {
    const width = (this.graphs[0] && this.graphs[0].clientWidth) || 800;
    return Math.max(15, Math.min(80, Math.floor((width - 160) / COLUMN_PX)));
  }

  plot(Plotly, view, m) {
    const fig = view.figure;
    const data = fig.data.map((trace) => ({ ...trace, x: view.labels }));
    const layout = JSON.parse(JSON.stringify(fig.layout));
    const axes = Object.keys(layout).filter((k) => /^xaxis\d*$/.test(k));
    const words = view.words.map((w) => (w.length > 14 ? `${w.slice(0, 13)}…` : w));
    axes.forEach((a) => Object.assign(layout[a], {
      tickmode: "array", tickvals: view.labels, ticktext: words, tickangle: -60,
      tickfont: { size: 11 }, automargin: false,
    }));
    layout.autosize = true;
    delete layout.width;
    layout.shapes = []; // the highlight is drawn by placeHighlight
    const gd = this.graphs[m];
    gd.rvAxes = axes;
    // the focused window sets the x range, so Plotly's zoom and pan would fight it: the
    // toolbar keeps only the PNG download, one button clear of the titles
    layout.dragmode = false;
    Plotly.newPlot(gd, data, layout, {
      displaylogo: false, responsive: true, modeBarButtons: [["toImage"]],
      toImageButtonOptions: { format: "png", filename: `rnn_viz_${view.name || "trace"}` },
    });
    gd.on("plotly_afterplot", () => this.placeHighlight(gd, this.columns[this.pos][m]));
    gd.on("plotly_click", (event) => {
      const point = event.points && event.points[0];
      if (!point) return;
      const col = view.labels.indexOf(point.x);
      const pos = this.columns.findIndex((c) => c[m] === col);
      if (pos >= 0) this.go(pos);
      const target = view.targets[point.curveNumber];
      if (this.pickable && target && this.api && this.api.report) {
        this.api.report("picked", {
          layer: target.layer, gate: target.gate, unit: Number(point.y),
          step: view.steps[col], key: view.key,
        });
      }
    });
  }

  buildPanel() {
    const view = this.views[0];
    const panel = el("div", "rv-panel");
    this.panelTitle = el("div", "rv-panel-token");
    panel.appendChild(this.panelTitle);
    const tabs = el("div", "rv-tabs");
    this.tabButtons = view.tables.map((t, k) => {
      const b = el("button", "rv-tab", fmt(this.labels.layer_tab, { k: t.title || k + 1, name: t.layer }));
      b.onclick = () => { this.layer = k; this.unit = Math.min(this.unit, t.units - 1); this.renderPanelFrame(); this.renderPanel(); };
      tabs.appendChild(b);
      return b;
    });
    panel.appendChild(tabs);
    const unitRow = el("label", "rv-unit", `${this.labels.unit_for} `);
    this.unitInput = el("input", "rv-unit-input");
    this.unitInput.type = "number";
    this.unitInput.min = "0";
    this.unitInput.value = "0";
    this.unitInput.oninput = () => {
      const t = view.tables[this.layer];
      const u = Number(this.unitInput.value);
      if (Number.isInteger(u) && u >= 0 && u < t.units) { this.unit = u; this.renderPanel(); }
    };
    unitRow.appendChild(this.unitInput);
    panel.appendChild(unitRow);
    // the equations across the panel, then the cell diagram beside the table
    this.equations = el("div", "rv-equations");
    this.caption = el("div", "rv-caption");
    panel.append(this.equations, this.caption);
    const body = el("div", "rv-panel-body");
    const main = el("div", "rv-panel-main");
    this.table = el("table", "rv-table");
    main.appendChild(this.table);
    // the cell diagram (rnn_viz.diagram), redrawn with this step's numbers
    this.diagramBox = el("figure", "rv-diagram");
    this.diagramSvg = el("div", "rv-diagram-svg");
    this.diagramCaption = el("figcaption", "rv-caption");
    this.diagramBox.append(this.diagramSvg, this.diagramCaption);
    body.append(this.diagramBox, main); // the diagram first: above the table when narrow
    panel.appendChild(body);
    this.panel = panel;
    this.renderPanelFrame();
    return panel;
  }

  renderPanelFrame() {
    const t = this.views[0].tables[this.layer];
    this.tabButtons.forEach((b, k) => b.classList.toggle("rv-tab-on", k === this.layer));
    this.unitInput.max = String(t.units - 1);
    this.unitInput.value = String(this.unit);
    this.caption.textContent = `${t.caption} ${this.labels.one_row}`;
    this.diagramBox.hidden = !t.diagram;
    this.diagramSvg.innerHTML = t.diagram ? t.diagram.svg : ""; // our own template: no user text
    this.diagramNodes = [...this.diagramSvg.querySelectorAll("[data-q]")];
    this.table.replaceChildren();
    const head = el("tr");
    [this.labels.unit, ...t.headers].forEach((h) => {
      const th = el("th");
      th.appendChild(el("span", "rv-th", h)); // wraps at a number's width
      head.appendChild(th);
    });
    const thead = el("thead");
    thead.appendChild(head);
    this.table.appendChild(thead);
    const body = el("tbody");
    this.cells = [];
    for (let u = 0; u < t.units; u += 1) {
      const row = el("tr");
      row.appendChild(el("td", "rv-unit-cell", String(u)));
      this.cells.push(t.names.map((name) => {
        const td = el("td");
        td.dataset.col = name;
        row.appendChild(td);
        return td;
      }));
      body.appendChild(row);
    }
    this.table.appendChild(body);
  }

  renderPanel() {
    const view = this.views[0];
    const col = this.columns[this.pos][0];
    const t = view.tables[this.layer];
    const values = this.values[0][this.layer];
    const shown = view.steps.length;
    const at = (j, u) => values[(j * shown + col) * t.units + u];
    this.panelTitle.textContent = fmt(this.labels.panel_title, { place: view.places[col], word: view.words[col] });
    for (let u = 0; u < t.units; u += 1) {
      t.names.forEach((name, j) => { this.cells[u][j].textContent = fixed(at(j, u), 4); });
    }
    const number = (name) => at(t.names.indexOf(name), this.unit);
    if (t.diagram) this.renderDiagram(t, at, col);
    this.equations.replaceChildren(...t.equations.map((parts) => el("div", "rv-eq", parts.map((p) => {
      if (typeof p === "string") return p;
      if (p.col !== undefined) return eqNumber(number(p.col));
      return eqNumber(1 - number(p.one_minus));
    }).join(""))));
  }

  // The diagram's numbers and colours, as rnn_viz.diagram.cell_diagram draws them.
  renderDiagram(t, at, col) {
    const view = this.views[0];
    const d = t.diagram;
    const extra = this.extras[0][this.layer];
    const shown = view.steps.length;
    const raw = (name) => {
      const j = t.names.indexOf(name);
      if (j >= 0) return at(j, this.unit);
      return extra[(d.extra_names.indexOf(name) * shown + col) * t.units + this.unit];
    };
    this.diagramNodes.forEach((node) => {
      const q = node.dataset.q;
      const v = q.startsWith("1-") ? 1 - raw(q.slice(2)) : raw(q);
      if (node.tagName === "tspan") { node.textContent = fixed(v, d.decimals); return; }
      const fill = scaleColour(d, node.dataset.scale, v);
      const paint = node.dataset.paint;
      node.setAttribute(paint === "stroke" ? "stroke" : "fill", paint === "ink" ? inkFor(fill) : fill);
    });
    const word = view.words[col];
    const input = this.diagramSvg.querySelector("[data-input]");
    if (input) input.textContent = d.input.replace("{word}", word.length > 16 ? `${word.slice(0, 15)}…` : word);
    const unit = this.diagramSvg.querySelector("[data-unit]");
    if (unit) unit.textContent = d.unit.replace("{unit}", String(this.unit));
    this.diagramCaption.textContent = d.caption.replace("{unit}", String(this.unit));
  }

  // ------------------------------------------------------------------ stepping
  go(pos, force = false) {
    const next = Math.max(0, Math.min(this.n - 1, Math.round(pos)));
    if (next === this.pos && !force) return;
    this.pos = next;
    MEMORY.set(this.key, next);
    this.slider.value = String(next);
    this.moveFigures(force);
    this.renderWords();
    this.drawOverview();
    if (this.panel) this.renderPanel();
    const first = this.views[0];
    const col = this.columns[next][0];
    this.stepInfo.textContent = col >= 0 ? fmt(this.labels.info, { place: first.places[col], word: first.words[col] }) : "";
    this.scheduleReport();
  }

  moveFigures(force) {
    const size = this.windowSize();
    let [lo, hi] = this.window;
    const margin = Math.max(2, Math.floor(size / 8));
    const outside = this.pos < lo + margin || this.pos > hi - margin;
    if (force || outside || hi - lo + 1 !== size) {
      // page so that the step sits a quarter into the window in the reading direction
      lo = this.pos > hi - margin && !force ? this.pos - Math.floor(size / 4)
        : this.pos - Math.floor((3 * size) / 4);
      if (force) lo = this.pos - Math.floor(size / 2);
      lo = Math.max(0, Math.min(lo, this.n - size));
      hi = Math.min(this.n - 1, lo + size - 1);
      this.window = [lo, hi];
      this.windowMoved = true;
    } else {
      this.windowMoved = false;
    }
    this.views.forEach((view, m) => {
      const gd = this.graphs[m];
      const col = this.columns[this.pos][m];
      if (this.windowMoved && gd._fullLayout) {
        const cols = this.columns.slice(this.window[0], this.window[1] + 1).map((c) => c[m]).filter((c) => c >= 0);
        const a = cols.length ? cols[0] : 0;
        const b = cols.length ? cols[cols.length - 1] : 1;
        const update = {};
        gd.rvAxes.forEach((axis) => { update[`${axis}.range`] = [a - 0.5, b + 0.5]; });
        this.Plotly.relayout(gd, update);
      }
      gd.dataset.column = String(col);
      gd.dataset.pos = String(this.pos);
      this.placeHighlight(gd, col);
    });
  }

  // The highlight is one box per subplot row over the figure, not a Plotly shape: moving
  // a shape makes Plotly redraw every subplot (~200 ms for 13 of them), moving boxes costs
  // nothing. A box per row (not one over the whole figure) leaves the subplot titles
  // between the rows readable.
  placeHighlight(gd, col) {
    const full = gd._fullLayout;
    const xa = full && full.xaxis;
    const rows = full ? Object.keys(full).filter((k) => /^yaxis\d*$/.test(k)).map((k) => full[k])
      .filter((ya) => ya && ya._length > 0) : [];
    let boxes = [...gd.querySelectorAll(":scope > .rv-highlight")];
    while (boxes.length < Math.max(1, rows.length)) {
      const box = el("div", "rv-highlight");
      gd.appendChild(box);
      boxes.push(box);
    }
    boxes.slice(Math.max(1, rows.length)).forEach((box) => box.remove());
    boxes = boxes.slice(0, Math.max(1, rows.length));
    const hide = () => boxes.forEach((box) => { box.style.display = "none"; box.dataset.column = "-1"; });
    if (!xa || col < 0 || !xa.range || !rows.length) { hide(); return; }
    const [r0, r1] = xa.range;
    const px = (v) => xa._offset + ((v - r0) / (r1 - r0)) * xa._length;
    const left = Math.max(px(col - 0.5), xa._offset);
    const right = Math.min(px(col + 0.5), xa._offset + xa._length);
    if (right <= left) { hide(); return; }
    rows.forEach((ya, r) => {
      const box = boxes[r];
      box.style.display = "block";
      box.style.left = `${left}px`;
      box.style.width = `${right - left}px`;
      box.style.top = `${ya._offset}px`;
      box.style.height = `${ya._length}px`;
      box.dataset.column = String(col);
    });
  }

  renderWords() {
    const view = this.views[0];
    const [lo, hi] = this.window;
    const from = Math.max(0, Math.min(lo, this.pos - 30));
    const to = Math.min(this.n - 1, Math.max(hi, this.pos + 30));
    const nodes = [];
    if (from > 0) nodes.push(el("span", "rv-more", "… "));
    for (let p = from; p <= to; p += 1) {
      const cols = this.columns[p];
      const m = cols.findIndex((c) => c >= 0);
      const v = this.views[m] || view;
      const col = cols[m];
      const span = el("span", "rv-tok", v.words[col]);
      span.dataset.pos = String(p);
      span.title = v.places[col];
      if (v.pad[col]) span.classList.add("rv-pad");
      if (v.oov[col]) span.classList.add("rv-oov");
      if (p >= lo && p <= hi) span.classList.add("rv-inwindow");
      if (p === this.pos) span.classList.add("rv-current");
      nodes.push(span, document.createTextNode(" "));
    }
    if (to < this.n - 1) nodes.push(el("span", "rv-more", " …"));
    this.words.replaceChildren(...nodes);
  }

  drawOverview() {
    const canvas = this.overview;
    const width = canvas.clientWidth || 800;
    const height = 36;
    const ratio = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const ctx = canvas.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const x = (p) => ((p + 0.5) / this.n) * width;
    const y = (v) => 4 + (1 - v) * (height - 8);
    ctx.fillStyle = "rgba(255, 193, 7, 0.25)";
    ctx.fillRect(x(this.window[0] - 0.5), 0, x(this.window[1] + 0.5) - x(this.window[0] - 0.5), height);
    ctx.strokeStyle = "#bbb";
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(0, y(0.5));
    ctx.lineTo(width, y(0.5));
    ctx.stroke();
    ctx.setLineDash([]);
    const colours = ["#333", "#d62728"];
    const classColours = ["#d62728", "#ff7f0e", "#2ca02c", "#1f77b4", "#9467bd", "#8c564b", "#e377c2"];
    const line = (prob, m, colour, width) => {
      ctx.strokeStyle = colour;
      ctx.lineWidth = width;
      ctx.beginPath();
      let started = false;
      this.columns.forEach((cols, p) => {
        if (cols[m] < 0) return;
        const px = x(p);
        const py = y(prob[cols[m]]);
        if (started) ctx.lineTo(px, py); else { ctx.moveTo(px, py); started = true; }
      });
      ctx.stroke();
    };
    this.probs.forEach((prob, m) => {
      if (!prob) return;
      const classes = this.classProbs[m];
      if (classes) {
        const top = this.views[m].predicted;
        classes.forEach((p, k) => line(p, m, classColours[k % classColours.length], k === top ? 2.5 : 1));
        return;
      }
      line(prob, m, colours[m % colours.length], 1.5);
    });
    ctx.strokeStyle = "#ff8f00";
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x(this.pos), 0);
    ctx.lineTo(x(this.pos), height);
    ctx.stroke();
  }

  resized() {
    if (!this.graphs || !this.root || !this.root.isConnected) return;
    const size = this.windowSize();
    if (size !== this.window[1] - this.window[0] + 1) this.moveFigures(true);
    this.drawOverview();
  }

  play() {
    this.stop();
    if (this.pos >= this.n - 1) this.go(0);
    this.playing = true;
    this.playButton.textContent = this.labels.pause;
    const period = 1000 / this.pace;
    const start = performance.now();
    const from = this.pos;
    const tick = () => {
      if (!this.playing) return;
      const k = Math.floor((performance.now() - start) / period);
      this.go(from + k);
      if (this.pos >= this.n - 1) { this.stop(); return; }
      this.timer = setTimeout(tick, start + (k + 1) * period - performance.now());
    };
    this.timer = setTimeout(tick, period);
  }

  stop() {
    const was = this.playing;
    this.playing = false;
    clearTimeout(this.timer);
    if (this.playButton) this.playButton.textContent = this.labels.play;
    if (was) this.scheduleReport();
  }

  key_(event) {
    if (!this.root || !this.root.isConnected) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
    const target = event.target;
    const typing = target && (target.isContentEditable || target.tagName === "TEXTAREA"
      || target.tagName === "SELECT" || (target.tagName === "INPUT" && target.type !== "range"));
    if (typing) return;
    if (target && target.getAttribute && target.getAttribute("role") === "slider") return;
    event.preventDefault();
    if (this.keyTarget === this.root) event.stopPropagation(); // a notebook's own keys
    this.go(this.pos + (event.key === "ArrowRight" ? 1 : -1));
  }

  // The server learns the step once the reader pauses (not on every step, not in Play).
  scheduleReport() {
    clearTimeout(this.reportTimer);
    if (this.playing || this.data.report === false) return; // Compare: the server needs no step
    this.reportTimer = setTimeout(() => {
      if (this.playing || !this.api || !this.api.report || this.pos === this.reported) return;
      this.reported = this.pos;
      const cols = this.columns[this.pos];
      this.api.report("position", {
        key: this.data.key, pos: this.pos,
        steps: cols.map((c, m) => (c >= 0 ? this.views[m].steps[c] : null)),
      });
    }, REPORT_MS);
  }
}

// Mount (or update) the stepper in `parent` on `data`; `host` as described at the top.
// Returns the stepper's cleanup: it ends the stepper unless a later mount took over.
async function mountStepper(parent, data, host) {
  let stepper = STORE.get(parent);
  if (!stepper) {
    stepper = new Stepper(parent);
    STORE.set(parent, stepper);
  }
  // a host may mount again with newer data before an earlier mount's cleanup runs:
  // only the latest mount's cleanup (on unmount) may end the stepper
  stepper.generation = (stepper.generation || 0) + 1;
  const generation = stepper.generation;
  try {
    await stepper.update(data, host);
  } catch (err) {
    console.error(err);
    const failed = data.labels ? data.labels.failed : "{why}";
    stepper.host.replaceChildren(el("div", "rv-error", fmt(failed, { why: err.message })));
  }
  return () => { if (stepper.generation === generation) stepper.destroy(); };
}
