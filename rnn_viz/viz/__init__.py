"""What the reader sees, without Streamlit: Plotly figures, the SVG cell diagram, the step
panel's numbers and the in-browser stepper's payload."""
