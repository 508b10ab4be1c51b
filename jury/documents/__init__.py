"""The jury's documents: the dossier and the decision as archival PDF.

render.py turns a template into PDF/A with WeasyPrint; store.py keeps the renders
for the content they show and runs them in the worker; responses.py and views.py
serve them, in the jury area and (through the same functions) in the admin.
"""

# Tasks queued before an upgrade name the worker's function by its old path.
from .store import render_document  # noqa: F401
