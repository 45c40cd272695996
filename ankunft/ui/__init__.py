"""The only place in the package that imports streamlit: shared frame and widgets for the pages."""
