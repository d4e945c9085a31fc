"""English catalogue: dotted key -> text (``str.format`` placeholders allowed).

``ko.py`` holds the same keys with the same placeholders (``tests/test_i18n.py``).
"""

TEXT: dict[str, str] = {
    # ------------------------------------------------------------------ Home (app.py)
    "home.page_title": "rnn-viz: inside an LSTM and a GRU",
    "home.title": "rnn-viz: what an LSTM or a GRU computes, word by word",
    "home.intro": (
        "Small recurrent networks trained on IMDB movie reviews read a review one word at a "
        "time and end with p(positive). This app opens them up: for any review it shows every "
        "gate and state of every layer at every word, and how the verdict moves as the words "
        "come in.\n\n"
        "- **Gate explorer**: pick a model and a review, step through it token by token.\n"
        "- **Train**: train your own model on the dataset and watch the curves.\n"
        "- **Compare**: an LSTM against a GRU, curves, sizes, and the same review side by side.\n"
        "- **Saturation**: across the test set, how often each gate unit is nearly shut or "
        "nearly open, and how that changed while the model trained.\n"
        "- **Units**: where one unit fires in the test set, and the words that move it most.\n"
        "- **What if**: change one word and see what changes in every gate.\n"
        "- **Memory**: which earlier words still move the verdict (RNN, LSTM, GRU side by "
        "side).\n"
        "- **Diagnostics**: where the models fail (metrics, disagreements), the hidden-state "
        "space, sentiment units, and the smallest edit that flips a prediction.\n"
        "- **Glossary**: the terms of this app in English and Korean."
    ),
    "home.read_heading": "How to read the heatmaps",
    "home.read_body": (
        "Each heatmap has one **row per unit** and one **column per token**; the highlighted "
        "column is the current token. The colours keep one meaning everywhere:\n"
        "- **gates** (σ, 0..1, Viridis): dark = closed (0), yellow = open (1);\n"
        "- **tanh quantities** (candidates, h; −1..1): blue negative, white 0, red positive;\n"
        "- the **LSTM cell state c** is not bounded: it has its own symmetric scale ±max|c| "
        "(brown negative, green positive).\n\n"
        "The line on top is p(positive) *had the review ended at that token*; its last value "
        "is the model's prediction. Padding (the model reads every review as 500 steps, "
        "padding in front) is hidden; the first column, *state in*, is the state the first "
        "real word meets."
    ),
    "home.lstm_heading": "LSTM (Keras gate order i, f, c̃, o)",
    "home.gru_heading": "GRU (Keras gate order z, r, h̃)",
    "home.eq.input_gate": "input gate",
    "home.eq.forget_gate": "forget gate",
    "home.eq.output_gate": "output gate",
    "home.eq.update_gate": "update gate",
    "home.eq.reset_gate": "reset gate",
    "home.eq.candidate": "candidate",
    "home.eq.kept_written": "kept + written",
    "home.eq.hidden_state": "hidden state",
    "home.gru_caption": (
        "Keras' GRU (reset_after=True, its default) keeps the old state where z is near 1 and "
        "writes the candidate where z is near 0: the opposite of the convention of some "
        "textbooks."
    ),
    "home.start_heading": "Start exploring",
    "home.no_models": (
        "No models are available yet: the shipped models in assets/models are missing. Train "
        "one on the Train page, or upload a .keras file in the Gate explorer."
    ),
    "home.example": "Example review",
    "home.open": "Open it in the Gate explorer ▶",
    "home.models_here": "Models on this machine: {names}.",
    "home.none_yet": "none yet",
    "home.switch_hint": (
        "Language: the English / 한국어 switch in the sidebar, below the pages, or add "
        "?lang=ko / ?lang=en to the address."
    ),
    # ------------------------------------------------------------------ Glossary
    "glossary.page_title": "Glossary · rnn-viz",
    "glossary.title": "Glossary: the terms in English and Korean",
    "glossary.intro": (
        "The Korean pages use the terms Korean machine-learning courses use, with the "
        "English symbol kept beside each one, so the equations read the same in both "
        "languages."
    ),
    "glossary.col.en": "English",
    "glossary.col.ko": "Korean",
    "glossary.col.symbol": "Symbol",
    "glossary.col.meaning": "Meaning",
    "glossary.hidden_state": "What the layer passes on, to the next step and the next layer.",
    "glossary.cell_state": (
        "The LSTM's long-term memory: kept by the forget gate, written through the input gate."
    ),
    "glossary.forget_gate": "How much of the old cell state is kept (1: all of it).",
    "glossary.input_gate": "How much of the candidate is written into the cell state.",
    "glossary.output_gate": "How much of tanh(c) is shown as the hidden state.",
    "glossary.reset_gate": "How much of the old state the GRU's candidate may look at.",
    "glossary.update_gate": (
        "In Keras' GRU, how much of the old state is kept; 1 − z is how much of the "
        "candidate is written."
    ),
    "glossary.candidate": "The new content proposed at this step (a tanh layer).",
    "glossary.sigmoid": "Squashes to 0..1; every gate is a sigmoid layer.",
    "glossary.tanh": "Squashes to −1..1; candidates and the LSTM's output use it.",
    "glossary.embedding": "The vector each word of the vocabulary is turned into.",
    "glossary.time_step": "One word of the review; t counts them.",
    "glossary.unit": "One of the layer's numbers (one row of a heatmap).",
    "glossary.oov": "A word the vocabulary does not hold; the model reads it as [UNK].",
    "glossary.padding": "Filler in front of a short review so every input is 500 steps long.",
    "glossary.saturation": "A gate stuck near 0 or near 1 across many reviews.",
    "glossary.readout": "The model's probability that the review is positive.",
    "glossary.layer": (
        "One recurrent layer of a stacked model, counted from the embedding up: layer 1 "
        "reads the words, layer 2 reads layer 1's h."
    ),
    "glossary.masking": (
        "Telling a layer to skip some steps (Keras' mask_zero=True skips the padding)."
    ),
    "glossary.gradient": (
        "How much one number moves when another moves a little; here, the readout with "
        "respect to a word's vector."
    ),
    "glossary.integrated_gradients": (
        "Each word's share of the readout, summed along a path from an all-padding review."
    ),
    "glossary.trace": "Every gate and state of every layer, recorded word by word.",
    "glossary.training": "Fitting the model's weights to the labelled reviews, epoch by epoch.",
    "glossary.edit": "A change to the review: one word replaced, deleted or inserted.",
    # -------------------------------------------------------------- shared widgets (rnn_viz/app)
    "ui.no_models": (
        "No models are available yet: the shipped models (assets/models) are not there, you "
        "have not trained one, nor uploaded one. Train one on the **Train** page or upload "
        "a .keras file."
    ),
    "ui.broken": "{label} · broken",
    "ui.cannot_open": "{label} cannot be opened: {why}",
    "ui.review": "Review",
    "ui.source.example": "Example review",
    "ui.source.test": "Test-set review",
    "ui.source.own": "Your own text",
    "ui.example": "Example",
    "ui.look_for": "**What to look for:** {note}",
    "ui.your_review": "Your review",
    "ui.too_long": "That is {n:,} characters; the model reads only the last 500 words.",
    "ui.korean_input": (
        "This model reads English only: its vocabulary is English IMDB words, so every word "
        "of Korean text is out of vocabulary ([UNK]) and the trace would show nothing but "
        "unknown words. Type the review in English."
    ),
    "ui.label": "Label",
    "ui.any": "any",
    "ui.positive": "positive",
    "ui.negative": "negative",
    "ui.right": "right",
    "ui.wrong": "wrong",
    "ui.prediction": "Model's prediction",
    "ui.predicted_class": "Predicted class",
    "ui.class": "Class",
    "ui.predicted": "predicted",
    "ui.class_help": (
        "The class the analysis reads toward: its probability is the one explained. It starts "
        "on the class the model predicts."
    ),
    "ui.no_readout_help": (
        "This model gives no p(positive), so its predictions cannot be right or wrong."
    ),
    "ui.length": "Length (words, counted up to {maxlen})",
    "ui.no_match": "No test review matches these filters.",
    "ui.match": "Match (1 … {n:,})",
    "dataset.imdb.caption.test": (
        "test review #{i} ({label}, {stars}/10 stars, {words} words; file {file})"
    ),
    "dataset.imdb.caption.train": (
        "training review #{i} ({label}, {stars}/10 stars, {words} words; file {file})"
    ),
    "dataset.table.caption.test": "test row {row} of {file} (label: {label}, {words} words)",
    "dataset.table.caption.train": ("training row {row} of {file} (label: {label}, {words} words)"),
    "dataset.folders.caption.test": "test file {file} (label: {label}, {words} words)",
    "dataset.folders.caption.train": "training file {file} (label: {label}, {words} words)",
    "dataset.label.negative": "negative",
    "dataset.label.positive": "positive",
    "dataset.label.stars_1_2": "1–2 stars",
    "dataset.label.stars_3_4": "3–4 stars",
    "dataset.label.stars_7_8": "7–8 stars",
    "dataset.label.stars_9_10": "9–10 stars",
    "ui.no_dataset": (
        "**The IMDB dataset is not on this machine**, so test-set reviews and the corpus "
        "analyses are not available. Download `aclImdb_v1.tar.gz` from "
        "https://ai.stanford.edu/~amaas/data/sentiment/ and start the app with "
        "`RNN_VIZ_DATA=/path/to/aclImdb_v1.tar.gz` (or a folder holding `aclImdb/`), or train "
        "once on the **Train** page, which offers the download. The single-review views (Gate "
        "explorer, token attribution, What-if) work without it."
    ),
    "ui.dataset_unusable": (
        "**The dataset is on this machine but cannot be used**, so test-set reviews and "
        "the corpus analyses are not available. {why} The single-review views (Gate explorer, "
        "token attribution, What-if) work without it."
    ),
    "ui.or": "{first} or {last}",
    "ui.model_dataset": "Model {label}: {why}",
    # ------------------------------------------------------------------ errors by class
    "error.with_detail": "{sentence} ({detail})",
    "error.RnnVizError": "Something could not be done.",
    "error.ModelError": "This model cannot be used.",
    "error.UploadError": "The uploaded model cannot be used.",
    "error.DatasetError": "The dataset cannot be used.",
    "error.DatasetError.named": "The {dataset} dataset cannot be used.",
    "error.DatasetNotFoundError": "The dataset is not on this machine.",
    "error.DatasetNotFoundError.named": "The {dataset} dataset is not on this machine.",
    "error.DatasetUnreadableError": "The dataset is there but cannot be read.",
    "error.DatasetUnreadableError.named": "The {dataset} dataset is there but cannot be read.",
    "error.DatasetFormatError": "Your dataset cannot be read whole.",
    "error.DatasetColumnError": "The table's columns do not fit.",
    "error.DatasetLabelError": "The labels cannot make a classifier.",
    "error.DatasetTooLargeError": "The dataset is over the upload limits.",
    "error.DatasetMismatchError": (
        "The dataset this model was trained on is not on this machine, or has changed."
    ),
    "error.UnknownDatasetKindError": (
        "This model was trained on a kind of dataset rnn-viz cannot read."
    ),
    "error.TraceError": "This review cannot be traced.",
    "error.TokenizerError": "This tokenizer cannot be used here.",
    "error.VectorizationError": "rnn-viz cannot follow this model's TextVectorization layer.",
    "error.VectorizerMismatchError": (
        "The model's TextVectorization read this text otherwise than its words are shown."
    ),
    "error.NoReadableWordError": (
        "The text has no words the model can read (it is empty, or only punctuation, "
        "symbols or emoji)."
    ),
    "error.CapabilityError": "This model cannot run this analysis.",
    "error.WriteError": "The file could not be written; nothing was changed.",
    "error.EditError": "This edit cannot be made.",
    "error.DiagnosticsError": "These diagnostics cannot be computed.",
    "error.MemoryAnalysisError": "This memory analysis cannot be computed.",
    "error.NoEpochsError": "This model kept no weights from its training epochs.",
    "error.SaturationError": "Gate saturation cannot be computed.",
    "error.DiagramError": "The cell diagram cannot be drawn.",
    "error.ReadoutError": "The model's p(positive) cannot be read.",
    "error.ParameterCountError": "The parameter count does not match the layer.",
    # ------------------------------------------------------------------ Diagnostics
    "dg.page_title": "Diagnostics · rnn-viz",
    "dg.title": "Where and why the models fail",
    "dg.show": "Show",
    "dg.section.Metrics": "Metrics",
    "dg.section.Disagreements": "Disagreements",
    "dg.section.State space": "State space",
    "dg.section.Sentiment units": "Sentiment units",
    "dg.section.Flips": "Flips",
    "dg.model_a": "Model A",
    "dg.model_b": "Model B",
    "dg.no_readout": "{k}: {label} has no test metrics, disagreements or flips: {why}",
    "dg.col.model": "model",
    "dg.col.accuracy": "accuracy",
    "dg.col.ROC AUC": "ROC AUC",
    "dg.col.average precision": "average precision",
    "dg.col.Brier score": "Brier score",
    "dg.multiclass": (
        "{label} has {k} classes: a review counts as right when its most probable class is "
        "its label. The ROC and precision-recall curves, the calibration and the Brier score "
        "are of two classes, so they are not drawn; the table gives each class' precision, "
        "recall, F1, support and one-vs-rest ROC AUC instead."
    ),
    "dg.class_table": "{label}: each class",
    "dg.avg.macro": "macro average",
    "dg.avg.micro": "micro average",
    "dg.avg.weighted": "weighted average",
    "dg.metrics_caption": (
        "Over all {n:,} test reviews, threshold 0.5 (scikit-learn). Calibration: 10 "
        "equal-width bins of p(positive), the line at 45° is perfect calibration; Brier "
        "score = mean (p − label)², lower is better. Review length counts the words the "
        "tokenizer splits the text into (what the model reads before padding or cutting), "
        "so reviews longer than the model reads (it keeps the last {maxlen}) have their own "
        "bucket."
    ),
    "dg.col.reviews": "reviews",
    "dg.col.words": "words",
    "dg.only_right": "Only {k} ({name}) right",
    "dg.both_wrong": "Both wrong",
    "dg.both_right": "Both right",
    "dg.reviews": "Reviews",
    "dg.kind.a right, b wrong": "A ({a}) right, B ({b}) wrong",
    "dg.kind.b right, a wrong": "B ({b}) right, A ({a}) wrong",
    "dg.kind.both wrong": "both wrong",
    "dg.kind.both right": "both right",
    "dg.words": "Words (tokenized)",
    "dg.rows_caption": (
        "{n:,} reviews; the largest difference between the models first (the first 200 "
        "are listed). Select a row to open it."
    ),
    "dg.col.review": "review",
    "dg.col.beginning": "beginning",
    "dg.open_explorer": "Open #{review} in the Gate explorer with {k}",
    "dg.open_compare": "Open #{review} in Compare (A and B)",
    "dg.colour_by": "Colour by",
    "dg.colour.label": "label",
    "dg.colour.prediction": "prediction",
    "dg.cannot_trace": "Cannot trace this text: {why}",
    "dg.word": "Word",
    "dg.word_help": "The current word, marked on both paths.",
    "dg.space_title": "{k}: {name}, last layer's h_T",
    "dg.space_title_layer": "{k}: {name}, h_T of layer {layer}",
    "dg.explained": "explained variance",
    "dg.pca_caption": (
        "PCA (scikit-learn) fitted on the final h_T of {n:,} test reviews (a fixed "
        "random sample, seed 0)."
    ),
    "dg.path_caption": (
        "The path: {desc}, one point per word (h after each word), the current word "
        "starred, the final state squared."
    ),
    "dg.best_units": (
        "**{k}: {name}**: which single unit is best depends on the sample. Over {n:,} "
        "reviews, with the 95% interval of its ROC AUC and how often it is the best over "
        "{resamples} bootstrap resamples of them: {units}."
    ),
    "dg.best_unit_part": (
        "layer {layer} {state}[{unit}] {auc:.3f} [{low:.3f}–{high:.3f}], {direction}, best "
        "in {share:.0%}"
    ),
    "dg.col.layer": "layer",
    "dg.col.state": "state",
    "dg.col.units": "units",
    "dg.col.probe": "probe accuracy",
    "dg.col.std": "± (std over folds)",
    "dg.col.folds": "folds",
    "dg.open_unit": "Open layer {layer} {state}[{unit}] in unit search",
    "dg.open_example": "Show review #{review} (its most telling) in the explorer",
    "dg.units_caption": (
        "Per unit: ROC AUC (scikit-learn) of its value after the last word against the "
        "label (0.5 = chance; near 0 or 1 = a sentiment unit). Per layer: a logistic "
        "regression on all its units, stratified cross-validation. Select a row to "
        "choose what the buttons open."
    ),
    "dg.model": "Model",
    "dg.no_flips": "{label} has no flips: {why}",
    "dg.type_review": "Type or choose a review to search its edits.",
    "dg.top_words": "Replacement words (the vocabulary's most frequent)",
    "dg.best_edit": "Best edit",
    "dg.flipping": "Edits listed that flip it to {target}",
    "dg.no_word": "The review has no word to edit.",
    "dg.open_whatif": "Open “{edit}” in What-if",
    "dg.flips_caption": (
        "Review: {desc}. Every deletion ({deletions}) and {replacements} replacements "
        "were run through the model; the replacements were chosen among {scored:,} (each "
        "word × the {top:,} most frequent words) by a gradient estimate. Searched in "
        "{seconds:.1f} s. Select a row to choose the edit the button opens."
    ),
    # ------------------------------------------------------------------ more shared widgets
    "ui.limit": "Test reviews analysed (a fixed random sample)",
    "ui.limit_help": (
        "More reviews: steadier numbers, longer first run. Results are cached on disk per model."
    ),
    "progress.saturation": "Gate saturation: reviews",
    "progress.saturation_epochs": "Saturation per epoch: epochs",
    "progress.unit_search": "Unit search: reviews",
    "progress.words_per_unit": "Words per unit: reviews",
    "progress.final_states": "Final states: reviews",
    "ui.figure_html": "Figure as HTML",
    "ui.figure_png_help": "For a PNG, use the camera icon of the chart's toolbar.",
    "ui.trace_npz": "Trace as .npz",
    "ui.trace_csv": "Trace as CSV",
    # ------------------------------------------------------------------ What-if
    "wi.page_title": "What-if · rnn-viz",
    "wi.title": "What if the review said something else?",
    "wi.show_pad": "Show padding steps",
    "wi.type_review": "Type or choose a review to edit it.",
    "wi.edit": "Edit",
    "wi.mode.One word": "One word",
    "wi.mode.Free edit": "Free edit",
    "wi.operation": "Operation",
    "wi.word": "Word",
    "wi.insert_before": "Insert before",
    "wi.at_end": "{k} · (at the end)",
    "wi.new_word": "New word",
    "wi.cannot_edit": "Cannot make this edit: {why}",
    "wi.edited": "Edited review (B)",
    "wi.changed_steps": "Steps whose word differs",
    "wi.largest_change": "largest state change {v:.3f}",
    "wi.flips": "The edit **flips** the verdict.",
    "wi.p_class": "{k}: p({label})",
    "wi.moved": "The prediction moved from {a} ({pa:.2f}) to {b} ({pb:.2f}).",
    "wi.stayed": "The prediction stays {a} ({pa:.2f} → {pb:.2f}).",
    "wi.align": (
        "Both reviews are padded in front, so the steps line up from the end: the words "
        "after an edit line up exactly; before an insertion or deletion they are one step "
        "apart."
    ),
    "wi.diff_heading": "Difference B − A, step by step",
    "wi.traces_heading": "The two traces",
    "wi.downloads": "Downloads",
    "wi.diff_csv": "Difference as CSV",
    "wi.footer": "Model: {label} · review A: {desc}.",
    "wi.op.replace": "replace",
    "wi.op.delete": "delete",
    "wi.op.insert": "insert",
    # ------------------------------------------------------------------ Compare
    "cmp.page_title": "Compare · rnn-viz",
    "cmp.title": "Compare two models",
    "cmp.training": "Training",
    "cmp.per_epoch": "per epoch",
    "cmp.per_second": "per second of training",
    "cmp.curves_caption": "Solid: training; dashed: validation (25% of the training reviews).",
    "cmp.metrics": "Test metrics and speed",
    "cmp.parameters": "Parameters per layer",
    "cmp.parameters_caption": (
        "A recurrent layer has one block of weights per gate: (inputs·units + units·units + "
        "bias) × gates. A GRU with reset_after=True (Keras' default) has two biases per "
        "gate, 2·units. The sums match model.summary()."
    ),
    "cmp.same_review": "The same review, side by side",
    "cmp.type_review": "Type or choose a review to trace it.",
    "cmp.test_accuracy": "{name}: test accuracy",
    "cmp.review_caption": (
        "Review: {desc}. The cell state c uses the same scale ±{c_max:.2f} in both figures; "
        "gates 0..1 and tanh quantities −1..1 everywhere."
    ),
    "cmp.lengths_differ": (
        "The models read different lengths: where one has not read a word, its highlight "
        "disappears."
    ),
    # ------------------------------------------------------------------ Gate explorer
    "ex.page_title": "Gate explorer · rnn-viz",
    "ex.title": "Gate explorer",
    "ex.pad_help": (
        "The model reads 500 steps, padding in front. Hidden, the first column is the state "
        "that enters the first real word."
    ),
    "ex.attr": "Token attribution",
    "ex.attr_help": (
        "Integrated gradients from an all-padding review: how much each word moved "
        "p(positive). A colour strip under the readout."
    ),
    "ex.pick": "Pick a unit by clicking",
    "ex.pick_help": (
        "Click a cell of any gate heatmap to search where that unit is on across the test "
        "set (Units page)."
    ),
    "ex.hears": "What the model still hears",
    "ex.hears_help": (
        "Under the stepper, for the step you paused on: ‖∂p_t/∂e_s‖, how much the opinion "
        "there still moves with each earlier word (the Memory page shows every step, and "
        "other models beside it)."
    ),
    "ex.prediction": "Prediction p(positive)",
    "ex.prediction_class": "Predicted class",
    "ex.words_read": "Words read",
    "ex.unknown": "{n} unknown",
    "ex.parity": (
        "Max |captured h_t − stock Keras layer output| over every step and layer (and |last "
        "readout − model.predict|): the traced numbers are the model's own, to float32 "
        "rounding."
    ),
    "ex.parity_help": (
        "Over all 25,000 test reviews the shipped models stay within 2e-5 (measured at most "
        "1.2e-5 for lstm, 4.6e-6 for lstm2, 5.9e-6 for gru2; a typical review 3e-7 to 6e-7; "
        "`python benchmarks/parity_bound.py` measures it). That is float32 rounding in "
        "another order: the trace runs as one XLA-compiled graph, the stock layer "
        "uncompiled, and both are about equally far from a float64 replay."
    ),
    "ex.attr_caption": (
        "Token attribution (integrated gradients, {steps} path steps): the scores sum to "
        "{total:+.4f}; f(review) − f(all padding) = {f:.4f} − {f0:.4f} = {delta:+.4f}; "
        "completeness error {err:.1%}"
    ),
    "ex.attr_ok": "(within 5% ✓).",
    "ex.attr_over": "(**over 5%**: read the strip with care).",
    "ex.no_conn": "No connectivity for this model: {why}",
    "ex.hears_pause": "What the model still hears: pause the stepper on a word of the review.",
    "ex.hears_title": (
        "What the model still hears at {place} from each earlier word (log10 ‖∂p_t/∂e_s‖; "
        "pause on a word to update)"
    ),
    "ex.click_cell": "Click a cell of a gate heatmap to pick its unit.",
    "ex.search_unit": (
        "Search layer {layer} · {gate} · unit {unit} in the test set (picked at {place})"
    ),
    "ex.downloads": "Downloads ({place}: “{token}”)",
    "ex.step_csv": "The panel of {place} as CSV",
    "ex.fig_html": "The figure at {place} as HTML",
    "ex.parity_short": "the traced numbers are the model's own",
    "ex.test_acc": "Test accuracy",
    "ex.n_test": "{n:,} test reviews",
    "ex.not_measured": "not measured",
    "ex.no_history": "This model has no training history.",
    "ex.footer": "Model: {label} · review: {desc}. Gate names: ",
    # ------------------------------------------------------------------ Units
    "un.page_title": "Units · rnn-viz",
    "un.title": "What units respond to",
    "un.search_tab": "Unit search",
    "un.words_tab": "Words per unit",
    "un.search_caption": (
        "Pick one unit of a layer's gate or state and a threshold: the test-set phrases "
        "where it stays on (longest runs first), with their context, the review's label and "
        "the model's prediction."
    ),
    "un.layer": "Layer",
    "un.layer_n": "layer {n}",
    "un.gate_or_state": "Gate or state",
    "un.unit": "Unit",
    "un.threshold": "Threshold",
    "un.on_when": "On when",
    "un.above": "above",
    "un.below": "below",
    "un.runs": (
        "**{runs:,}** runs of layer {layer} · {gate} · unit {unit} {side} {threshold:.3g} in "
        "{reviews:,} reviews; the {shown} longest:"
    ),
    "un.threshold_as": "Threshold as",
    "un.threshold_as.percentile": "percentile",
    "un.threshold_as.value": "value",
    "un.threshold_as_help": (
        "Percentile: of this unit's own values over the real words of the reviews read "
        "(padding left out), so 95 finds the phrases where it is in its top 5%. Value: a "
        "fixed number; a unit that sits above it all along returns whole reviews."
    ),
    "un.percentile": "Percentile",
    "un.percentile_of": " (the unit's {p:g}th percentile over the real words read)",
    "un.picked": "Review #{review}: … {before} **{phrase}** {after} …",
    "un.never_on": "The unit is never on at this threshold: lower it (or pick “below”).",
    "un.open": "Open review #{review} at step {step} in the Gate explorer",
    "un.select_row": "Select a row to choose which review the button opens.",
    "un.matches_csv": "Matches as CSV",
    "un.words_caption": (
        "For each word: how much reading it changes each unit's state on average (state "
        "after the word − state before it), over every place it is read."
    ),
    "un.state": "State",
    "un.layer_prefix": "layer ",
    "un.hidden_suffix": " · hidden h",
    "un.cell_suffix": " · cell c",
    "un.min_count": "Read at least (times)",
    "un.sort_by": "Sort by",
    "un.frequency": "frequency",
    "un.desc": "Largest raise first",
    "un.desc_help": "Off: the words that lower the unit most come first.",
    "un.words_shown": "Words shown",
    "un.no_word": "No word is read that often in these reviews: lower the minimum count.",
    "un.reviews_with": "Reviews that read “{word}” (select another row to change the word):",
    "un.open_review": "#{review} ({label}, reads it {times}×): open in the Gate explorer",
    "un.wpu_csv": "Words per unit as CSV",
    # ------------------------------------------------------------------ Saturation
    "sat.page_title": "Saturation · rnn-viz",
    "sat.title": "Gate saturation",
    "sat.caption": (
        "Each point is one unit of one gate: x = the fraction of real steps where the gate "
        "is **right-saturated** (above the high threshold, nearly fully open), y = the "
        "fraction where it is **left-saturated** (below the low threshold, nearly shut). A "
        "unit at the origin is never saturated; one on the dotted diagonal x + y = 1 always "
        "is. Keras' GRU keeps the old state where z is near 1 (h = z·h(t−1) + (1−z)·h̃), the "
        "opposite of the paper's z: the toggle shows the paper's convention (1 − z)."
    ),
    "sat.no_gates": (
        "This model has no gates: a plain recurrent layer (SimpleRNN) rewrites its whole "
        "state at every step, h = tanh(x W + h(t−1) U + b), so no unit can saturate. The "
        "Memory page shows what that costs."
    ),
    "sat.thresholds": "Thresholds: left below, right above",
    "sat.thresholds_help": (
        "The paper uses 0.1 and 0.9. Loosen them to see which units lean towards shut or open."
    ),
    "sat.paper": "GRU z as the paper's 1 − z",
    "sat.over_test": "Saturation over the test set (left < {low:g}, right > {high:g})",
    "sat.counts": "**{label}** · {reviews:,} reviews, {steps:,} real steps",
    "sat.barely": (
        "{label} does not saturate at {low:g} / {high:g}: its most saturated unit is past a "
        "threshold on {most:.1%} of the real steps, so every point sits at or near the "
        "origin. These small models keep their gates away from 0 and 1."
    ),
    "sat.looser": (
        "At most {share:.0%} of its gate values lie below {low:g}, and at most {share:.0%} "
        "above {high:g} (the histograms below): at those thresholds you see which units lean "
        "shut or open."
    ),
    "sat.use_looser": "Use {low:g} / {high:g}",
    "sat.csv": "Saturation as CSV",
    "sat.hist_title": "Where the gate values sit",
    "sat.across": "Across training",
    "sat.across_caption": (
        "The same test reviews read by the weights kept after every epoch (models trained "
        "with keep-epochs), beside the training curves."
    ),
    "sat.per_epoch_reviews": "Test reviews per epoch (a fixed random sample)",
    "sat.no_epochs": (
        "Neither model kept its per-epoch weights (epochs/): train one on the Train page "
        "with “Keep every epoch's weights” (or `python -m rnn_viz train NAME --keep-epochs`) "
        "to see saturation across training."
    ),
    "sat.pause": "Pause",
    "sat.play": "Play",
    "sat.one_epoch": "One epoch kept (epoch {epoch}).",
    "sat.epoch": "Epoch",
    "sat.epoch_n": "epoch {epoch}",
    # ------------------------------------------------------------------ Train
    "tr.page_title": "Train · rnn-viz",
    "tr.title": "Train a model",
    "tr.source": "Dataset",
    "tr.source.imdb": "IMDB reviews",
    "tr.source.own": "Your own dataset",
    "tr.own.upload": "Upload a table or a zip of label folders",
    "tr.own.upload_help": (
        "A .csv, .tsv or .jsonl file with a text column and a label column (and optionally a "
        "'split' column of train/test), or a .zip of one folder of .txt files per label "
        "(optionally under train/ and test/); at most {mb} MB. Without a split, 20% of each "
        "class is held out for test (seeded)."
    ),
    "tr.own.path": "…or a path on the server",
    "tr.own.path_help": "A table file, or a folder or .zip of label folders, on this machine.",
    "tr.own.none": "Upload a dataset or type its path to see its classes.",
    "tr.own.text_column": "Text column",
    "tr.own.label_column": "Label column",
    "tr.own.label": "class",
    "tr.own.train": "train",
    "tr.own.test": "test",
    "tr.no_dataset": "The IMDB dataset is not on this machine, so models cannot be trained here.",
    "tr.get_it": (
        "Get it in one of these ways:\n1. download `aclImdb_v1.tar.gz` (80 MB) from <{url}> "
        "and start the app with `RNN_VIZ_DATA=/path/to/aclImdb_v1.tar.gz streamlit run "
        "app.py`;\n2. or let the app download it into the Keras cache (`~/.keras/datasets`) "
        "with the button below."
    ),
    "tr.where": "Where the app looked",
    "tr.download": "Download the dataset (80 MB)",
    "tr.downloading": "Downloading from Stanford…",
    "tr.download_failed": "The download failed: {why}",
    "tr.preset": "Preset (the reference notebook's)",
    "tr.custom": "custom",
    "tr.name": "Model name",
    "tr.name_help": (
        "Saved as a new folder in {folder} (RNN_VIZ_MODELS); shipped models are never overwritten."
    ),
    "tr.cell": "Cell",
    "tr.units": "Units per layer",
    "tr.layers": "Layers",
    "tr.bidirectional": "Bidirectional (read both ways)",
    "tr.bidirectional_help": (
        "Each recurrent layer also reads the text backwards (Keras Bidirectional)."
    ),
    "tr.merge_mode": "Merge of the two directions",
    "tr.merge_mode_help": "How a bidirectional layer joins its forward and backward outputs.",
    "tr.dropout": "Dropout",
    "tr.tokenizer": "Tokenizer",
    "tr.tokenizer_help": (
        "How a review becomes the tokens the model reads. Words: lower case, punctuation "
        "removed, split on spaces (the reference notebook's). Characters: one token per "
        "character, lower case, each run of spaces one token ␣. Korean morphemes: kiwipiepy's "
        "morphemes (pip install 'rnn-viz[korean]')."
    ),
    "tr.tokenizer.reference": "Words (reference)",
    "tr.tokenizer.chars": "Characters",
    "tr.tokenizer.kiwi": "Korean morphemes (kiwi)",
    "tr.lr": "Learning rate (RMSprop)",
    "tr.epochs": "Max epochs (early stopping, patience 3)",
    "tr.keep": "Keep every epoch's weights",
    "tr.keep_help": (
        "About 0.7 MB an epoch; the Saturation page replays them under “Across training”."
    ),
    "tr.start": "Start training",
    "tr.unreadable": "The dataset could not be read.",
    "tr.dataset_caption": (
        "Dataset: {source}. 75% of its {n_train:,} training reviews train, 25% validate; the "
        "test metrics come from its {n_test:,} test reviews at the end."
    ),
    "tr.none_yet": "No training started in this session yet.",
    "tr.waiting": "{name} waits for the server's other trainings: number {position} in the queue",
    "tr.cancel": "Cancel",
    "tr.cancelled": "{name} was cancelled before it started; nothing was trained.",
    "tr.running": "Training {name}: epoch {epoch} of at most {epochs}",
    "tr.batch": ", batch {done} of {total}",
    "tr.stopping": " — stopping after this batch…",
    "tr.done": "{name} is trained and saved.",
    "tr.stopped": "{name} stopped early; the best epoch was saved.",
    "tr.failed": "{name} failed.",
    "tr.unexpected": "Training stopped on an unexpected error ({error}): {detail}",
    "tr.stop": "Stop training",
    "tr.saved": "Saved to {out}",
    "tr.saved_acc": " · test accuracy {acc:.3f}",
    "tr.saved_end": ". It is now in the model lists of the Gate explorer and Compare pages.",
    # ------------------------------------------------------------------ Memory
    "mem.page_title": "Memory · rnn-viz",
    "mem.title": "Memory across time",
    "mem.caption": (
        "Why gates, the textbook says: a plain RNN rewrites its whole state at every word, "
        "so the gradient of its opinion with respect to a word read long ago should fade "
        "(the vanishing gradient), while an LSTM's cell state and a GRU's update gate can "
        "carry a word further. Here it is measured, on your review and over the test set: "
        "**connectivity** ‖∂p_t/∂e_s‖, how much the opinion after word t (p(positive) had "
        "the review ended there) still moves with the word vector e_s read at s; "
        "**survival**, the fraction of what a word wrote still in the state (∏ f for the "
        "LSTM's c, ∏ z for Keras' GRU, where z near 1 keeps); and the gradient against "
        "distance over the test set."
    ),
    "mem.model_c": "Model C",
    "mem.n_models": "Models side by side",
    "mem.type_review": "Type or choose a review to measure what each word still moves.",
    "mem.word": "Word being read",
    "mem.word_help": (
        "The same word for every model (counted on the model that reads the most of the review)."
    ),
    "mem.word_of": "**Word {position} of {n}: “{word}”** · review: {desc}",
    "mem.hears": "What each model still hears from the earlier words",
    "mem.hears_caption": (
        "Colour: log10 ‖∂p_t/∂e_s‖ on one scale for every model shown. The strip is the "
        "current word's row of the heatmap below it; a darker word moves the current opinion "
        "less."
    ),
    "mem.p_here": " · p(positive) {p:.3f} here",
    "mem.p_class_here": " · p({label}) {p:.3f} here",
    "mem.cut": "The model reads the last {steps} steps: the first {n:,} words were cut.",
    "mem.not_far": "This model does not read this far back (its sequences are shorter).",
    "mem.npz": "Connectivity as .npz",
    "mem.survival": "How much of what each word wrote survives to this word",
    "mem.survival_caption": (
        "From the gates themselves, per unit: ∏ f since the word (the LSTM's cell state c), "
        "∏ z since the word (Keras' GRU h; z near 1 keeps). A unit's half-life is how many "
        "words back its product first drops below ½ (∞: never, within this review)."
    ),
    "mem.not_far_short": "This model does not read this far back.",
    "mem.no_gates": (
        "Layer {layer} ({name}): {note}, so nothing written by an earlier word is kept as it "
        "was: what reaches this word does so only through h(t−1) U, multiplied anew at every "
        "step."
    ),
    "mem.vanishing": "The vanishing gradient, measured over the test set",
    "mem.vanishing_caption": (
        "For a fixed sample of test reviews of both labels: ‖∂p_T/∂e_(T−k)‖, how much the "
        "model's final verdict moves with the word k words before the end; the line is the "
        "median over the reviews at least k + 1 words long, the band its quartiles."
    ),
    "mem.n_reviews": "Test reviews measured (a fixed random sample)",
    "mem.measure": "Measure (the first time takes up to a minute per model; cached after)",
    "mem.curve_csv": "{label}: curve as CSV",
    # --- training options (tr.*)
    "tr.advanced": "Advanced settings",
    "tr.xla": "XLA-compile the training step",
    "tr.xla_help": (
        "Faster for long runs: on a CPU an epoch often runs 2–3× faster. Slower to start: "
        "the first batch waits while the step compiles. Untick it for a quick try."
    ),
    # (end of this block)
    # --- charts: titles, axes, legends and colour bars built in plots.py (plot.*)
    "direction.fwd": "forward",
    "direction.bwd": "backward",
    "direction.title_fwd": "{layer} · forward",
    "direction.title_bwd": "{layer} · backward",
    "plot.layer": "layer {layer}",
    "plot.unit": "unit",
    "plot.unit_n": "unit {unit}",
    "plot.word_n": "word {word}",
    "plot.step_n": "step {step}",
    "plot.epoch": "epoch",
    "plot.epoch_n": "epoch {epoch}",
    "plot.reviews_n": "{n} reviews",
    "plot.words_n": "{n} words",
    "plot.train": "train",
    "plot.val": "val",
    "plot.loss": "loss",
    "plot.acc": "acc",
    "plot.accuracy": "accuracy",
    "plot.positive": "positive",
    "plot.negative": "negative",
    "plot.p_pos": "p(pos)",
    "plot.p_class": "p(class)",
    "plot.token_axis": "token (step · word)",
    "plot.attribution": "attribution",
    "plot.legend_colour": "colour: ",
    "plot.trace.readout": "readout: p(positive) had the review ended here",
    "plot.trace.attribution": (
        "token attribution (integrated gradients): green pushes towards positive, purple "
        "towards negative"
    ),
    "plot.trace.panel": "layer {layer} ({name}) · {gate}",
    "plot.cbar.sigmoid": "σ gate",
    "plot.cbar.cell": "cell c",
    "plot.hist.loss": "binary cross-entropy",
    "plot.hist.acc": "accuracy (fraction right)",
    "plot.hist.per_epoch": "{label} per epoch",
    "plot.hist.per_second": "{label} per second of training",
    "plot.hist.seconds": "training time (s)",
    "plot.card.best": "epoch (best: {epoch})",
    "plot.sat.paper_gate": "1-{gate} (paper's {gate})",
    "plot.sat.right_axis": "fraction > {high:g} (right)",
    "plot.sat.left_axis": "fraction < {low:g} (left)",
    "plot.sat.right_hover": "right-saturated (> {high:g}) {x}",
    "plot.sat.left_hover": "left-saturated (< {low:g}) {y}",
    "plot.sat.always": "always<br>saturated",
    "plot.sat.value_hover": "value {value} ± {width}",
    "plot.sat.share_hover": "share {share}",
    "plot.sat.gate_value": "gate value",
    "plot.sat.share_axis": "share of values",
    "plot.sat.col.layer": "layer",
    "plot.sat.col.gate": "gate",
    "plot.sat.col.units": "units",
    "plot.sat.col.mean_left": "mean left fraction",
    "plot.sat.col.mean_right": "mean right fraction",
    "plot.sat.col.saturated": "units saturated > 50%",
    "plot.wu.change": "mean change {z}",
    "plot.wu.read": "read {n} times",
    "plot.wu.cbar": "mean<br>change",
    "plot.diff.readout": "readout: p(positive) of B − A",
    "plot.diff.panel": "layer {layer} · {gate} · B − A",
    "plot.conn.reading": "reading {step}",
    "plot.conn.x": "earlier word s",
    "plot.conn.y": "step being read t",
    "plot.surv.title": "layer {layer} · ∏ {gate} since each word ({state} kept)",
    "plot.surv.no_gates": "layer {layer} · {note}",
    "plot.surv.written": "written at {word}",
    "plot.surv.still": "still there: {z}",
    "plot.surv.kept": "kept",
    "plot.grad.distance": "distance {k} words",
    "plot.grad.median": "median {v}",
    "plot.grad.quartiles": "quartiles {lo} – {hi}",
    "plot.grad.x": "distance k (words before the last)",
    "plot.m.roc": "ROC curve",
    "plot.m.pr": "Precision-recall curve",
    "plot.m.calibration": "Calibration (reliability)",
    "plot.m.by_length": "Accuracy by review length",
    "plot.m.fpr": "false positive rate",
    "plot.m.tpr": "true positive rate",
    "plot.m.recall": "recall",
    "plot.m.precision": "precision",
    "plot.m.mean_p_bin": "mean p(positive) in the bin",
    "plot.m.mean_p": "mean p(positive)",
    "plot.m.positive_share": "fraction of positive reviews",
    "plot.m.positive_share_hover": "fraction positive",
    "plot.m.length": "words in the review (tokenized)",
    "plot.conf.predicted": "predicted {label}",
    "plot.conf.true": "true {label}",
    "plot.ss.label": "label {label}",
    "plot.ss.review": "test review #{row}",
    "plot.ss.path": "this review, word by word",
    "plot.ss.final": "its final h_T",
    "plot.ss.current": "current word",
    "plot.ss.pc1": "PC 1 ({share:.1%} of the variance)",
    "plot.auc.y": "ROC AUC of the unit's final value",
    # (end of this block)
    # --- tables, notes, spinners, upload box: ui, compare, parameters, models (pkg.*)
    "pkg.model": "Model",
    "pkg.source.shipped": "shipped",
    "pkg.source.user": "user",
    "pkg.source.uploaded": "uploaded",
    "pkg.note.readout_off": "Predictions (p(positive)) are off for this model: {why}",
    "pkg.note.attribution_off": "Token attribution is off for this model: {why}",
    "pkg.attr.no_embedding": "the model does not start with an Embedding layer to attribute to.",
    "pkg.attr.mask_zero": (
        "its embedding masks padding (mask_zero=True), so the all-padding baseline "
        "of integrated gradients is skipped instead of read."
    ),
    "pkg.attr.no_readout": "it explains p(positive), which this model does not output.",
    "pkg.grad.no_embedding": (
        "the model does not start with an Embedding layer, so there is no word vector to "
        "differentiate against"
    ),
    "pkg.grad.no_readout": "memory across time is measured on p(positive), and {why}",
    "pkg.grad.no_stepwise": (
        "the layers after the last recurrent layer cannot be applied to its output step by step"
    ),
    "pkg.grad.bidirectional": (
        "a Bidirectional layer reads every word from both ends, so the opinion after word t "
        "is no function of the words up to t that gradients could follow step by step"
    ),
    "pkg.grad.untraceable": "{detail}",
    "pkg.cap.attribution": "Token attribution cannot run: {why}",
    "pkg.cap.flips": "The flip search cannot run: {why}",
    "pkg.cap.metrics": "{name} has no test metrics, disagreements or flips: {why}",
    "pkg.cap.predictions": "{name} gives no p(positive): {why}",
    "pkg.param.input": "input kernel (inputs·units)",
    "pkg.param.recurrent": "recurrent kernel (units·units)",
    "pkg.param.bias": "bias (units)",
    "pkg.param.bias2": "two biases (2·units; reset_after=True)",
    "pkg.param.weight": "weight {name}",
    "pkg.param.caption": "{title} layer {layer}: {formula} parameters.",
    "pkg.spinner.model": "Loading the model…",
    "pkg.spinner.tracer": "Preparing the tracer…",
    "pkg.shared_wait": (
        "Another reader asked for this {seconds:.0f} s ago; it is computed once for both of you…"
    ),
    "pkg.spinner.trace": "Tracing the review…",
    "pkg.spinner.dataset": "Reading the IMDB dataset…",
    "pkg.spinner.own_dataset": "Reading your dataset…",
    "pkg.spinner.predictions": "Predicting every test review (once per model)…",
    "pkg.spinner.attributor": "Preparing integrated gradients…",
    "pkg.spinner.attribution": "Integrated gradients over the review…",
    "pkg.spinner.what_if": "Tracing both reviews…",
    "pkg.spinner.metrics": "Test-set metrics (once per model)…",
    "pkg.spinner.disagreement": "Comparing both models' predictions…",
    "pkg.spinner.word_counts": "Counting the words of every test review…",
    "pkg.spinner.pca": "Fitting the PCA…",
    "pkg.spinner.units": "Scoring every unit (ROC AUC, probes)…",
    "pkg.spinner.flip_searcher": "Preparing the flip search…",
    "pkg.spinner.flips": "Searching single-word edits…",
    "pkg.spinner.probe": "Preparing the gradient probe…",
    "pkg.spinner.connectivity": "Measuring what each word still moves…",
    "pkg.progress.gradient_distance": "Gradient against distance: reviews",
    "pkg.upload.expander": "Upload a model (.keras, or .zip of a model folder)",
    "pkg.upload.label": "Keras model",
    "pkg.upload.help": (
        "Loaded with Keras' safe mode: Lambda layers and custom code are refused. It must "
        "hold an {layers} layer. At most {mb} MB, unpacking to at most {total} MB; kept "
        "until your session ends."
    ),
    "pkg.upload.button": "Upload",
    "pkg.upload.limit": "At most {mb} MB per file • {types}",
    "pkg.upload.drop": "Drop the file here",
    "pkg.upload.refused": "Refused: {why}",
    "pkg.upload.loaded": "Loaded {shown} as {name}. {note}",
    "pkg.upload.borrowed": (
        "{shown} has no vocabulary of its own: it reads words with the vocabulary of the "
        "shipped model '{name}' ({words} words)."
    ),
    "pkg.col.model": "model",
    "pkg.col.cell": "cell",
    "pkg.col.layers": "layers",
    "pkg.col.units": "units",
    "pkg.col.parameters": "parameters",
    "pkg.col.test_accuracy": "test accuracy",
    "pkg.col.test_loss": "test loss",
    "pkg.col.test_macro_f1": "test macro F1",
    "pkg.col.classes": "classes",
    "pkg.col.epochs": "epochs",
    "pkg.col.seconds_per_epoch": "seconds / epoch",
    "pkg.col.training_seconds": "training seconds",
    "pkg.col.layer": "layer",
    "pkg.col.type": "type",
    "pkg.col.formula": "formula",
    "pkg.folder.no_model": "it has no model.keras.",
    "pkg.folder.not_zip": (
        "its model.keras is not a Keras model file (a .keras file is a zip archive)."
    ),
    "pkg.folder.no_vocab": "it has no vocab.json, so the model's words cannot be decoded.",
    "pkg.folder.bad_vocab": "its vocab.json is not a valid vocabulary.",
    "pkg.name.invalid": (
        "Use 1-40 letters, digits, '-', '_' or '.', starting with a letter or digit."
    ),
    "pkg.name.shipped": "'{name}' is a shipped model; choose another name.",
    "pkg.name.exists": "{target} already exists; choose another name.",
    "pkg.desc.own": "your text",
    "pkg.desc.no_dataset": "no dataset",
    "pkg.desc.no_match": "no match",
    "pkg.size_note": (
        "This dataset has {train:,} training reviews ({train_neg:,} negative, "
        "{train_pos:,} positive) and {test:,} test reviews ({test_neg:,} negative, "
        "{test_pos:,} positive), not the official dataset's 25,000 and 25,000 "
        "({per_folder:,} per split and label): its accuracies are not comparable with the "
        "reference's."
    ),
    # (end of this block)
    # --- step panel, stepper, cell diagram, gate names, page names (step, diagram, gate, nav)
    "gate.i": "input gate i",
    "gate.f": "forget gate f",
    "gate.g": "candidate c̃",
    "gate.o": "output gate o",
    "gate.c": "cell state c",
    "gate.h": "hidden state h",
    "gate.z": "update gate z",
    "gate.r": "reset gate r",
    "gate.hh": "candidate h̃",
    "gate.a": "pre-activation a",
    "nav.home": "Home",
    "nav.explorer": "Gate explorer",
    "nav.train": "Train",
    "nav.compare": "Compare",
    "nav.saturation": "Saturation",
    "nav.units": "Units",
    "nav.what_if": "What-if",
    "nav.memory": "Memory",
    "nav.diagnostics": "Diagnostics",
    "nav.glossary": "Glossary",
    "step.state_in": "state in",
    "step.col.c_prev": "c(t−1)",
    "step.col.h_prev": "h(t−1)",
    "step.col.tanh_c": "tanh c",
    "step.col.kept": "kept",
    "step.col.written": "written",
    "step.caption.lstm": "kept = f⊙c(t−1), written = i⊙c̃; kept + written = the new state c.",
    "step.caption.gru": (
        "kept = z⊙h(t−1), written = (1−z)⊙h̃; kept + written = the new state h. In Keras' GRU, "
        "z near 1 keeps the old state."
    ),
    "step.caption.rnn": (
        "No gates: a mixes the word with the whole old state h(t−1) and h = tanh(a) replaces "
        "it; nothing is kept as it was, so what an earlier word wrote fades unless U carries "
        "it on."
    ),
    "step.one_row": "One row per unit.",
    "step.unit": "unit",
    "step.prev": "◀ Prev",
    "step.next": "Next ▶",
    "step.play": "▶ Play",
    "step.pause": "⏸ Pause",
    "step.pace": "Play pace",
    "step.per_second": "{n} tokens/s",
    "step.slider": "Token (step)",
    "step.hint": (
        "← / → step through the words; click the strip, a word or a heatmap column to jump."
    ),
    "step.overview": (
        "p(positive) along the whole review; the box is the focused window. Click to jump."
    ),
    "step.layer_tab": "layer {k} · {name}",
    "step.unit_for": "Unit for the equations",
    "step.panel_title": "“{word}”, {place}. The cell's equations with this token's numbers",
    "step.word_place": "word {n} of {total}",
    "step.pad_place": "padding {n} of {total}",
    "step.before_first": "before word 1",
    "step.failed": "The stepper could not start: {why}",
    # the stepper as a web page (rnn_viz.viz.html_export) and its download button
    "page.title": "rnn-viz stepper: {names}",
    "page.parity_ok": (
        "{name}: parity {value} (≤ {bound}: the numbers shown are what the model computes)"
    ),
    "page.parity_off": (
        "{name}: parity {value}, above {bound}: the numbers shown may differ from the model's"
    ),
    "page.parity_unknown": "{name}: parity not measured (a trace without its model)",
    "page.made": "Made with rnn-viz on {when}",
    "page.text": "The text ({n} characters)",
    "page.offline": (
        "This page holds everything it shows and makes no network request: it works offline."
    ),
    "page.download": "Download as a web page",
    "page.download_help": (
        "One HTML file with this stepper, its numbers and Plotly inside: it opens offline in "
        "any current browser and steps like this page."
    ),
    "diagram.x_word": "x(t): “{word}”",
    "diagram.x_layer": "x(t) = h(t) of layer {layer}",
    "diagram.unit": "unit {unit}",
    "diagram.caption": (
        "The cell of layer {layer} for unit {unit} at this step. Colours follow the heatmaps: "
        "σ gates 0..1 and tanh quantities −1..1."
    ),
    "diagram.caption_cell": (
        "The cell of layer {layer} for unit {unit} at this step. Colours follow the heatmaps: "
        "σ gates 0..1, tanh quantities −1..1 and the cell state ±{c_max:.2f}."
    ),
    "diagram.no_diagram": "There is no cell diagram for the {title} layer {layer}.",
    "diagram.bad_layer": "The trace has layers 0 to {last}, not {layer}.",
    "diagram.bad_unit": "Layer {layer} has units 0 to {last}, not {unit}.",
    "diagram.bad_step": "The review has steps 0 to {last}, not {t}.",
    "step.parity": "parity {value}",
    "step.training_title": "{name}: training",
    "step.half_life": "half-life (words)",
    # (end of this block)
    # --- sentences and table columns built in rnn_viz.analysis (analysis.*)
    "analysis.note.bidirectional": (
        "A Bidirectional layer reads the review both ways. Its backward direction is shown "
        "in reading order: at word t it has read the words from the last one back to t, and "
        "its previous state is the one from the word to the right. The opinion after word t "
        "sets the forward state at t beside the backward direction's reading of the whole "
        "review, so its last value is the model's prediction."
    ),
    "analysis.note.masked": (
        "The model masks some steps (e.g. padding, with mask_zero=True): there its recurrent "
        "layers do not step and keep their state; the trace shows what the layer outputs "
        "there (zeros with zero_output_for_mask=True, else its last output), flagged masked."
    ),
    "analysis.note.no_readout": "No p(positive) readout: {why}",
    "analysis.note.no_stepwise_head": (
        "No p(positive) readout: the layers after the last recurrent layer cannot be "
        "applied to its output step by step."
    ),
    "analysis.note.cut": (
        "The text has {words} words; the model reads only the last {read}, so the first "
        "{cut} were cut."
    ),
    "analysis.note.all_oov": (
        "None of its words is in the model's vocabulary: the model reads every one as the "
        "same unknown word [UNK]."
    ),
    "analysis.note.oov": "{oov} of {real} words are outside the vocabulary and read as [UNK].",
    "analysis.note.kind_gru": (
        "Keras' GRU keeps the old state where z is near 1: h = z*h_prev + (1-z)*hh "
        "(z near 0 writes the candidate hh)."
    ),
    "analysis.summary.step": "step",
    "analysis.summary.token": "token",
    "analysis.summary.counts": "{words} words read, {pad} padding steps",
    "analysis.summary.counts_hidden": (
        "{words} words read, {pad} padding steps (hidden; --show-pad lists them)"
    ),
    "analysis.summary.prediction": "prediction: p(positive) = {prob} → {verdict}",
    "analysis.summary.prediction_class": "prediction: {label} (p = {prob})",
    "analysis.summary.note": "note: {note}",
    "analysis.survival.no_gates": (
        "no gates: a {cell} layer overwrites its whole state at every step"
    ),
    "analysis.survival.backward": (
        "backward direction: it reads from the last word back, so what it keeps comes from "
        "the words to the right; survival since each earlier word is shown for the forward one"
    ),
    "analysis.fading.none": "No model was measured.",
    "analysis.fading.too_short": (
        "The reviews are too short to compare distances: no distance beyond the last word "
        "was reached by {min_reviews} reviews of every model."
    ),
    "analysis.fading.part.fades": "{label} fades ÷{factor} (median {last} → {far})",
    "analysis.fading.part.stays": "{label} stays within ×{factor} (median {last} → {far})",
    "analysis.fading.part.grows": "{label} grows ×{factor} (median {last} → {far})",
    "analysis.fading.sentence": (
        "Over {n} test reviews, the median ‖∂p_T/∂e‖ of a word {k} words before the end, "
        "against that of the last word (a change within ×{tolerance:g} counts as staying): "
        "{parts}."
    ),
    "analysis.fading.extremes": (
        "Of the models whose gradient fades, it fades fastest with distance for {steep} and "
        "slowest for {flat}."
    ),
    "analysis.padding.grows": (
        "**{label}** reads {pad} padding steps before this review. Its verdict's gradient "
        "with respect to the first padding step ({back} steps back) is {far}, against {last} "
        "for the last word (×{factor}): the padding still moves the prediction, so the "
        "prediction depends on how long the review is, not only on its words."
    ),
    "analysis.padding.stays": (
        "**{label}** reads {pad} padding steps before this review. Its verdict's gradient "
        "with respect to the first padding step ({back} steps back) is {far}, about as large "
        "as the last word's {last} (within ×{factor}): the padding still moves the "
        "prediction, so the prediction depends on how long the review is."
    ),
    "analysis.padding.fades": (
        "**{label}** reads {pad} padding steps before this review; its verdict's gradient "
        "with respect to the first padding step ({back} steps back) is {far}, against {last} "
        "for the last word (÷{factor})."
    ),
    "analysis.padding.zero": (
        "**{label}** reads {pad} padding steps before this review; its verdict's gradient "
        "with respect to the first padding step ({back} steps back) is 0 (in float32), "
        "against {last} for the last word."
    ),
    "analysis.padding.masking": (
        "With masking (`Embedding(mask_zero=True)`) the layers would skip the padding: its "
        "gradient would be exactly 0 and the same words would get the same prediction "
        "whatever the padding."
    ),
    "analysis.padding.settled": (
        "The padding has settled: it barely moves the prediction (masking would make that "
        "exactly 0)."
    ),
    "analysis.padding.masked": (
        "**{label}** masks its padding (`mask_zero=True`): it skips the {pad} padding steps, "
        "so they do not move the prediction (gradient exactly 0)."
    ),
    "analysis.flip.delete": "delete “{old}” (word {position})",
    "analysis.flip.replace": "“{old}” → “{new}” (word {position})",
    "analysis.flip.other_class": "a class other than {label}",
    "analysis.units.higher_positive": "higher = positive",
    "analysis.units.higher_negative": "higher = negative",
    "analysis.col.edit": "edit",
    "analysis.col.op": "op",
    "analysis.col.position": "position",
    "analysis.col.old": "old",
    "analysis.col.new": "new",
    "analysis.col.p(positive)": "p(positive)",
    "analysis.col.change": "change",
    "analysis.col.flips": "flips",
    "analysis.col.layer": "layer",
    "analysis.col.reading": "reads",
    "analysis.col.state": "state",
    "analysis.col.unit": "unit",
    "analysis.col.unit_n": "unit {unit}",
    "analysis.col.auc": "auc",
    "analysis.col.separation": "separation",
    "analysis.col.direction": "direction",
    "analysis.col.example": "example",
    "analysis.col.review": "review",
    "analysis.col.steps": "steps",
    "analysis.col.length": "length",
    "analysis.col.mean_value": "mean value",
    "analysis.col.before": "before",
    "analysis.col.phrase": "phrase",
    "analysis.col.after": "after",
    "analysis.col.label": "label",
    "analysis.col.class": "class",
    "analysis.col.precision": "precision",
    "analysis.col.recall": "recall",
    "analysis.col.f1": "F1",
    "analysis.col.support": "support",
    "analysis.col.roc_auc": "ROC AUC (one-vs-rest)",
    "analysis.col.word": "word",
    "analysis.col.id": "id",
    "analysis.col.count": "count",
    "analysis.col.delta": "mean change",
    "analysis.bucket.cut": "> {longest} (cut)",
    "analysis.head.outputs": "the model has {n} outputs, not one prediction.",
    "analysis.head.shape": "the model's output has shape {shape}, not one value per review.",
    "analysis.head.sigmoids": (
        "the model ends in {width} sigmoid units, not one: they are not one probability of "
        "the positive class."
    ),
    "analysis.head.softmax": (
        "the model ends in a softmax over {width} class, not 2 or more: it is always 1."
    ),
    "analysis.head.other": (
        "the model ends in {layer} ({width} wide), not a sigmoid unit or a softmax, so its "
        "output is not a probability."
    ),
    "analysis.head.other_activation": (
        "the model ends in {layer} with activation {activation} ({width} wide), not a sigmoid "
        "unit or a softmax, so its output is not a probability."
    ),
    # (end of this block)
}
