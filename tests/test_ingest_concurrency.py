"""Two ingests at once on one warehouse never load a delivery twice (issue "Nothing lost", item 4).

An ingest holds the warehouse for its whole run (hr.warehouse.exclusive_writer: a PostgreSQL advisory
lock, a lock file beside the DuckDB file). The first ingest is stopped inside its first load
transaction (HR_TEST_PAUSE_IN_LOAD), so the others certainly start while it holds the warehouse:
an `hr ingest` with a short HR_INGEST_LOCK_TIMEOUT gives up with one clear line and exit status 1; an
ingest with the default timeout says it waits, then finds every delivery already loaded.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.landing import TEST_KEY, Landing
from tests.test_ingest_crash import start_ingest, state, wait_for


def start_hr_ingest(landing: Path, url: str, tmp_path: Path, name: str, **env: str) -> subprocess.Popen:
    """The real `hr ingest` command in its own process (its own Prefect home, though the plain command
    uses none); stdout/stderr to <tmp_path>/<name>.out/.err."""
    full_env = {
        **os.environ,
        "HR_HOME": str(tmp_path / "wd"),
        "HR_PSEUDONYM_KEY": TEST_KEY,
        "PREFECT_HOME": str(tmp_path / f"prefect-{name}"),
        "COLUMNS": "200",
        **env,
    }
    hr = Path(sys.executable).with_name("hr")
    return subprocess.Popen(
        [str(hr), "ingest", "--landing", str(landing), "--warehouse", url],
        cwd=tmp_path,
        env=full_env,
        stdout=open(tmp_path / f"{name}.out", "w"),
        stderr=open(tmp_path / f"{name}.err", "w"),
    )


def test_concurrent_ingests_wait_for_each_other_and_load_every_delivery_once(warehouse_url, tmp_path):
    landing = Landing(tmp_path / "landing").standard()
    paused = tmp_path / "paused"
    first = start_ingest(
        landing.root, tmp_path / "wd", warehouse_url, tmp_path, "first", HR_TEST_PAUSE_IN_LOAD=str(paused)
    )
    others: list[subprocess.Popen] = []
    try:
        wait_for(paused.exists, first, "the first ingest to hold the warehouse")
        # While the first holds the warehouse inside a load: an `hr ingest` that waits at most a second,
        # and an ingest that waits as long as it takes (the default).
        impatient = start_hr_ingest(landing.root, warehouse_url, tmp_path, "impatient", HR_INGEST_LOCK_TIMEOUT="1")
        patient = start_ingest(landing.root, tmp_path / "wd", warehouse_url, tmp_path, "patient")
        others = [impatient, patient]

        assert impatient.wait(timeout=240) == 1
        said = [line for line in (tmp_path / "impatient.err").read_text().splitlines() if line.strip()]
        assert said[-1].startswith("Feil: en annen innlesing til datavarehuset ") and "ga opp etter 1 s" in said[-1]
        assert "Traceback" not in (tmp_path / "impatient.err").read_text()

        wait_for(
            lambda: "Venter: en annen innlesing" in (tmp_path / "patient.err").read_text(),
            patient,
            "the patient ingest to say it waits",
            timeout=240,
        )
        assert first.poll() is None  # the first is still inside its load: nothing was committed yet
        paused.unlink()  # ... now it commits and goes on
        assert first.wait(timeout=180) == 0, (tmp_path / "first.err").read_text()
        assert patient.wait(timeout=180) == 0, (tmp_path / "patient.err").read_text()
    finally:
        for proc in (first, *others):
            if proc.poll() is None:
                proc.kill()

    loaded = dict(item.split("=") for item in (tmp_path / "first.out").read_text().split())
    assert set(loaded.values()) == {"loaded"} and len(loaded) == 13
    patient_said = dict(item.split("=") for item in (tmp_path / "patient.out").read_text().split())
    assert patient_said.keys() == loaded.keys() and set(patient_said.values()) == {"unchanged"}
    assert "Traceback" not in (tmp_path / "patient.err").read_text()

    tables = state(warehouse_url)
    log = tables["meta_load_log"]
    assert sorted(log["file_name"]) == sorted(loaded) and set(log["status"]) == {"loaded"}
    expected_rows = {
        "stg_organisasjon": 5,
        "stg_ansatte": 4,
        "stg_fravaer": 3,
        "stg_rekruttering": 2,
        "stg_lonn": 3,
        "stg_pensjon": 3,
        "ref_kommune": 1,
        "ref_stillingskode": 4,
    }
    assert {t: len(tables[t]) for t in expected_rows} == expected_rows
    for table, frame in tables.items():  # nothing doubled anywhere
        if table.startswith(("stg_", "ref_")):
            assert not frame.drop(columns=[c for c in ("load_id",) if c in frame]).duplicated().any(), table


def test_municipalities_sharing_a_postgresql_warehouse_ingest_side_by_side(postgres_url, tmp_path):
    """The lock is per municipality: while Bærum's ingest is held inside a load transaction, Asker's ingest
    into the same warehouse neither waits nor fails, and each municipality ends with exactly its own rows."""
    baerum = Landing(tmp_path / "baerum").standard()
    asker = Landing(tmp_path / "asker").standard()
    asker.kommune("Asker kommune", "3203")
    paused = tmp_path / "paused"
    first = start_ingest(
        baerum.root, tmp_path / "wd", postgres_url, tmp_path, "first", HR_TEST_PAUSE_IN_LOAD=str(paused)
    )
    try:
        wait_for(paused.exists, first, "Bærum's ingest to hold its lock")
        # would give up after a second (exit 1) if it had to wait for Bærum's lock
        other = start_ingest(asker.root, tmp_path / "wd", postgres_url, tmp_path, "asker", HR_INGEST_LOCK_TIMEOUT="1")
        assert other.wait(timeout=240) == 0, (tmp_path / "asker.err").read_text()
        assert "Venter" not in (tmp_path / "asker.err").read_text()
        assert first.poll() is None  # Bærum is still inside its first load
        paused.unlink()
        assert first.wait(timeout=180) == 0, (tmp_path / "first.err").read_text()
    finally:
        if first.poll() is None:
            first.kill()
    tables = state(postgres_url)
    log = tables["meta_load_log"]
    assert log.groupby("kommunenummer")["file_name"].nunique().to_dict() == {"0219": 13, "3203": 13}
    assert set(log["status"]) == {"loaded"}
    for table in ("stg_ansatte", "stg_fravaer", "int_sykefravaer_segment", "int_arbeidsforhold_omrade"):
        per = tables[table].groupby("kommunenummer").size().to_dict()
        assert per.keys() == {"0219", "3203"} and per["0219"] == per["3203"], (table, per)
    assert sorted(tables["meta_rebuild"]["kommunenummer"]) == ["0219", "3203"]
