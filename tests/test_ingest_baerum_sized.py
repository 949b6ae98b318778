"""A Bærum-sized landing directory ingests completely on the embedded warehouse, and a second ingest
of the same directory loads nothing. How fast belongs to `make bench` (ingest cold against the I/O
floor, bench/results.md), never to a timed unit test.

The first ingest is the session's one load of the Bærum-sized demo (`baerum_demo_loaded`,
tests/conftest.py), shared with the demo's report, calibration and realism tests; the second runs on a
copy of its working directory (warehouse file and all), so the shared warehouse stays as loaded."""

from __future__ import annotations

import shutil

import pytest

from tests.landing import TEST_KEY, rows


@pytest.mark.slow
def test_baerum_sized_landing_ingests_and_an_unchanged_one_loads_nothing_on_duckdb(tmp_path, baerum_demo_loaded):
    """~40k employment rows, ~190k absences and monthly payroll, all loaded; the same files again: none."""
    from hr.ingest import ingest_landing
    from hr.settings import build_settings
    from hr.warehouse import engine_for

    landing, loaded, summary = (baerum_demo_loaded[k] for k in ("landing", "settings", "summary"))
    assert loaded.warehouse_url.startswith("duckdb:///")
    assert summary.rows_loaded > 500_000 and not summary.rejected
    workdir = tmp_path / "work"
    shutil.copytree(loaded.workdir, workdir)
    settings = build_settings(workdir=workdir, env={"HR_PSEUDONYM_KEY": TEST_KEY})
    assert settings.warehouse_url != loaded.warehouse_url and settings.warehouse_url.startswith("duckdb:///")
    assert len(rows(engine_for(settings.warehouse_url), "stg_ansatte")) > 25_000
    again = ingest_landing(landing, settings)
    assert again.rows_loaded == 0 and not again.rejected
