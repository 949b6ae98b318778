"""Rendering of the reports: figures -> Norwegian, accessible PDF (Jinja2 + WeasyPrint + matplotlib charts)."""
