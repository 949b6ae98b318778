"""A Bærum-sized landing directory ingests completely on the embedded warehouse, and a second ingest
of the same directory loads nothing. How fast belongs to `make bench` (ingest cold against the I/O
floor, bench/results.md), never to a timed unit test."""
from __future__ import annotations

import pytest

from tests.landing import ingest, rows


@pytest.mark.slow
def test_baerum_sized_landing_ingests_and_an_unchanged_one_loads_nothing_on_duckdb(tmp_path, duckdb_url):
    """~40k employment rows, ~190k absences and monthly payroll, all loaded; the same files again: none."""
    from hr.demo import generate_landing
    from hr.warehouse import engine_for

    landing = generate_landing(tmp_path / "landing", scale="baerum", seed=2018)
    summary = ingest(landing, tmp_path, duckdb_url)
    assert summary.rows_loaded > 500_000 and not summary.rejected
    assert len(rows(engine_for(duckdb_url), "stg_ansatte")) > 25_000
    again = ingest(landing, tmp_path, duckdb_url)
    assert again.rows_loaded == 0 and not again.rejected
