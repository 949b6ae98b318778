"""The render step's imports while the warehouse rebuilds (ReportDefinition.preload, issue 17 item 9):
each built-in report names modules that exist, `preload` imports them in a background thread, and a
plain report run starts it once, after the last load and before the rebuild."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

from hr import core
from hr.ingest import load as load_step
from hr.paths import ROOT
from hr.report_registry import ReportDefinition, definitions
from tests.landing import settings_for


def test_every_report_names_modules_that_exist():
    for defn in definitions():
        assert defn.modules, defn.name
        for name in defn.modules:
            assert importlib.util.find_spec(name) is not None, (defn.name, name)


PRELOAD = """
import sys
from hr.report_registry import get
defn = get(sys.argv[1])
assert not [m for m in defn.modules if m in sys.modules], "imported by the lookup"
thread = defn.preload()
assert thread.daemon
thread.join(60)
missing = [m for m in defn.modules if m not in sys.modules]
print("missing:", missing)
"""


def test_preload_imports_the_modules_in_a_background_thread():
    for defn in definitions():
        proc = subprocess.run(
            [sys.executable, "-c", PRELOAD, defn.name],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == "missing: []", proc.stdout


def test_a_plain_report_run_starts_the_preload_after_the_loads_and_before_the_rebuild(tiny_demo, tmp_path, monkeypatch):
    events: list[str] = []
    real_insert, real_rebuild = load_step.bulk_insert, load_step.rebuild_if_stale

    def inserting(*args, **kwargs):
        events.append("load")
        return real_insert(*args, **kwargs)

    def rebuilding(*args, **kwargs):
        events.append("rebuild")
        return real_rebuild(*args, **kwargs)

    monkeypatch.setattr(load_step, "bulk_insert", inserting)
    monkeypatch.setattr(load_step, "rebuild_if_stale", rebuilding)
    monkeypatch.setattr(ReportDefinition, "preload", lambda self: events.append(f"preload {self.name}"))
    landing = tiny_demo(tmp_path / "landing")
    settings = settings_for(tmp_path, f"duckdb:///{tmp_path / 'warehouse.duckdb'}")
    outcome = core.run_report(settings, "sykefravaer", "2018H2", landing, tmp_path / "out")
    assert outcome.pdf.is_file()
    assert events.count("preload sykefravaer") == 1
    at = events.index("preload sykefravaer")
    assert "load" in events[:at] and "load" not in events[at:]
    assert events[at + 1] == "rebuild"
