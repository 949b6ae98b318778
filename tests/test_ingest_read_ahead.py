"""Extracts read ahead in a worker process (hr/ingest/read_ahead.py): the same warehouse, summary and
quarantine as reading each file in turn; the worker's answers follow extract's rules for known content
and unread snapshots; a worker that dies costs only speed; a worker whose parent dies leaves.

The tiny demo landing is below READ_AHEAD_MIN_BYTES, so these tests lower the threshold; Bærum-sized
ingests (tests/test_ingest_baerum_sized.py and the shared Bærum fixture) read ahead as a user's would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from hr.ingest import extract as extract_step
from hr.ingest import pipeline, read_ahead
from hr.ingest.files import discover
from hr.paths import ROOT
from hr.warehouse import create_engine
from tests.landing import all_tables, ingest, settings_for

# Columns that differ between any two runs (ids and clock times), left out of the comparison.
_PER_RUN = ("load_id", "loaded_at", "rebuilt_at", "published_at", "created_at", "recorded_at", "registrert")


@pytest.fixture(scope="module")
def landing(tiny_demo, tmp_path_factory) -> Path:
    return tiny_demo(tmp_path_factory.mktemp("read-ahead") / "landing")


def _comparable(url: str) -> dict[str, pd.DataFrame]:
    engine = create_engine(url)
    try:
        tables = all_tables(engine)
    finally:
        engine.dispose()
    out = {}
    for name, frame in tables.items():
        frame = frame.drop(columns=[c for c in frame.columns if c in _PER_RUN])
        if "archive_path" in frame:  # each run has its own working directory: compare below it
            frame["archive_path"] = frame["archive_path"].str.replace(r"^.*/arkiv/", "arkiv/", regex=True)
        out[name] = frame.sort_values(list(frame.columns), na_position="first").reset_index(drop=True)
    return out


def test_an_ingest_read_ahead_loads_exactly_what_one_read_in_turn_loads(landing, tmp_path, monkeypatch):
    used: list[read_ahead.ReadAhead] = []
    real = read_ahead.ReadAhead

    def recorded(*args, **kwargs):
        used.append(real(*args, **kwargs))
        return used[-1]

    in_turn_url = f"duckdb:///{tmp_path / 'in_turn.duckdb'}"
    in_turn = ingest(landing, tmp_path / "a", in_turn_url)
    assert not used

    monkeypatch.setattr(read_ahead, "READ_AHEAD_MIN_BYTES", 0)
    monkeypatch.setattr(read_ahead, "ReadAhead", recorded)
    ahead_url = f"duckdb:///{tmp_path / 'ahead.duckdb'}"
    ahead = ingest(landing, tmp_path / "b", ahead_url)

    assert len(used) == 1 and used[0].answered > 20, "the worker answered the run's extracts"
    assert [
        (f.file_name, f.status, f.rows_read, f.rows_loaded, f.rows_quarantined, f.message) for f in ahead.files
    ] == [(f.file_name, f.status, f.rows_read, f.rows_loaded, f.rows_quarantined, f.message) for f in in_turn.files]
    assert ahead.rows_quarantined == in_turn.rows_quarantined > 0
    want, got = _comparable(in_turn_url), _comparable(ahead_url)
    assert sorted(got) == sorted(want)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], obj=name)


def test_the_plan_is_the_new_files_in_the_order_the_run_parses_them(landing):
    found = discover(landing)
    plan = pipeline._parse_plan(found, pd.DataFrame({"file_name": []}))
    names = [f.name for f in plan]
    # of each snapshot kind only the newest; payroll months oldest first; no YAML or Markdown file
    assert [n for n in names if n.startswith("hr/ansatte_")] == [max(f.name for f in found.of_kind("ansatte"))]
    months = [n for n in names if n.startswith("lonn/")]
    assert months == sorted(months) and len(months) == len(found.of_kind("lonn")) > 1
    assert not [n for n in names if n.endswith((".yaml", ".md"))]
    # a name the load log has seen is left to the run (its content may be known)
    seen = pd.DataFrame({"file_name": [months[0]]})
    assert months[0] not in [f.name for f in pipeline._parse_plan(found, seen)]


def test_answers_follow_extracts_rules_and_a_dead_worker_costs_only_speed(landing, tmp_path):
    settings = settings_for(tmp_path, f"duckdb:///{tmp_path / 'w.duckdb'}")
    a, b, c, d, e = discover(landing).of_kind("lonn")[:5]
    with read_ahead.ReadAhead([a, b, c, d], settings, extract_step.extract) as ahead:
        first = ahead.extract(a, settings)
        same = extract_step.extract(a, settings)
        assert first.checksum == same.checksum and first.file is a
        pd.testing.assert_frame_equal(first.typed, same.typed)
        pd.testing.assert_frame_equal(first.raw, same.raw)
        known = {extract_step.extract(b, settings).checksum: ("loaded", None)}
        seen = ahead.extract(b, settings, known)
        assert (seen.prior_status, seen.prior_message, seen.typed) == ("loaded", None, None)
        unread = ahead.extract(c, settings, parse=False)
        assert (unread.checksum, unread.prior_status, unread.typed) == (
            extract_step.extract(c, settings).checksum,
            None,
            None,
        )
        assert ahead.answered == 3
    # one file ahead at a time; the worker is killed after the first answer: the run extracts the rest itself
    with read_ahead.ReadAhead([a, b, c, d], settings, extract_step.extract, ahead_bytes=1) as ahead:
        ahead.extract(a, settings)
        assert worker_pids(os.getpid())
        for pid in worker_pids(os.getpid()):
            os.kill(pid, signal.SIGKILL)
        for f in (b, c, d, e):  # e was never planned
            pd.testing.assert_frame_equal(ahead.extract(f, settings).typed, extract_step.extract(f, settings).typed)
        assert ahead.answered < 4


WORKER_THEN_DIE = """
import os, sys
from pathlib import Path
from hr.ingest import extract, read_ahead
from hr.ingest.files import discover
from tests.landing import settings_for
from tests.test_ingest_read_ahead import worker_pids
settings = settings_for(Path(sys.argv[2]), "duckdb://")
ahead = read_ahead.ReadAhead(discover(Path(sys.argv[1])).of_kind("lonn"), settings, extract.extract)
ahead.extract(discover(Path(sys.argv[1])).of_kind("lonn")[0], settings)
print(*worker_pids(os.getpid()), flush=True)
os.kill(os.getpid(), 9)
"""


def test_the_worker_leaves_when_its_parent_is_killed(landing, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", WORKER_THEN_DIE, str(landing), str(tmp_path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,  # the output pipes close when the worker has gone too
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    pids = [int(p) for p in proc.stdout.split()]
    assert pids
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in pids):
        assert time.monotonic() < deadline, f"worker {pids} still running 10 s after its parent was killed"
        time.sleep(0.1)


def worker_pids(parent: int) -> list[int]:
    """The read-ahead workers among `parent`'s child processes (multiprocessing's spawned interpreters)."""
    pids = []
    for task in os.listdir(f"/proc/{parent}/task"):
        with open(f"/proc/{parent}/task/{task}/children") as f:
            pids += [int(p) for p in f.read().split()]
    return [p for p in pids if b"spawn_main" in _cmdline(p)]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # it has just ended
        return b""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


def test_no_worker_below_the_threshold_or_in_a_daemonic_process(landing, monkeypatch):
    files = discover(landing).files
    assert sum(f.path.stat().st_size for f in files) < read_ahead.READ_AHEAD_MIN_BYTES
    assert not read_ahead.wanted(files)
    monkeypatch.setattr(read_ahead, "READ_AHEAD_MIN_BYTES", 0)
    assert read_ahead.wanted(files)
    import multiprocessing

    monkeypatch.setattr(multiprocessing.current_process(), "_config", {"daemon": True})
    assert not read_ahead.wanted(files)


UNGUARDED = """
from hr.ingest import read_ahead
read_ahead.READ_AHEAD_MIN_BYTES = 0
from hr.core import ingest
from tests.landing import settings_for
from pathlib import Path
summary = ingest(settings_for(Path({work!r}), "duckdb:///{work}/w.duckdb"), {landing!r})
print("loaded", len(summary.files), flush=True)
"""


def test_a_script_that_ingests_without_a_main_guard_is_not_stuck_on_its_worker(landing, tmp_path):
    """`spawn` imports the parent's main module in the worker: an unguarded script's ingest would start again
    there and wait for the warehouse the parent holds (15 minutes for its lock). It is refused there at once
    with a message saying what to do, and the parent reads the files itself."""
    script = tmp_path / "ingest_script.py"
    script.write_text(UNGUARDED.format(work=str(tmp_path / "wd"), landing=str(landing)), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("loaded ")
    assert 'utenfor `if __name__ == "__main__":`' in proc.stderr
