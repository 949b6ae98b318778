"""The up-to-date check: a re-run with nothing changed is skipped, and anything that changed is not.

Each test starts from one real report run (ingest → compute → render → publish) and then changes one
thing the report depends on; the check must then say "run it" (None). On both warehouses.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hr import up_to_date
from hr.cli import app
from hr.settings import build_settings
from tests.conftest import new_warehouse_url


@pytest.fixture(scope="module")
def demo_landing(tiny_demo, tmp_path_factory):
    return tiny_demo(tmp_path_factory.mktemp("demo") / "landing")


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def published_once(request, demo_landing, tmp_path_factory):
    """A landing copy, its warehouse and the 2018H2 report rendered and published from them.

    One report run per warehouse for the whole module; `published` puts back what a test changes.
    """
    from flows.reports import sykefravaer_report_flow

    tmp_path = tmp_path_factory.mktemp(request.param)
    warehouse_url = new_warehouse_url(request, tmp_path)
    landing = tmp_path / "landing"
    shutil.copytree(demo_landing, landing)
    out = tmp_path / "out"
    settings = build_settings(workdir=tmp_path / "hr", warehouse_url=warehouse_url)
    outcome = sykefravaer_report_flow(
        "2018H2", str(landing), str(out), workdir=str(settings.workdir), warehouse_url=warehouse_url
    )
    return settings, landing, out, outcome


def _snapshot(root: Path) -> dict[Path, tuple[bytes, int]]:
    return {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in root.rglob("*") if p.is_file()}


def _restore(root: Path, kept: dict[Path, tuple[bytes, int]]) -> None:
    """Put `root` back as `_snapshot` saw it: files added since are removed, changed or removed ones
    written back with their old content and modification time."""
    for p in [p for p in root.rglob("*") if p.is_file() and p not in kept]:
        p.unlink()
    for p, (data, mtime_ns) in kept.items():
        if not p.is_file() or p.read_bytes() != data or p.stat().st_mtime_ns != mtime_ns:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_bytes(data)
            os.utime(p, ns=(mtime_ns, mtime_ns))


@pytest.fixture
def published(published_once):
    """The module's published report; whatever a test changes in its landing or output directory is
    put back afterwards, also when the test fails half-way, so no test depends on another's success."""
    _, landing, out, _ = published_once
    kept = {root: _snapshot(root) for root in (landing, out)}
    try:
        yield published_once
    finally:
        for root, files in kept.items():
            _restore(root, files)


def _check(settings, landing, out, periods=("2018H2",)):
    return up_to_date.check(settings, landing, "sykefravaer", list(periods), out)


def test_nothing_changed_is_up_to_date_with_the_published_outcome(published):
    settings, landing, out, outcome = published
    fresh = _check(settings, landing, out)
    assert fresh is not None and len(fresh) == 1
    assert fresh[0].headline == outcome.headline
    assert fresh[0].pdf.resolve() == Path(outcome.pdf).resolve()
    assert fresh[0].figures_csv.read_bytes() == Path(outcome.figures_csv).read_bytes()


def test_a_period_never_published_is_not_up_to_date(published):
    settings, landing, out, _ = published
    assert _check(settings, landing, out, periods=("2018H1", "2018H2")) is None


def test_edited_figures_file_or_missing_pdf_or_html_is_not_up_to_date(published):
    settings, landing, out, outcome = published
    csv_path = Path(outcome.figures_csv)
    original = csv_path.read_bytes()
    csv_path.write_bytes(original.replace(b"\n", b"\r\n", 1))
    assert _check(settings, landing, out) is None
    csv_path.write_bytes(original)
    assert _check(settings, landing, out) is not None
    pdf = Path(outcome.pdf)
    pdf_bytes = pdf.read_bytes()
    pdf.unlink()
    assert _check(settings, landing, out) is None
    pdf.write_bytes(pdf_bytes)
    html = pdf.with_suffix(".html")
    html_bytes = html.read_bytes()
    html.unlink()
    assert _check(settings, landing, out) is None
    html.write_bytes(html_bytes)
    assert _check(settings, landing, out) is not None


def test_missing_or_stale_manifest_is_not_up_to_date(published):
    """The manifest beside the PDF is part of the report: gone, damaged, or naming a file with another
    checksum than the one in use, the report is rendered again."""
    import json

    settings, landing, out, outcome = published
    manifest = Path(outcome.pdf).with_suffix(".manifest.json")
    original = manifest.read_bytes()
    data = json.loads(original)
    assert data["rapport"] == "sykefravaer" and data["periode"] == "2018H2" and data["extracts"]
    manifest.unlink()
    assert _check(settings, landing, out) is None
    manifest.write_bytes(b"{")
    assert _check(settings, landing, out) is None
    stale = {**data, "extracts": [{**data["extracts"][0], "checksum": "0" * 64}] + data["extracts"][1:]}
    manifest.write_text(json.dumps(stale), encoding="utf-8")
    assert _check(settings, landing, out) is None
    manifest.write_bytes(original)
    assert _check(settings, landing, out) is not None


