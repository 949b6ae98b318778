"""Where the project's non-Python assets live (SQL, expectation suites, templates)."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = ROOT / "sql"
EXPECTATIONS_DIR = ROOT / "expectations"
REPORTS_DIR = ROOT / "reports"
TEMPLATES_DIR = REPORTS_DIR / "templates"
# The shared contract and reference figures stand beside the repository (../shared), in development
# and in CI alike; HR_SHARED_DIR points elsewhere when a checkout lives somewhere else.
import os as _os

SHARED_DIR = Path(_os.environ.get("HR_SHARED_DIR") or ROOT.parent / "shared")
