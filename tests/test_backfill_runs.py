"""Backfill on the tiny demo data, run locally: failures per period, byte-identical re-runs, skipped re-renders."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def landing(tiny_demo, tmp_path_factory):
    return tiny_demo(tmp_path_factory.mktemp("demo") / "landing")


@pytest.fixture
def warehouse(tmp_path):
    return f"duckdb:///{tmp_path / 'hr' / 'warehouse.duckdb'}"


def test_backfill_with_a_period_without_data_renders_the_others_and_exits_non_zero(landing, tmp_path, warehouse):
    """One empty period must not cost the operator the other periods; the exit status must still say so."""
    from flows.backfill import run_backfill

    out = tmp_path / "out"
    done = []
    result = run_backfill("sykefravaer", "2013H1", "2013H2", str(landing), str(out), warehouse, on_done=done.append)
    assert [r.period for r in done] == ["2013H1", "2013H2"]
    failed, ok = result.results
    assert (failed.ok, failed.exit_code) == (False, 4) and "2013" in failed.message
    assert ok.ok and (out / "sykefravaer_2013H2.pdf").is_file() and (out / "sykefravaer_2013H2.figures.csv").is_file()
    assert not (out / "sykefravaer_2013H1.pdf").exists()
    assert not result.ok and result.exit_code == 4


def test_same_inputs_give_byte_identical_figures_files_and_no_revision(landing, tmp_path, warehouse):
    """Re-running a period must reproduce its figures file exactly, or every re-run would look like a revision."""
    from flows.reports import sykefravaer_report_flow

    first = sykefravaer_report_flow("2018H1", str(landing), str(tmp_path / "a"), warehouse_url=warehouse)
    # Another output directory: nothing cached applies to it, so this is a real second rendering.
    second = sykefravaer_report_flow("2018H1", str(landing), str(tmp_path / "b"), warehouse_url=warehouse)
    assert first.figures_csv.read_bytes() == second.figures_csv.read_bytes()
    assert first.revision == "" and second.revision == ""


def test_rerun_with_nothing_changed_skips_rendering_unless_the_files_are_gone(landing, tmp_path, warehouse):
    """The second backfill must be cheap; but a deleted PDF must be rendered again, not reported from cache."""
    from flows.reports import sykefravaer_report_flow

    out = tmp_path / "out"
    first = sykefravaer_report_flow("2018H2", str(landing), str(out), warehouse_url=warehouse)
    stamp = first.pdf.stat().st_mtime_ns
    sykefravaer_report_flow("2018H2", str(landing), str(out), warehouse_url=warehouse)
    assert first.pdf.stat().st_mtime_ns == stamp, "unchanged period was rendered again"
    first.pdf.unlink()
    third = sykefravaer_report_flow("2018H2", str(landing), str(out), warehouse_url=warehouse)
    assert third.pdf.is_file() and third.pdf.stat().st_size > 0


def test_unchanged_periods_are_not_recorded_on_a_server_that_cannot_take_them(tmp_path):
    """No server on that port: record_unchanged says so (the backfill then runs the periods on the worker)."""
    from flows.serve import free_port
    from hr.server_runs import record_unchanged, run_parameters
    from hr.up_to_date import UpToDate

    fresh = [UpToDate("sykefravaer", "2018H1", tmp_path / "a.pdf", tmp_path / "a.figures.csv", "sykefravær 6,5 %", 0)]
    assert (
        record_unchanged(
            f"http://127.0.0.1:{free_port()}/api", "sykefravaer", fresh, tmp_path, tmp_path, "duckdb:///x.duckdb"
        )
        is False
    )
    # the parameters a worker run would get: absolute paths, render only
    params = run_parameters("medarbeidere", "2018", "landing", "out", None)
    assert params == {
        "year": "2018",
        "landing": str((tmp_path.cwd() / "landing").resolve()),
        "out": str((tmp_path.cwd() / "out").resolve()),
        "deliver": False,
        "force": False,
    }
