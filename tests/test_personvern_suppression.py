"""Issue "Personvern" acceptance, suppression end to end, under the proportionate rule of DEFINITIONS.md
"Small numbers": only the sensitive families are suppressed, and no sensitive value can be recomputed from
everything published (the totals, the other cells, and every non-sensitive count).

A municipality of three areas (A: 4 persons, below the default min_n of 5; B: 6, all with an immigrant
background; C: 9 with an immigrant background and one hourly-paid person, with a temporary employee, a
leaver, two leaders; payroll for 2018 with a small pay group in A; disability pensions from two providers)
is loaded into a real warehouse (both engines); the half-yearly reports for 2018H1 and 2018H2 and the
annual chapter for 2018 are computed as published (min_n 5) and, to know what an attacker is after,
unsuppressed. Then:

- no suppressed row of a figures file has a value or an n; no figure outside the sensitive families is
  suppressed, so the small area's årsverk, persons and turnover are published;
- for every suppressed cell of every file, primary and secondary, the attack of tests/personvern_attack.py
  (which knows every published figure, the non-sensitive counts included) never gives the true value or n;
- the same attack does recover cells when the n column is published, when secondary suppression is off,
  when the chapter's links between metrics are ignored, and when a sensitive share is published beside the
  årsverk it multiplies: the attack is real;
- the rendered reports (PDF and web edition), their charts' text alternatives, the footnote, the Prefect
  artifact and the publish log show nothing of a suppressed cell.
"""

from __future__ import annotations

import re
from dataclasses import fields

import pdfplumber
import pytest

from hr.figures import HELE_KOMMUNEN, Figure, figures_csv_text
from hr.metrics.medarbeidere import compute_medarbeidere
from hr.metrics.suppression import PRIMARY, SECONDARY, TOGETHER, is_sensitive
from hr.metrics.sykefravaer import compute_sykefravaer
from hr.periods import Period
from reports import charts
from reports.definitions import medarbeidere as medarbeidere_report
from reports.definitions import sykefravaer as sykefravaer_report
from tests.conftest import new_warehouse_url
from tests.factory import KOMMUNE, absence, emp, load, org, pay, pension
from tests.personvern_attack import Attack, hidden_keys, published_rows
from tests.report_fixtures import report_meta

MIN_N = 5
SMALL = "Område A"  # 4 persons
SIZES = {"A": 4, "B": 6, "C": 9}
SICK_RATES = (
    "sykefravaer_prosent",
    "sykefravaer_korttid_prosent",
    "sykefravaer_langtid_prosent",
    "sykefravaer_egenmeldt_prosent",
    "sykefravaer_legemeldt_prosent",
)


# file name -> the report's figures for a threshold; "sykefravaer" and "medarbeidere" are the reports
# rendered below, the second half-year is there for the attack that builds a year from its half-years
# (each with issue 18's year view and breakdowns, as the reports' definitions add them, reports/definitions/)
def _half_year(conn, period: str, min_n: int) -> list[Figure]:
    figs = compute_sykefravaer(conn, KOMMUNE, Period.parse(period), min_n)
    return figs + sykefravaer_report.year_view_and_breakdowns(conn, KOMMUNE, Period.parse(period), figs, min_n)


def _chapter(conn, min_n: int) -> list[Figure]:
    figs = compute_medarbeidere(conn, KOMMUNE, 2018, min_n)
    return figs + medarbeidere_report.breakdowns(conn, KOMMUNE, Period.parse("2018"), figs, min_n)


REPORTS = {
    "sykefravaer": lambda conn, min_n: _half_year(conn, "2018H1", min_n),
    "sykefravaer_2018H2": lambda conn, min_n: _half_year(conn, "2018H2", min_n),
    "medarbeidere": _chapter,
}


