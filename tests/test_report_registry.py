"""The report registry (issue 17): a third report is one definition, its SQL and its template.

A toy report, defined here and nowhere else, runs through the very path of the real reports: the CLI
(`hr report <name> <period>`, in process), the report flow, the compute and render tasks, the publish
log. Its one figure comes from an existing mart; its template is two lines.
"""

from __future__ import annotations

import csv

import pytest
from typer.testing import CliRunner

from hr import report_registry
from hr.figures import HELE_KOMMUNEN, Figure
from hr.periods import Period
from hr.report_registry import Presence, ReportDefinition, UnknownReport

TOY = "toyrapport"
METRIC = "toy_personer"
TEMPLATE = (
    '<html lang="nb"><head><title>Personer {{ periode }}</title></head><body><h1>Personer {{ periode }}</h1>\n'
    "<p>Personer med ansettelse 31.12.: {{ antall }}</p></body></html>\n"
)


def _compute(conn, kommunenummer: str, period: Period, min_n: int) -> list[Figure]:
    """Persons with an employment at year-end, the whole municipality (marts/fct_arsverk_status.sql)."""
    from hr.warehouse import query

    day = f"{period.year}-12-31"
    rows = query(conn, "marts/fct_arsverk_status.sql", kommunenummer=kommunenummer, dato=day)
    total = rows[rows.er_total == 1]
    if total.empty:
        return []
    n = int(total.personer_totalt.iloc[0])
    return [Figure(METRIC, day, HELE_KOMMUNEN, "", n, "personer", n)]


@pytest.fixture
def toy(tmp_path):
    """The toy report, registered for the test only (its template in a directory of its own)."""
    from reports.render import write_report

    templates = tmp_path / "maler"
    templates.mkdir()
    (templates / "toy.html.j2").write_text(TEMPLATE, encoding="utf-8")

    def render(figures, meta, out_dir, *, web=False):
        (figure,) = [f for f in figures if f.metric == METRIC]
        context = {"periode": meta.period.code, "antall": int(figure.verdi)}
        return write_report(TOY, figures, meta, context, "toy.html.j2", out_dir, web, template_dir=templates)

    defn = ReportDefinition(
        name=TOY,
        title_nb="Personer",
        period_kind="year",
        period_hint="et år som 2018",
        period_help="År, f.eks. 2018.",
        command_help="Antall personer ved årsskiftet (testrapport).",
        backfill_help="Alle år fra FROM til og med TO.",
        flow_param="year",
        headline_metric=METRIC,
        headline_label="personer",
        presence=Presence(METRIC, lambda p: f"{p.year}-12-31"),
        horizon_kinds=("ansatte",),
        extracts=frozenset({"kommune", "organisasjon", "ansatte"}),
        compute=_compute,
        render=render,
        order=90,
    )
    report_registry.register(defn)
    try:
        yield defn
    finally:
        report_registry.unregister(TOY)
    assert TOY not in report_registry.names()


@pytest.fixture(scope="module")
def landing(tiny_demo, tmp_path_factory):
    return tiny_demo(tmp_path_factory.mktemp("demo") / "landing")


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """One working directory (pseudonym key) and warehouse for the module's runs: the second run finds
    nothing new to ingest."""
    return tmp_path_factory.mktemp("hr")


@pytest.fixture(scope="module")
def warehouse(home):
    return f"duckdb:///{home / 'warehouse.duckdb'}"


def _hr(*args: str, home):
    from hr.cli import app

    return CliRunner().invoke(app, list(args), env={"HR_HOME": str(home), "COLUMNS": "200"})


def test_the_built_in_reports_are_registered_in_their_order():
    assert report_registry.names()[:2] == ["sykefravaer", "medarbeidere"]
    syk, med = report_registry.get("sykefravaer"), report_registry.get("medarbeidere")
    assert (syk.period_kind, syk.flow_param, med.period_kind, med.flow_param) == ("half", "period", "year", "year")
    assert syk.deployment_flow == "hr-sykefravaer" and report_registry.by_deployment_flow("hr-medarbeidere") is med
    assert med.uses_extract("lonn") and not syk.uses_extract("lonn")


def test_a_third_report_renders_through_the_cli_like_the_real_ones(toy, landing, warehouse, home, tmp_path):
    """Registered, the toy report has its `hr report` command, its PDF with the figure, and its figures file."""
    import pdfplumber

    out = tmp_path / "ut"
    assert toy.command_help in _hr("report", "--help", home=home).output

    wrong = _hr(
        "report", TOY, "2018H1", "--landing", str(landing), "--out", str(out), "--warehouse", warehouse, home=home
    )
    assert wrong.exit_code == 2 and f"{TOY} tar et år som 2018" in wrong.output

    done = _hr("report", TOY, "2018", "--landing", str(landing), "--out", str(out), "--warehouse", warehouse, home=home)
    assert done.exit_code == 0, done.output
    assert f"{TOY} 2018: personer " in done.stdout

    with (out / f"{TOY}_2018.figures.csv").open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["metric"] == METRIC]
    (row,) = rows
    assert (row["period"], row["omrade"], row["enhet"]) == ("2018-12-31", HELE_KOMMUNEN, "personer")
    persons = int(float(row["verdi"]))
    assert persons > 0
    assert done.stdout.splitlines()[0].endswith(f"personer {persons}")

    pdf = out / f"{TOY}_2018.pdf"
    with pdfplumber.open(pdf) as doc:
        text = " ".join(page.extract_text() or "" for page in doc.pages)
    assert f"Personer med ansettelse 31.12.: {persons}" in text
    assert (out / f"{TOY}_2018.html").is_file() and (out / f"{TOY}_2018.manifest.json").is_file()


def test_a_toy_period_without_data_exits_4(toy, landing, warehouse, home, tmp_path):
    """Its presence rule decides, as for the real reports: no figure for the year, no report."""
    out = tmp_path / "ut"
    done = _hr("report", TOY, "1950", "--landing", str(landing), "--out", str(out), "--warehouse", warehouse, home=home)
    assert done.exit_code == 4, done.output
    assert "ingen data for 1950 i datavarehuset" in done.output and not list(out.glob("*.pdf"))


def test_an_unknown_report_exits_2_with_a_norwegian_message(tmp_path):
    done = _hr("report", "finnesikke", "2018", home=tmp_path / "hr")
    assert done.exit_code == 2
    assert "Feil: ukjent rapport 'finnesikke' (sykefravaer eller medarbeidere)" in done.output
    backfill = _hr("backfill", "finnesikke", "2017", "2018", home=tmp_path / "hr")
    assert backfill.exit_code == 2 and "ukjent rapport 'finnesikke'" in backfill.output
    with pytest.raises(UnknownReport) as caught:
        report_registry.get("finnesikke")
    assert caught.value.exit_code == 2


def test_a_registered_report_is_named_in_the_message_and_a_second_of_the_same_name_is_refused(toy, tmp_path):
    done = _hr("report", "finnesikke", "2018", home=tmp_path / "hr")
    assert "(sykefravaer, medarbeidere eller toyrapport)" in done.output
    with pytest.raises(ValueError):
        report_registry.register(ReportDefinition(**{**toy.__dict__, "title_nb": "En annen"}))
