"""The `hr` command end to end, as a data engineer runs it: exit codes, files, both warehouses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HR = Path(sys.executable).parent / "hr"


def run_hr(*args: str, cwd: Path, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    """The real `hr` command in its own process: for what only a process shows (exit status, no traceback)."""
    env = dict(os.environ, HR_HOME=str(cwd / ".hr"), **(env_extra or {}))
    return subprocess.run([str(HR), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def invoke_hr(*args: str, cwd: Path, monkeypatch):
    """`hr …` in this process (typer's CliRunner), in `cwd` with its own HR_HOME: the same command without a
    process start and a cold Prefect server of its own (the first command of the session starts one)."""
    from typer.testing import CliRunner

    from hr.cli import app

    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, list(args), env={"HR_HOME": str(cwd / ".hr")})
    # an expected error ends in typer.Exit (SystemExit with its status); anything else is a bug
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


@pytest.fixture(scope="module")
def tiny_landing(tmp_path_factory) -> Path:
    from hr.demo import generate_landing

    return generate_landing(tmp_path_factory.mktemp("landing") / "landing", scale="tiny", seed=7)


def test_demo_prints_the_paths_of_both_pdfs(tmp_path):
    """`make demo` ends with the PDF paths; a politician's report must exist where it says."""
    res = run_hr("demo", "--scale", "tiny", "--out", str(tmp_path / "demo"), cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    paths = [Path(line) for line in res.stdout.splitlines() if line.endswith(".pdf")]
    assert [p.name for p in paths] == ["sykefravaer_2018H2.pdf", "medarbeidere_2018.pdf"]
    for p in paths:
        assert p.is_file() and p.read_bytes().startswith(b"%PDF")
        assert p.with_name(p.name.replace(".pdf", ".figures.csv")).is_file()
    assert "Traceback" not in res.stderr


@pytest.mark.parametrize("report,period", [("sykefravaer", "2018H1"), ("medarbeidere", "2018")])
def test_the_same_extracts_give_identical_figures_on_duckdb_and_postgresql(
    report, period, tiny_landing, postgres_url, tmp_path, monkeypatch
):
    """PostgreSQL is production, DuckDB the laptop: a politician must get the same numbers from both."""
    a = invoke_hr(
        "report",
        report,
        period,
        "--landing",
        str(tiny_landing),
        "--out",
        str(tmp_path / "duck"),
        cwd=tmp_path,
        monkeypatch=monkeypatch,
    )
    b = invoke_hr(
        "report",
        report,
        period,
        "--landing",
        str(tiny_landing),
        "--out",
        str(tmp_path / "pg"),
        "--warehouse",
        postgres_url,
        cwd=tmp_path,
        monkeypatch=monkeypatch,
    )
    assert a.exit_code == 0, a.output
    assert b.exit_code == 0, b.output
    name = f"{report}_{period}.figures.csv"
    duck, pg = (tmp_path / "duck" / name).read_bytes(), (tmp_path / "pg" / name).read_bytes()
    assert duck.count(b"\n") > 20
    assert duck == pg


def test_a_period_without_data_exits_4_with_a_clear_message(tiny_landing, tmp_path):
    """A scheduled run for an empty period must say so, not publish an empty report."""
    res = run_hr(
        "report", "sykefravaer", "2030H1", "--landing", str(tiny_landing), "--out", str(tmp_path), cwd=tmp_path
    )
    assert res.returncode == 4, res.stdout + res.stderr
    assert "ingen data" in res.stderr and "Traceback" not in res.stderr
    assert not list(tmp_path.glob("*.pdf"))


def test_bad_usage_exits_2(tmp_path, tiny_landing):
    """A half-year report asked for a year is a usage error, caught before any work."""
    res = run_hr("report", "sykefravaer", "2018", "--landing", str(tiny_landing), "--out", str(tmp_path), cwd=tmp_path)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr


def test_a_file_missing_a_required_column_exits_3_naming_the_column(tiny_landing, tmp_path, monkeypatch):
    """A truncated export must stop the report, naming file and column, with nothing of it loaded."""
    import shutil

    landing = tmp_path / "landing"
    shutil.copytree(tiny_landing, landing)
    newest = sorted((landing / "hr").glob("fravaer_*.csv"))[-1]
    raw = newest.read_bytes().decode("utf-8-sig").splitlines()
    header = raw[0].split(";")
    idx = header.index("grad")
    cut = [";".join(c for i, c in enumerate(line.split(";")) if i != idx) for line in raw]
    newest.write_text("\n".join(cut) + "\n", encoding="utf-8")
    res = invoke_hr(
        "report",
        "sykefravaer",
        "2018H1",
        "--landing",
        str(landing),
        "--out",
        str(tmp_path / "o"),
        cwd=tmp_path,
        monkeypatch=monkeypatch,
    )
    assert res.exit_code == 3, res.output
    assert newest.name in res.stderr and "grad" in res.stderr
    assert "Traceback" not in res.output
