"""Where the project's non-Python assets live (SQL, expectation suites, templates)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = ROOT / "sql"
EXPECTATIONS_DIR = ROOT / "expectations"
REPORTS_DIR = ROOT / "reports"
TEMPLATES_DIR = REPORTS_DIR / "templates"
# The sample landing directory of docs/uttrekk.md: every extract kind with a few rows, in its real encoding.
SAMPLE_LANDING = ROOT / "docs" / "eksempel" / "landing"