def _warehouse(engine) -> None:
    tree = [org(KOMMUNE, "Testkommune", None, 1)]
    for area in SIZES:
        tree += [org(area, f"Område {area}", KOMMUNE, 2), org(f"{area}1", f"Enhet {area}1", area, 3)]
    ansatte, fravaer, lonn = [], [], []
    for area, size in SIZES.items():
        for i in range(1, size + 1):
            af = f"AF{area}{i}"
            extra = {}
            if (area, i) == ("B", 2):  # B's only temporary employee: fast + midlertidig = årsverk
                extra["form"] = "MIDLERTIDIG"
            if area in ("B", "C"):  # immigrant background: B 3 + 3, C 5 women and 4 men (3 on 31.12)
                extra["innvandrer"] = True
            if (area, i) == ("C", 8):  # the municipality's only leaver: turnover x its n = the leavers
                extra.update(til="30.09.2018", sluttarsak="OPPSIGELSE")
            if (area, i) in (("C", 1), ("C", 2)):  # the only leaders: the minority share of leaders is small
                extra["leder"] = True
            ansatte.append(
                emp(
                    af,
                    f"p{area}{i}",
                    f"{area}1",
                    kjonn="K" if i % 2 else "M",
                    pst=100 if i % 3 else 60,
                    fodt=f"01.0{1 + i % 9}.19{60 + 3 * i}",
                    kode="6456" if area == "A" else "7174",
                    **extra,
                )
            )
            for month in range(1, 10 if (area, i) == ("C", 8) else 13):  # a pay group of 2 + 2 persons in A
                lonn.append(pay(f"2018-{month:02d}", af, 40000 + 1000 * i + (500 if i % 2 else 0), linje=len(lonn) + 2))
            if i <= 3:  # three sick persons per area, doctor- and self-certified, cases of different lengths
                fravaer += [
                    absence(f"F{area}{i}a", af, "SYKMELDING", "05.03.2018", f"{9 + i + len(area)}.03.2018"),
                    absence(f"F{area}{i}b", af, "EGENMELDING", "04.06.2018", f"0{5 + i % 2}.06.2018"),
                    absence(f"F{area}{i}c", af, "SYKMELDING", "01.10.2018", f"0{2 + i}.10.2018"),
                ]
            if area != "A" and i == size:  # a long case outside the small area
                fravaer.append(absence(f"F{area}{i}l", af, "SYKMELDING", "01.02.2018", "30.04.2018", grad=50))
    # one hourly-paid person in C: all persons = monthly-paid + hourly-paid
    ansatte.append(emp("AFC10", "pC10", "C1", lonnsform="TIME", pst=0, kjonn="K"))
    # disability pensions: 2 from KLP (below min_n), 6 from SPK; 3 AFP (not sensitive: published)
    pensjon = (
        [pension("klp", f"u{i}", "UFORE", "01.03.2018", linje=2 + i) for i in range(2)]
        + [pension("spk", f"u{i}", "UFORE", "01.05.2018", linje=2 + i) for i in range(2, 8)]
        + [pension("klp", f"a{i}", "AFP", "01.06.2018", linje=20 + i) for i in range(3)]
    )
    load(engine, org=tree, ansatte=ansatte, fravaer=fravaer, lonn=lonn, pensjon=pensjon, min_n=MIN_N)


def _compute(engine) -> dict[str, dict[str, list[Figure]]]:
    with engine.connect() as conn:
        return {
            name: {report: fn(conn, min_n) for report, fn in REPORTS.items()}
            for min_n, name in ((MIN_N, "published"), (0, "true"))
        }


@pytest.fixture(scope="module", params=["duckdb", "postgresql"])
def figures(request, tmp_path_factory):
    """Every file's figures, suppressed (min_n 5) and, to know what an attacker is after, unsuppressed;
    once per warehouse for the module (the tests only read them)."""
    from hr.warehouse import create_engine, ensure_schema

    url = new_warehouse_url(request, tmp_path_factory.mktemp("suppression"))
    engine = create_engine(url)
    try:
        ensure_schema(engine)
        _warehouse(engine)
        return _compute(engine)
    finally:
        engine.dispose()


def _by_key(figs: list[Figure]) -> dict[tuple, Figure]:
    return {f.key: f for f in figs}


def _files(published: dict[str, list[Figure]]) -> dict[str, list[dict[str, str]]]:
    """The figures files as published: the rows of the csv text, nothing else."""
    return {report: published_rows(figures_csv_text(figs)) for report, figs in published.items()}


