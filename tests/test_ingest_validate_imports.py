"""What a validation costs before it starts: Great Expectations is imported without scipy.stats or altair.

GE imports scipy.stats and altair when it is imported, for its distribution expectations only (KL
divergence, KS tests, and their charts), about 0.9 s of every fresh process that validates; no suite here
uses them, so hr.ingest.validate defers them (`_defer_unused_imports`) until something uses them. And GE's
fingerprint of every batch (an md5 over the whole frame, per fetch) is off. Both are checked in a fresh
interpreter, through the real entry point (`validate`), with a suite that finds a bad row, so the deferral is
proven on the path an ingest takes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import json, sys
import pandas as pd
from hr.ingest import validate as v
from hr.ingest.delivery import Delivery
from hr.ingest.files import LandingFile
from hr.ingest.quarantine import empty

typed = pd.DataFrame({"aar": pd.array([2018, None], dtype="Int64"), "innbyggere": pd.array([1000, 2000], dtype="Int64"),
                      "_line": [2, 3]})
raw = pd.DataFrame({"aar": ["2018", ""], "innbyggere": ["1000", "2000"], "_line": [2, 3]})
f = LandingFile(path=None, name="referanse/innbyggere.csv", kind="innbyggere", file_date=None)
d = Delivery(file=f, checksum="x", archive_path="")
d.typed, d.raw, d.findings = typed, raw, empty()
v.validate(d, {})
after_validation = "scipy.stats" in sys.modules
altair_after_validation = type(sys.modules.get("altair")).__name__
from great_expectations.execution_engine import pandas_execution_engine as engine
from scipy import stats  # what GE's distribution expectations do: the real module, on first use
import altair
out = {
    "rows_set_aside": sorted(int(r) for r in d.findings["row"]),
    "rules": sorted(set(d.findings["rule"])),
    "scipy_stats_after_validation": after_validation,
    "entropy": float(stats.entropy([0.5, 0.5])),
    "scipy_stats_after_use": type(sys.modules.get("scipy.stats")).__name__,
    "hash_threshold": engine.HASH_THRESHOLD,
    "altair_after_validation": altair_after_validation,
    "altair_version": altair.__version__,
    "altair_after_use": type(sys.modules.get("altair")).__name__,
}
print(json.dumps(out))
"""


def test_a_validation_in_a_fresh_process_does_not_load_scipy_stats_and_it_still_works_when_used():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["rows_set_aside"] == [1] and out["rules"] == ["verdi_mangler"]  # the suite did run
    assert out["scipy_stats_after_validation"] is False
    assert abs(out["entropy"] - 0.6931471805599453) < 1e-12  # scipy.stats works once used
    assert out["scipy_stats_after_use"] == "module"
    assert out["hash_threshold"] == 0
    assert out["altair_after_validation"] == "_Deferred"  # a stand-in, not the package (0.2 s)
    assert out["altair_version"] and out["altair_after_use"] == "module"
