"""A load is one transaction per delivery: an ingest killed with SIGKILL in the middle of one leaves the
warehouse exactly at the previous state, and the next run completes the load (issue "Nothing lost").

The ingest runs in a real subprocess. HR_TEST_PAUSE_IN_LOAD (hr/ingest/load.py) makes it stop inside
its first load transaction, after the delete and the inserts and before the commit, and say so
through a file; the test then kills it there.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hr.paths import ROOT
from hr.warehouse import create_engine
from tests.landing import TEST_KEY, Landing, all_tables, fravaer, fravaer_rows, ingest, rows

# `hr ingest` without the Prefect start-up: the same run_ingest, then the exit status of the CLI.
DRIVER = """
import os, sys
from hr.errors import HrError
from hr.ingest import ingest_landing
from hr.settings import build_settings
try:
    s = ingest_landing(sys.argv[1], build_settings(workdir=sys.argv[2], warehouse_url=sys.argv[3]))
    print(" ".join(f"{f.file_name}={f.status}" for f in s.files), flush=True)
    code = 3 if s.rejected else 0
except HrError as exc:
    print(f"Feil: {exc}", file=sys.stderr, flush=True)
    code = exc.exit_code
os._exit(code)   # no interpreter teardown: DuckDB's bindings would report 'leaks' on stderr
"""


def start_ingest(landing: Path, workdir: Path, url: str, tmp_path: Path, name: str, **env: str) -> subprocess.Popen:
    """An ingest in its own process; its stdout/stderr go to <tmp_path>/<name>.out/.err."""
    full_env = {**os.environ, "HR_PSEUDONYM_KEY": TEST_KEY, "PYTHONPATH": str(ROOT), **env}
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(landing), str(workdir), url],
        cwd=ROOT,
        env=full_env,
        stdout=open(tmp_path / f"{name}.out", "w"),
        stderr=open(tmp_path / f"{name}.err", "w"),
    )


def wait_for(condition, proc: subprocess.Popen, what: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert proc.poll() is None, f"the ingest ended (status {proc.returncode}) before {what}"
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def state(url: str) -> dict:
    """Every table of the warehouse, read on a connection of its own that is closed again (DuckDB lets
    one process at a time open the file)."""
    engine = create_engine(url)
    try:
        return all_tables(engine)
    finally:
        engine.dispose()


def test_an_ingest_killed_inside_a_load_leaves_the_previous_state_and_the_next_run_completes(warehouse_url, tmp_path):
    landing = Landing(tmp_path / "landing").standard()
    ingest(landing, tmp_path, warehouse_url)
    # A new snapshot arrives: loading it deletes the old truth of stg_fravaer and inserts the new one.
    newer = "hr/fravaer_20190201.csv"
    landing.fravaer(
        fravaer_rows() + [fravaer(fravaer_id="F4", fra_dato="04.02.2019", til_dato="05.02.2019")], stamp="20190201"
    )
    before = state(warehouse_url)

    paused = tmp_path / "paused"
    proc = start_ingest(
        landing.root, tmp_path / "wd", warehouse_url, tmp_path, "killed", HR_TEST_PAUSE_IN_LOAD=str(paused)
    )
    try:
        wait_for(paused.exists, proc, "the pause inside the load")
        assert paused.read_text(encoding="utf-8") == newer
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL

    after = state(warehouse_url)
    assert after.keys() == before.keys()
    for table in before:  # data, load log and quarantine alike: the killed load left no trace
        assert after[table].equals(before[table]), table

    summary = ingest(landing, tmp_path, warehouse_url)
    assert summary.by_name(newer).status == "loaded"
    engine = create_engine(warehouse_url)
    try:
        assert sorted(rows(engine, "stg_fravaer")["fravaer_id"]) == ["F1", "F2", "F3", "F4"]
        log = rows(engine, "meta_load_log")
        fravaer_log = log[log["kind"] == "fravaer"].set_index("file_name")["status"].to_dict()
        assert fravaer_log == {"hr/fravaer_20190115.csv": "superseded", newer: "loaded"}
    finally:
        engine.dispose()