def _recovered(files: dict[str, list[dict[str, str]]], true: dict[str, list[Figure]]) -> dict[tuple, list[str]]:
    """(file, key) of every suppressed cell the attack on all files together gets right -> how."""
    attack = Attack([r for rows in files.values() for r in rows])
    out = {}
    for report, rows in files.items():
        truth = _by_key(true[report])
        for key in hidden_keys(rows):
            found = attack.recovered(key, truth[key])
            if found:
                out[(report, key)] = found
    return out


# --- the figures files -------------------------------------------------------------------------------------


def test_no_suppressed_row_of_a_figures_file_has_a_value_or_an_n(figures):
    """The audit's finding: `personer_totalt,2018-12-31,Område A,,,personer,4,true` gave the head count away."""
    rows = 0
    for report, table in _files(figures["published"]).items():
        for r in table:
            if r["prikket"] == "true":
                assert (r["verdi"], r["n"]) == ("", ""), (report, r)
                rows += 1
    assert rows >= 150
    for f in (f for figs in figures["published"].values() for f in figs if f.prikket):
        assert f.verdi is None and f.n is None, f


def test_only_the_sensitive_families_are_suppressed_and_the_rule_is_recorded(figures):
    """DEFINITIONS.md "Small numbers": årsverk, persons, turnover, AFP pensions ... are published even for
    the small area and the single leaver; every suppressed figure is sensitive and says which rule hid it."""
    for figs in figures["published"].values():
        for f in figs:
            if f.prikket:
                assert is_sensitive(f) or (f.metric.startswith("kpi") and f.gruppe.startswith("sykefravaer_")), f
                assert f.regel in (PRIMARY, SECONDARY, TOGETHER), f
    chapter = _by_key(figures["published"]["medarbeidere"])
    for key in [
        ("personer_totalt", "2018-12-31", SMALL, ""),
        ("arsverk", "2018-12-31", SMALL, ""),
        ("arsverk_midlertidig", "2018-12-31", "Område B", ""),
        ("avganger", "2018", "Område C", ""),
        ("turnover_prosent", "2018", "Område C", ""),
        ("timelonnede_personer", "2018-12-31", "Område C", ""),
        ("nye_pensjoner_leverandor", "2018", HELE_KOMMUNEN, "AFP|klp"),
        ("kompetanse_andel_prosent", "2018-12-31", SMALL, "UFAGLAERT"),
    ]:
        assert not chapter[key].prikket and chapter[key].verdi is not None, key
    assert chapter[("personer_totalt", "2018-12-31", SMALL, "")].verdi == 4


def test_every_sensitive_figure_of_the_small_area_is_suppressed_in_both_reports(figures):
    checked = set()
    for report, figs in figures["published"].items():
        true = _by_key(figures["true"][report])
        for f in figs:
            if f.omrade != SMALL or true[f.key].n is None or not is_sensitive(f):
                continue
            assert true[f.key].n < MIN_N
            assert f.prikket and f.verdi is None and f.n is None, (report, f)
            assert f.regel == PRIMARY, f
            checked.add((report, f.metric))
    # every kind of table the area appears in was looked at
    assert {("sykefravaer", m) for m in SICK_RATES} <= checked
    assert {
        ("sykefravaer", "sykefravaer_tapte_dagsverk"),
        ("sykefravaer", "sykefravaer_varighet_prosent"),
        ("medarbeidere", "minoritet_arsverk"),
        ("medarbeidere", "minoritet_andel_prosent"),
        ("medarbeidere", "sykefravaer_prosent"),
    } <= checked


def test_every_sensitive_table_with_the_small_area_has_a_second_suppressed_cell(figures):
    tables = 0
    for report, figs in figures["published"].items():
        by_key = _by_key(figs)
        for f in figs:
            if f.omrade != SMALL or not f.prikket:
                continue
            table = [
                g
                for g in figs
                if (g.metric, g.period, g.gruppe) == (f.metric, f.period, f.gruppe)
                and g.omrade not in (SMALL, HELE_KOMMUNEN)
            ]
            total = by_key.get((f.metric, f.period, HELE_KOMMUNEN, f.gruppe))
            assert any(g.prikket for g in table) or (total is not None and total.prikket), (report, f.key)
            assert all(is_sensitive(g) for g in table if g.prikket)  # secondary stays inside the sensitive table
            tables += 1
    assert tables >= 30