def test_another_output_directory_is_not_up_to_date(published, tmp_path):
    settings, landing, out, _ = published
    other = tmp_path / "other"
    shutil.copytree(out, other)
    assert _check(settings, landing, other) is None


def test_changed_or_new_extract_is_not_up_to_date(published):
    settings, landing, out, _ = published
    payroll = sorted((landing / "lonn").glob("lonn_*.csv"))[-1]
    original = payroll.read_bytes()
    payroll.write_bytes(original + original.splitlines(keepends=True)[-1])  # a row delivered twice
    assert _check(settings, landing, out) is None
    payroll.write_bytes(original)
    assert _check(settings, landing, out) is not None
    extra = payroll.with_name("lonn_209912.csv")
    shutil.copy(payroll, extra)
    assert _check(settings, landing, out) is None
    extra.unlink()


def test_changed_code_or_suppression_threshold_is_not_up_to_date(published, monkeypatch):
    settings, landing, out, _ = published
    from dataclasses import replace

    assert _check(replace(settings, min_n=settings.min_n + 1), landing, out) is None
    import hr.code_version

    monkeypatch.setattr(hr.code_version, "code_version", lambda: "another-version")
    assert _check(settings, landing, out) is None


def test_missing_warehouse_is_not_up_to_date_and_not_created(tmp_path, demo_landing):
    url = f"duckdb:///{tmp_path / 'none' / 'warehouse.duckdb'}"
    settings = build_settings(workdir=tmp_path / "hr", warehouse_url=url)
    assert _check(settings, demo_landing, tmp_path / "out") is None
    assert not (tmp_path / "none").exists()


def _hr(*args: str, cwd: Path, monkeypatch):
    """`hr …` in this process (typer's CliRunner), in `cwd`, with its own HR_HOME and no Prefect server
    configured: the command runs the plain core, as it would alone."""
    monkeypatch.chdir(cwd)
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    result = CliRunner().invoke(app, list(args), env={"HR_HOME": str(cwd / "hr"), "COLUMNS": "200"})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def test_cli_backfill_second_run_is_unchanged_and_force_runs_again(demo_landing, tmp_path, monkeypatch):
    """The operator sees "uendret" for a no-op re-run, the same files, and --force still runs everything."""
    args = ("backfill", "sykefravaer", "2018H1", "2018H2", "--landing", str(demo_landing), "--out", "out")
    first = _hr(*args, cwd=tmp_path, monkeypatch=monkeypatch)
    assert first.exit_code == 0, first.output
    figures = {p.name: p.read_bytes() for p in (tmp_path / "out").glob("*.figures.csv")}
    assert len(figures) == 2

    second = _hr(*args, cwd=tmp_path, monkeypatch=monkeypatch)
    assert second.exit_code == 0, second.output
    assert "ingenting er endret" in second.stdout and second.stdout.count("uendret") == 2
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").glob("*.figures.csv")} == figures

    forced = _hr(*args, "--force", cwd=tmp_path, monkeypatch=monkeypatch)
    assert forced.exit_code == 0, forced.output
    assert "uendret" not in forced.stdout and forced.stdout.count(" ok ") == 2


def test_changed_measures_register_or_missing_measures_file_is_not_up_to_date(published):
    """The demo ships referanse/tiltak.csv: a changed register re-renders, and so does a report whose
    measures file (<report>_<period>.tiltak.csv) is gone."""
    settings, landing, out, outcome = published
    register = landing / "referanse" / "tiltak.csv"
    original = register.read_bytes()
    register.write_bytes(
        original.replace(b";PAGAR;", b";FULLFORT;", 1).replace(b";;FULLFORT;", b";31.12.2018;FULLFORT;", 1)
    )
    assert _check(settings, landing, out) is None
    register.write_bytes(original)
    assert _check(settings, landing, out) is not None
    measures = Path(outcome.pdf).with_suffix(".tiltak.csv")
    kept = measures.read_bytes()
    assert kept.startswith(b"tiltak_id,omrade,tittel,ansvarlig,status,indikator,verdi_ved_start,verdi_na,endring\n")
    measures.unlink()
    assert _check(settings, landing, out) is None
    measures.write_bytes(kept)
    assert _check(settings, landing, out) is not None
