"""The core: text encoding, the tracing cells and their registry, capture, readout, model
folders and files. It imports neither ``rnn_viz.viz`` nor ``rnn_viz.app``."""