def test_no_suppressed_cell_of_any_table_can_be_recovered_from_the_published_figures(figures):
    """Every suppressed cell of every file (the small area's, the secondary ones, the small groups of the
    other areas and of the whole municipality), attacked with all files at once: every non-sensitive
    count is published and known to the attacker."""
    files = _files(figures["published"])
    assert _recovered(files, figures["true"]) == {}
    # what was attacked: primary and secondary cells, in every file, values and head counts
    attacked = [(report, key) for report, rows in files.items() for key in hidden_keys(rows)]
    true = {report: _by_key(figs) for report, figs in figures["true"].items()}
    secondary = [(r, k) for r, k in attacked if true[r][k].n is not None and true[r][k].n >= MIN_N]
    assert {r for r, _ in attacked} == set(REPORTS) and len(attacked) >= 150
    assert {r for r, _ in secondary} == set(REPORTS) and len(secondary) >= 20
    assert {k[2] for _, k in secondary} >= {"Område B", "Område C"}
    linked = {k[0] for r, k in secondary if r == "medarbeidere"}
    # hidden for links between metrics: minority men + women, providers, pay groups
    assert {"minoritet_kvinner", "nye_pensjoner_leverandor", "lonn_kvinner_andel_av_menn_prosent"} <= linked


# --- the attack is real: it finds what a weaker suppression leaves readable ---------------------------------


def test_with_the_n_column_published_the_attack_recovers_every_suppressed_head_count(figures):
    """Positive control for the audit's finding: the figures files as they were (n kept on suppressed rows)."""
    files = _files(figures["published"])
    true = {report: _by_key(figs) for report, figs in figures["true"].items()}
    for report, rows in files.items():
        for r in rows:
            key = (r["metric"], r["period"], r["omrade"], r["gruppe"])
            if r["prikket"] == "true" and true[report][key].n is not None:
                r["n"] = str(true[report][key].n)
    found = _recovered(files, figures["true"])
    hidden = [(r, k) for r, rows in files.items() for k in hidden_keys(rows) if true[r][k].n is not None]
    assert all(any(how.startswith("n = ") for how in found.get(cell, [])) for cell in hidden)
    # ... and through the head counts also values: a minority head count is its n
    assert ("medarbeidere", ("minoritet_menn", "2018-12-31", "Område C", "")) in found
    assert ("medarbeidere", ("nye_pensjoner_leverandor", "2018", HELE_KOMMUNEN, "UFORE|klp")) in found


def test_without_secondary_suppression_the_attack_recovers_the_small_area(engine, monkeypatch):
    """Positive control: with only primary suppression, a total minus the shown areas gives area A away."""
    _warehouse(engine)
    monkeypatch.setattr("hr.metrics.suppression._secondary", lambda *args, **kwargs: False)
    monkeypatch.setattr("hr.metrics.suppression._audit", lambda *args, **kwargs: False)
    figs = _compute(engine)
    found = _recovered(_files(figs["published"]), figs["true"])
    for key in [
        ("sykefravaer_tapte_dagsverk", "2018H1", SMALL, ""),
        ("sykefravaer_prosent", "2018H1", SMALL, ""),
        ("sykefravaer_avtalte_dagsverk", "2018H1", SMALL, ""),
    ]:
        assert ("sykefravaer", key) in found, key
    for key in [
        ("minoritet_arsverk", "2018-12-31", SMALL, ""),
        ("nye_pensjoner_leverandor", "2018", HELE_KOMMUNEN, "UFORE|klp"),
    ]:
        assert ("medarbeidere", key) in found, key
    assert any(how.endswith(", n)") for how in found[("sykefravaer", ("sykefravaer_prosent", "2018H1", SMALL, ""))])


