"""HR data pipeline for Norwegian municipalities.

Data flows one way: extract -> validate -> load -> compute -> render.
The Prefect flows in ``flows/`` are the table of contents; the steps are tasks in ``tasks/``;
this package holds the plain-Python building blocks they share.
"""
