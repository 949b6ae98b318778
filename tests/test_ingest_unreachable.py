"""A warehouse that cannot be reached is tried again with back-off, then the run fails with one clear
line naming the warehouse (issue "Nothing lost", item 3). HR_WAREHOUSE_RETRY_DELAYS sets the back-off
(hr.settings.warehouse_patience); the tests use fractions of a second.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from hr.warehouse import WarehouseError, create_engine, wait_until_reachable
from tests.landing import TEST_KEY, Landing


def _closed_port() -> int:
    """A local TCP port nobody listens on (bound once by us to find a free one, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_warehouse_is_retried_with_the_back_off_then_named_in_one_line():
    port = _closed_port()
    engine = create_engine(f"postgresql+psycopg://postgres:hemmelig@127.0.0.1:{port}/hr")
    slept: list[float] = []
    with pytest.raises(WarehouseError) as raised:
        wait_until_reachable(engine, [0.5, 1.0, 2.0], sleep=slept.append)
    assert slept == [0.5, 1.0, 2.0]  # four attempts, the waits in between as configured
    message = str(raised.value)
    assert message.startswith(f"datavarehuset 127.0.0.1:{port}/hr kan ikke nås etter 4 forsøk (")
    assert "Connection refused" in message and "\n" not in message and "hemmelig" not in message


def test_a_warehouse_that_comes_back_during_the_back_off_is_used(duckdb_url, monkeypatch):
    engine = create_engine(duckdb_url)
    real_connect, failures = engine.connect, [2]

    def flaky_connect():
        if failures[0]:
            failures[0] -= 1
            raise sa.exc.OperationalError("connect", {}, ConnectionError("server restarting"))
        return real_connect()

    monkeypatch.setattr(engine, "connect", flaky_connect)
    slept: list[float] = []
    wait_until_reachable(engine, [0.1, 0.2, 0.4], sleep=slept.append)
    assert slept == [0.1, 0.2] and failures == [0]
    engine.dispose()


def test_a_bug_is_not_mistaken_for_an_unreachable_warehouse(duckdb_url, monkeypatch):
    """Only connection failures are retried: anything else surfaces at once, unchanged."""
    engine = create_engine(duckdb_url)
    monkeypatch.setattr(engine, "connect", lambda: (_ for _ in ()).throw(KeyError("bug")))
    slept: list[float] = []
    with pytest.raises(KeyError):
        wait_until_reachable(engine, [0.1], sleep=slept.append)
    assert slept == []


def test_a_duckdb_file_held_by_another_program_is_retried_then_named(held_duckdb):
    """DuckDB lets one process open its file: a program holding it (a BI tool, a stray shell) is waited for,
    and if it does not let go the message says which file and which process holds it."""
    path, pid = held_duckdb
    engine = create_engine(f"duckdb:///{path}")
    slept: list[float] = []
    with pytest.raises(WarehouseError) as raised:
        wait_until_reachable(engine, [0.1, 0.1], sleep=slept.append)
    assert slept == [0.1, 0.1]
    message = str(raised.value)
    assert message.startswith(f"datavarehuset {path} kan ikke nås etter 3 forsøk (")
    assert f"PID {pid}" in message and "\n" not in message


def test_hr_ingest_on_an_unreachable_postgresql_exits_1_with_one_line_naming_the_host(tmp_path):
    """The real command, as a scheduler would run it: no traceback, exit status 1, the host and port named."""
    port = _closed_port()
    landing = Landing(tmp_path / "landing").standard()
    env = {
        **os.environ,
        "HR_HOME": str(tmp_path / "wd"),
        "HR_PSEUDONYM_KEY": TEST_KEY,
        "HR_WAREHOUSE_RETRY_DELAYS": "0.1,0.2",
        "PREFECT_HOME": str(tmp_path / "prefect"),
    }
    hr = Path(sys.executable).with_name("hr")
    done = subprocess.run(
        [
            str(hr),
            "ingest",
            "--landing",
            str(landing.root),
            "--warehouse",
            f"postgresql+psycopg://postgres@127.0.0.1:{port}/hr",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"Feil: datavarehuset 127.0.0.1:{port}/hr kan ikke nås etter 3 forsøk (")
    assert "Traceback" not in done.stdout + done.stderr