def test_without_the_links_between_metrics_the_attack_recovers_the_chapters_small_groups(engine, monkeypatch):
    """Positive control for the chapter's own tables (hr.metrics.medarbeidere.LINKED_TABLES and the
    figures hidden together): without them, other metrics give small groups away."""
    _warehouse(engine)
    monkeypatch.setattr("hr.metrics.medarbeidere.LINKED_TABLES", [])
    monkeypatch.setattr("hr.metrics.medarbeidere._together", lambda f: None)
    figs = _compute(engine)
    found = {
        key: how
        for (report, key), how in _recovered(_files(figs["published"]), figs["true"]).items()
        if report == "medarbeidere"
    }
    # the pay group's n from the other groups' (before the zero rule of suppression.py also: area C's minority
    # men as the minority's n - women; C's women are now hidden beside B's, whose only other hidden cell was
    # area A's zero)
    assert ("lonn_kvinner_andel_av_menn_prosent", "2018", HELE_KOMMUNEN, "UFAGLAERT") in found
    assert ("nye_pensjoner_leverandor", "2018", HELE_KOMMUNEN, "UFORE|klp") in found  # all of them - SPK's


def test_a_sensitive_share_beside_the_published_arsverk_gives_the_hidden_minority_away(figures):
    """Positive control for "the sensitive figure goes": were area B's minority share published beside its
    årsverk (never suppressed), share x årsverk would give its hidden minority årsverk, and with it area A's."""
    files = _files(figures["published"])
    true = _by_key(figures["true"]["medarbeidere"])
    share = ("minoritet_andel_prosent", "2018-12-31", "Område B", "")
    for r in files["medarbeidere"]:
        if (r["metric"], r["period"], r["omrade"], r["gruppe"]) == share:
            assert r["prikket"] == "true"
            r.update(verdi=repr(true[share].verdi), prikket="false")
    found = _recovered(files, figures["true"])
    assert "andel x årsverk" in " ".join(found[("medarbeidere", ("minoritet_arsverk", "2018-12-31", "Område B", ""))])
    assert ("medarbeidere", ("minoritet_arsverk", "2018-12-31", SMALL, "")) in found


# --- what the reports, the artifact and the publish log show -------------------------------------------------


def _charts(value) -> list[charts.Chart]:
    """Every chart in a report context, however deep."""
    if isinstance(value, charts.Chart):
        return [value]
    if isinstance(value, dict):
        return [c for v in value.values() for c in _charts(v)]
    if isinstance(value, (list, tuple)):
        return [c for v in value for c in _charts(v)]
    if hasattr(value, "__dataclass_fields__"):
        return [c for fld in fields(value) for c in _charts(getattr(value, fld.name))]
    return []


def _lines_naming(text: str, name: str) -> list[str]:
    return [line for line in text.splitlines() if name in line]


def _hidden_values_shown(text: str, hidden: list[Figure]) -> list[str]:
    """The printed forms (one decimal, Norwegian comma; whole numbers) of hidden true values found in `text`."""
    from reports import format as fmt

    found = []
    for f in hidden:
        if not f.verdi:  # a zero prints as 0,0 like any change of nothing: not a trace of the cell
            continue
        for printed in {fmt.tall(f.verdi, 1), fmt.prosent(f.verdi)}:
            if printed.replace("\u00a0", " ") in text and len(printed) > 3:
                found.append(f"{f.key}: {printed}")
    return found


