"""Least privilege on PostgreSQL (issue 6): the reporting role reads the aggregate views and nothing
person-level, and both reports render through it with the same figures as the owner computes.

Roles are cluster-wide, so each module run creates its own (unique names) and drops them afterwards.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from hr.figures import figures_csv_text
from hr.periods import Period
from hr.settings import build_settings
from hr.warehouse import create_engine
from tests.conftest import _pg_schema_url

# What the reporting role may read, and nothing more (docs/personvern.md).
READABLE = {
    "rpt_sykefravaer_periode",
    "rpt_fravaer_dekning",
    "rpt_arsverk_status",
    "rpt_alder_status",
    "rpt_heltid_status",
    "rpt_kompetanse_status",
    "rpt_laerlinger_status",
    "rpt_minoritet_status",
    "rpt_turnover",
    "rpt_lonn_kjonn",
    "rpt_lonnskostnad",
    "rpt_pensjon",
    "rpt_rekruttering",
    "rpt_omrade_navn",
    "rpt_org_rot",
    "rpt_org_omrade",
    "rpt_karantene_regel",
    "ref_kommune",
    "ref_tekst",
    "ref_innbyggere",
    "ref_mal",
    "ref_sammenligning",
    "ref_kostnad",
    "ref_tiltak",
    "meta_load_log",
    # issue 18 items 3 and 5: breakdowns of sick leave, full-time by position, titles, the IA line, care areas
    "rpt_sykefravaer_gruppe",
    "rpt_heltid_stilling_status",
    "rpt_stillingskode",
    "ref_ia",
    "ref_omsorgsomrade",
}
# Columns that would tie a row to a person or a delivered row.
PERSON_COLUMNS = {
    "person_id",
    "fodselsdato",
    "fodselsnummer",
    "arbeidsforhold_id",
    "ansattnr",
    "fravaer_id",
    "line",
    "linje",
    "column_name",
}


def _as_role(url: str, role: str) -> str:
    return make_url(url).set(username=role).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def roles(pg_database, tmp_path_factory, tiny_demo):
    """A warehouse schema loaded by its own loader role from the tiny demo, a reporting role with the
    grants of `hr warehouse grant`, and a role that may use the schema but was granted nothing."""
    from hr.ingest.pipeline import run_ingest
    from hr.warehouse import _ENGINES
    from hr.warehouse_roles import create_roles, drop_role, grant_reporting

    tag = uuid.uuid4().hex[:8]
    names = {"loader": f"hr_t_last_{tag}", "reporting": f"hr_t_rapport_{tag}", "none": f"hr_t_ingen_{tag}"}
    admin_url = _pg_schema_url(pg_database)
    admin = create_engine(admin_url)
    urls = {k: _as_role(admin_url, v) for k, v in names.items()}
    try:
        assert create_roles(admin, loader=names["loader"], reporting=names["reporting"]) == [
            names["loader"],
            names["reporting"],
        ]
        create_roles(admin, reporting=names["none"])
        landing = tiny_demo(tmp_path_factory.mktemp("landing") / "landing")
        workdir = tmp_path_factory.mktemp("work")
        summary = run_ingest(landing, build_settings(workdir=workdir, warehouse_url=urls["loader"]))
        loader = create_engine(urls["loader"])
        grant_reporting(loader, names["reporting"])
        yield {
            "names": names,
            "urls": urls,
            "landing": landing,
            "workdir": workdir,
            "loader": loader,
            "kommunenummer": summary.kommunenummer,
        }
        loader.dispose()
    finally:
        for url in urls.values():
            if url in _ENGINES:
                _ENGINES.pop(url).dispose()
        for name in names.values():
            drop_role(admin, name)
        admin.dispose()


def _relations(engine) -> dict[str, list[str]]:
    insp = sa.inspect(engine)
    names = insp.get_table_names() + insp.get_view_names()
    return {n: [c["name"] for c in insp.get_columns(n)] for n in names}


def _select_none(engine, name: str):
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.literal(1)).select_from(sa.table(name)).limit(0)).fetchall()


def test_reporting_role_is_denied_every_person_level_table(roles):
    relations = _relations(roles["loader"])
    person_level = set(relations) - READABLE
    # the check is not vacuous: the tables and views that hold persons are all there
    assert {
        "stg_ansatte",
        "stg_fravaer",
        "stg_pensjon",
        "stg_lonn",
        "int_arbeidsforhold_omrade",
        "int_sykefravaer_segment",
        "int_sykefravaer_registrering",
        "int_lonn",
        "int_pensjon",
        "int_arbeidsforhold_slutt",
        "meta_quarantine",
        "person_sykefravaer_dagsverk",
        "person_arbeidsforhold_status",
        "person_turnover",
    } <= person_level
    assert READABLE <= set(relations)
    reporting = create_engine(roles["urls"]["reporting"])
    try:
        for name in sorted(person_level):
            with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
                _select_none(reporting, name)
        for name in sorted(READABLE):
            _select_none(reporting, name)
            assert not PERSON_COLUMNS & set(relations[name]), name
    finally:
        reporting.dispose()


def test_the_aggregate_views_hold_data_for_the_reporting_role(roles):
    """The grants are not an empty shell: the reporting role sees the municipality's sick-leave sums."""
    reporting = create_engine(roles["urls"]["reporting"])
    try:
        with reporting.connect() as conn:
            rows = conn.execute(
                sa.select(sa.func.count()).select_from(sa.table("rpt_sykefravaer_periode"))
            ).scalar_one()
        assert rows > 0
    finally:
        reporting.dispose()


def test_compute_connects_with_the_reporting_url(roles):
    """A role without the grants cannot compute: the compute step really reads through HR_REPORTING_URL."""
    from tasks.compute import compute_figures

    settings = build_settings(
        workdir=roles["workdir"], warehouse_url=roles["urls"]["loader"], env={"HR_REPORTING_URL": roles["urls"]["none"]}
    )
    assert settings.reporting_url == roles["urls"]["none"]
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
        compute_figures.fn(settings, roles["kommunenummer"], "sykefravaer", Period.parse("2018H2"))


@pytest.mark.parametrize("report, period", [("sykefravaer", "2018H2"), ("medarbeidere", "2018")])
def test_reports_render_as_the_reporting_role_with_the_owners_figures(roles, report, period, tmp_path):
    from flows.reports import medarbeidere_report_flow, sykefravaer_report_flow
    from tasks.compute import compute_figures

    flow = sykefravaer_report_flow if report == "sykefravaer" else medarbeidere_report_flow
    state = flow(
        period,
        str(roles["landing"]),
        str(tmp_path / "out"),
        str(roles["workdir"]),
        warehouse_url=roles["urls"]["loader"],
        ingest=False,
        reporting_url=roles["urls"]["reporting"],
        return_state=True,
    )
    assert state.is_completed(), state.message
    outcome = state.result()
    assert Path(outcome.pdf).stat().st_size > 10_000
    owner = build_settings(workdir=roles["workdir"], warehouse_url=roles["urls"]["loader"], env={})
    expected = compute_figures.fn(owner, roles["kommunenummer"], report, Period.parse(period))
    assert Path(outcome.figures_csv).read_text(encoding="utf-8") == figures_csv_text(expected)
