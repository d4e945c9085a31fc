"""Everything that imports Streamlit: the pages' shared widgets, caches, navigation, the
model list, uploads, background training and the in-browser stepper component."""