@pytest.mark.parametrize("report, period", [("sykefravaer", "2018H1"), ("medarbeidere", "2018")])
def test_tables_and_charts_of_the_rendered_reports_show_no_value_for_the_small_area(figures, report, period, tmp_path):
    """The half-year report is all sick leave: no number beside the small area. The chapter publishes the
    small area's årsverk and persons, so there the sick-leave and minority rows show only dashes, and no
    hidden true value of the area appears on its lines; the footnote names the rule for each hidden cell."""
    from reports.render import render_medarbeidere, render_sykefravaer, web_edition_path

    figs = figures["published"][report]
    meta = report_meta(period, min_n=MIN_N)
    if report == "sykefravaer":
        from reports.sykefravaer import build_context

        pdf, csv_path = render_sykefravaer(figs, meta, tmp_path, web=True)
    else:
        from reports.medarbeidere import build_context

        pdf, csv_path = render_medarbeidere(figs, meta, tmp_path, web=True)
    for r in published_rows(csv_path.read_text(encoding="utf-8")):
        if r["prikket"] == "true":
            assert (r["verdi"], r["n"]) == ("", ""), r
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages).replace("\u00a0", " ")
    true = _by_key(figures["true"][report])
    hidden_small = [true[f.key] for f in figs if f.prikket and f.omrade == SMALL]
    rows = _lines_naming(text, SMALL)
    assert rows, "the small area is named in the report's tables"
    assert _hidden_values_shown("\n".join(rows), hidden_small) == []
    context = build_context(figs, meta)
    if report == "sykefravaer":
        for line in rows:
            if "Prikket" not in line:  # the footnote names the area (and the rule's threshold)
                assert not re.search(r"\d", line.replace(SMALL, "")), line  # only dashes, never a number
        sensitive_tables = [t for t in context["tables"].values() if t is not None]
    else:
        sensitive_tables = [context["s"]["sick_leave"]["table"]]
    for table in sensitive_tables:
        for row in table.rows:
            if row.label == SMALL:
                assert not re.search(r"\d", " ".join(row.cells[:5])), (table.caption, row.cells)
    assert "Prikket fordi gruppen har færre enn 5 personer" in text.replace("\n", " ")
    assert "Prikket for at totalen ikke skal avsløre et annet prikket tall" in text.replace("\n", " ")
    # the web edition: its table rows, and the charts' descriptions (which name every area in one sentence,
    # so there each part naming the small area is looked at)
    page = web_edition_path(pdf).read_text(encoding="utf-8").replace("&nbsp;", " ").replace("\u00a0", " ")
    html_rows = [re.sub(r"<[^>]+>", " ", tr) for tr in re.findall(r"<tr\b.*?</tr>", page, re.S) if SMALL in tr]
    assert html_rows
    assert _hidden_values_shown("\n".join(html_rows), hidden_small) == []
    if report == "sykefravaer":
        for row in html_rows:
            assert not re.search(r"\d", row.replace(SMALL, "")), row
    parts = [
        p
        for desc in re.findall(r"<desc\b[^>]*>(.*?)</desc>", page, re.S)
        for p in re.split(r"[;.]\s", desc)
        if SMALL in p
    ]
    assert _hidden_values_shown("\n".join(parts), hidden_small) == []
    alts = [c.alt.replace("\u00a0", " ") for c in _charts(context)]
    assert alts
    for alt in alts:
        for part in re.split(r"[;.]\s", alt):
            if SMALL in part:
                assert _hidden_values_shown(part, hidden_small) == [], part
                if report == "sykefravaer":
                    assert "prikket" in part or not re.search(r"\d", part.replace(SMALL, "")), part


def test_the_prefect_artifact_shows_no_value_or_n_of_a_suppressed_headline(figures):
    from flows.artifacts import headline_rows

    figs = figures["published"]["medarbeidere"]
    rows = headline_rows(figs, "2018")
    hidden = [r for r in rows if r["prikket"]]
    assert hidden  # the minority share of the municipality's two leaders is suppressed
    for r in hidden:
        assert r["verdi"] == "–" and "n" not in r, r  # the report's symbol for a suppressed figure


def test_the_publish_log_stores_no_value_or_n_of_a_suppressed_figure(engine):
    import pandas as pd
    from sqlalchemy import text

    from hr.publish_log import record_publication

    _warehouse(engine)
    with engine.connect() as conn:
        figs = compute_medarbeidere(conn, KOMMUNE, 2018, MIN_N)
    with engine.begin() as conn:
        record_publication(
            conn,
            kommunenummer=KOMMUNE,
            report="medarbeidere",
            period="2018",
            figures=figs,
            code_version="test",
            pdf_path="/out/medarbeidere_2018.pdf",
        )
    with engine.connect() as conn:
        stored = pd.DataFrame(conn.execute(text("select * from meta_publish_figure")).mappings().all())
    assert "n" not in stored.columns
    hidden = {(f.metric, f.period, f.gruppe) for f in figs if f.prikket and f.omrade == HELE_KOMMUNEN}
    assert hidden
    for r in stored.itertuples():
        if (r.metric, r.period, r.gruppe) in hidden:
            assert r.verdi == "", r
