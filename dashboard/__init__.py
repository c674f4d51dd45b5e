"""The Streamlit dashboard: thin pages over queries/, German first, English one click away."""
