"""`hr quarantine list|show`: a data engineer finds the rejected rows by file, line, column and rule."""

import re

import pytest

from flows.quarantine import quarantine_flow
from hr.ingest import ingest_landing
from hr.settings import build_settings


@pytest.fixture
def loaded(warehouse_url, tmp_path, tiny_demo):
    landing = tiny_demo(tmp_path / "landing")
    ingest_landing(landing, build_settings(workdir=tmp_path / "work", warehouse_url=warehouse_url))
    return warehouse_url


def test_list_counts_quarantined_rows_per_delivery_and_rule(loaded):
    """The overview must account for the planted bad rows, per file and rule."""
    rows = quarantine_flow.fn(warehouse_url=loaded)
    by_rule = {(r["file_name"].split("/")[0], r["rule"]): r["rader"] for r in rows}
    assert by_rule[("hr", "fodselsnummer_mod11")] >= 1
    assert by_rule[("lonn", "periode_ulik_filnavn")] >= 1
    assert quarantine_flow.fn(warehouse_url=loaded, kommunenummer="9999") == []


def test_show_gives_line_column_value_and_rule_without_any_fodselsnummer(loaded):
    """The rows are shown so they can be fixed at the source, but an identity number never is."""
    overview = quarantine_flow.fn(warehouse_url=loaded)
    ansatte = next(r["file_name"] for r in overview if r["file_name"].startswith("hr/ansatte_"))
    rows = quarantine_flow.fn(file_name=ansatte, warehouse_url=loaded)
    fnr_rows = [r for r in rows if r["rule"] == "fodselsnummer_mod11"]
    assert fnr_rows and all(r["line"] > 1 and r["column_name"] == "fodselsnummer" for r in fnr_rows)
    assert all(not re.search(r"\d{11}", str(r["verdi"])) for r in rows)


def test_show_of_a_name_never_delivered_says_so_and_exits_2(tmp_path, monkeypatch):
    """A mistyped name is not "no rows in quarantine": the data engineer is told no such file was delivered."""
    from typer.testing import CliRunner

    from hr.cli import app

    monkeypatch.delenv("PREFECT_API_URL", raising=False)

    url = f"duckdb:///{tmp_path / 'wh.duckdb'}"
    result = CliRunner().invoke(app, ["quarantine", "show", "hr/finnesikke.csv", "--warehouse", url])
    assert result.exit_code == 2, result.output
    assert "ingen fil med navnet hr/finnesikke.csv er levert" in result.output
    assert "Traceback" not in result.output


def test_show_of_a_delivered_file_without_quarantined_rows_says_none_and_exits_0(loaded, monkeypatch):
    from typer.testing import CliRunner

    from hr.cli import app

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    result = CliRunner().invoke(app, ["quarantine", "show", "referanse/kommune.yaml", "--warehouse", loaded])
    assert result.exit_code == 0, result.output
    assert "Ingen rader i karantene fra referanse/kommune.yaml." in result.output
