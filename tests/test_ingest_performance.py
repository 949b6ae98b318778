"""A Bærum-sized landing directory ingests in well under a minute on the embedded warehouse."""
from __future__ import annotations

import time

import pytest

from tests.landing import ingest, rows


@pytest.mark.slow
def test_baerum_sized_landing_ingests_within_a_minute_on_duckdb(tmp_path, duckdb_url):
    """~40k employment rows, ~190k absences and monthly payroll must not make `hr ingest` a coffee break."""
    from hr.demo import generate_landing
    from hr.warehouse import engine_for

    landing = generate_landing(tmp_path / "landing", scale="baerum", seed=2018)
    started = time.perf_counter()
    summary = ingest(landing, tmp_path, duckdb_url)
    took = time.perf_counter() - started
    assert summary.rows_loaded > 500_000 and not summary.rejected
    assert len(rows(engine_for(duckdb_url), "stg_ansatte")) > 25_000
    assert took < 60, f"ingest took {took:.0f} s"
    started = time.perf_counter()
    again = ingest(landing, tmp_path, duckdb_url)
    assert again.rows_loaded == 0 and time.perf_counter() - started < 20
