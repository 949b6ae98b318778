"""The built-in reports: every module of this package defines one report and registers it
(hr/report_registry.py imports this package on the first lookup). Adding a report is adding a module
here, its SQL under sql/marts/ and its template under reports/templates/ (docs/architecture.md,
"Adding a report").

The definitions import what they compute and render with inside their functions: looking a report up
(the CLI's usage check, the up-to-date check) costs no import of the metrics, WeasyPrint or matplotlib.
"""

from __future__ import annotations

import pkgutil
from importlib import import_module

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    import_module(f"{__name__}.{_module}")
