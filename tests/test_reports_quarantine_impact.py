"""Issue #5 "the report says it": rows in quarantine are bounded against the headline figures, and the
summary warns when a headline could move more than 0.1 percentage points (hr/metrics/quality.py).

The bounds are checked exactly on hand-made warehouses (DuckDB and PostgreSQL); the warning is checked
in the PDF text of reports built from ingested landing directories, one with few bad rows and one with many.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from fractions import Fraction

import pandas as pd
import pdfplumber
import pytest

from hr.figures import HELE_KOMMUNEN
from hr.metrics import quality
from hr.periods import Period
from hr.warehouse import bulk_insert
from reports import format as fmt
from tests.factory import KOMMUNE, absence, emp, load

H1 = Period.parse("2018H1")
H1_WORKDAYS = 122  # see tests/test_sykefravaer_rules.py


def _load_log(engine, ansatte_rows: int, fravaer_rows: int) -> None:
    """meta_load_log as an ingest leaves it: the ansatte and fravaer snapshots in use, with rows set aside."""
    frame = pd.DataFrame(
        [
            {
                "load_id": f"L{kind}",
                "kommunenummer": KOMMUNE,
                "kind": kind,
                "file_name": f"hr/{kind}_20190115.csv",
                "file_date": "2019-01-15",
                "checksum": "0" * 64,
                "encoding": "utf-8",
                "rows_read": 100 + n,
                "rows_loaded": 100,
                "rows_quarantined": n,
                "status": "loaded",
                "message": None,
                "archive_path": None,
                "loaded_at": datetime(2019, 1, 16),
            }
            for kind, n in (("ansatte", ansatte_rows), ("fravaer", fravaer_rows))
        ]
        + [
            {
                "load_id": "Lold",
                "kommunenummer": KOMMUNE,
                "kind": "fravaer",
                "file_name": "hr/fravaer_20180815.csv",
                "file_date": "2018-08-15",
                "checksum": "1" * 64,
                "encoding": "utf-8",
                "rows_read": 90,
                "rows_loaded": 50,
                "rows_quarantined": 40,
                "status": "superseded",
                "message": None,
                "archive_path": None,
                "loaded_at": datetime(2018, 8, 16),
            }
        ],
        dtype="object",
    )
    with engine.begin() as conn:
        bulk_insert(conn, "meta_load_log", frame)


def _impact(engine):
    with engine.connect() as conn:
        rows = quality.rows_set_aside(conn, KOMMUNE)
        return rows, quality.sick_leave_impact(conn, KOMMUNE, H1, rows)


def test_sick_leave_bounds_are_exact_and_count_only_the_extracts_in_use(engine):
    """Two full-timers, ten sick workdays; one ansatte row and two fravaer rows set aside.

    agreed 244, lost 10; an ansatte row adds at most 122 agreed (all or none lost), the two fravaer rows
    at most 2 x 122 lost but never more than the 234 not lost yet. The superseded file's 40 rows do not count.
    """
    load(
        engine,
        ansatte=[emp("AF1", "p1"), emp("AF2", "p2", "B1")],
        fravaer=[absence("F1", "AF1", "SYKMELDING", "05.03.2018", "16.03.2018")],
    )  # two full weeks
    _load_log(engine, ansatte_rows=1, fravaer_rows=2)
    rows, impact = _impact(engine)
    assert rows == quality.RowsSetAside(ansatte=1, fravaer=2)
    assert impact.verdi == float(Fraction(1000, 244))
    assert impact.lavest == float(Fraction(1000, 244 + 122))
    assert impact.hoyest == float(Fraction(100 * (10 + 234 + 122), 244 + 122)) == 100.0
    assert impact.rader == 3 and impact.warn


def test_no_rows_set_aside_means_no_possible_change(engine):
    load(engine, ansatte=[emp("AF1", "p1")], fravaer=[absence("F1", "AF1", "SYKMELDING", "05.03.2018", "06.03.2018")])
    _load_log(engine, ansatte_rows=0, fravaer_rows=0)
    _, impact = _impact(engine)
    assert impact.lavest == impact.verdi == impact.hoyest and impact.endring_pp == 0 and not impact.warn


@pytest.mark.parametrize("fravaer_rows,warns", [(1, False), (2, True)])
def test_the_warning_threshold_is_0_1_percentage_points(engine, fravaer_rows, warns):
    """1 500 full-timers (183 000 agreed day-works): one fravaer row can move the total 122/1830 = 0.067
    points, two 0.133 points; only the second passes 0.1."""
    load(engine, ansatte=[emp(f"AF{i}", f"p{i}") for i in range(1500)])
    _load_log(engine, ansatte_rows=0, fravaer_rows=fravaer_rows)
    _, impact = _impact(engine)
    assert impact.endring_pp == pytest.approx(float(Fraction(100 * fravaer_rows * H1_WORKDAYS, 1500 * 122)))
    assert impact.warn is warns


def test_full_time_bounds_from_the_share_and_its_persons():
    """40 of 100 full-time; 5 rows: at most 45 of 100 (part-timers made full-time), at least 40 of 105."""
    rows = quality.RowsSetAside(ansatte=5, fravaer=99)  # fravaer rows cannot change who is full-time
    impact = quality.full_time_impact(40.0, 100, rows, "2018-12-31")
    assert impact.hoyest == 45.0 and impact.lavest == float(Fraction(4000, 105))
    assert impact.endring_pp == pytest.approx(5.0) and impact.warn
    assert quality.full_time_impact(None, 100, rows, "2018-12-31") is None  # suppressed: nothing to bound


# ------------------------------------------------------------------ the reports


def _landing(root, bad_fravaer: int, bad_ansatte: int = 0):
    """1 500 full-time employments in two units, a little sick leave, and broken fravaer and ansatte rows."""
    from tests.landing import Landing, fnr

    landing = Landing(root)
    landing.kommune(min_n=5, fravaer_fra="01.01.2018")  # complete from January; the first case is in February
    landing.stillingskoder([dict(stillingskode="7174", tittel="Sykepleier", kompetansegruppe="HOYSKOLE")])
    landing.organisasjon()
    ansatte, fravaer = [], []
    for i in range(1500):
        born = date(1960, 1, 1) + timedelta(days=7 * i)
        ansatte.append(
            dict(
                ansattnr=str(10000 + i),
                fodselsnummer=fnr(born),
                kjonn="KM"[i % 2],
                fodselsdato=born.strftime("%d.%m.%Y"),
                arbeidsforhold_id=f"AF{i}",
                org_enhet=("PO110", "OB210")[i % 2],
                stillingskode="7174",
                stillingsprosent="100",
                lonnsform="MAANED",
                ansettelsesform="FAST",
                gyldig_fra="01.01.2015",
                gyldig_til="",
                sluttarsak="",
                innvandrerbakgrunn="N",
                leder="N",
            )
        )
        if i % 10 == 0:
            fravaer.append(
                dict(
                    fravaer_id=f"F{i}",
                    arbeidsforhold_id=f"AF{i}",
                    fravaerstype="SYKMELDING",
                    fra_dato="05.02.2018",
                    til_dato="23.02.2018",
                    grad="100",
                )
            )
    for j in range(bad_fravaer):  # til_dato before fra_dato: set aside, the rest loads
        fravaer.append(
            dict(
                fravaer_id=f"X{j}",
                arbeidsforhold_id=f"AF{j}",
                fravaerstype="SYKMELDING",
                fra_dato="20.03.2018",
                til_dato="10.03.2018",
                grad="100",
            )
        )
    for j in range(bad_ansatte):  # stillingsprosent out of range: set aside
        ansatte.append({**ansatte[j], "arbeidsforhold_id": f"BAD{j}", "stillingsprosent": "150"})
    landing.ansatte(ansatte)
    landing.fravaer(fravaer)
    return landing


def _report(tmp_path, report: str, period: str, bad_fravaer: int, bad_ansatte: int = 0):
    from reports.render import render_medarbeidere, render_sykefravaer
    from tasks.compute import compute_figures, load_report_meta
    from tests.landing import ingest, settings_for

    url = f"duckdb:///{tmp_path / 'w.duckdb'}"
    summary = ingest(_landing(tmp_path / "landing", bad_fravaer, bad_ansatte), tmp_path, url)
    assert summary.rows_quarantined == bad_fravaer + bad_ansatte
    settings = settings_for(tmp_path, url)
    p = Period.parse(period)
    figures = compute_figures.fn(settings, KOMMUNE, report, p)
    meta = load_report_meta.fn(settings, KOMMUNE, report, p)
    render = render_sykefravaer if report == "sykefravaer" else render_medarbeidere
    pdf, _ = render(figures, meta, tmp_path / "out")
    with pdfplumber.open(pdf) as doc:
        pages = [(page.extract_text() or "").replace("\n", " ").replace("\u00a0", " ") for page in doc.pages]
    return meta, pages


def test_many_quarantined_rows_put_a_warning_in_the_summary_of_the_sick_leave_report(tmp_path):
    """15 broken fravaer rows among 1 500 employments could move 2018H1 by 15 x 122 / 1 830 = 1 point."""
    meta, pages = _report(tmp_path, "sykefravaer", "2018H1", bad_fravaer=15)
    assert [i.warn for i in meta.quarantine_impact] == [True]
    first = pages[0]
    impact = meta.quarantine_impact[0]
    high, now = (fmt.prosent(v).replace("\u00a0", " ") for v in (impact.hoyest, impact.verdi))
    assert impact.lavest == impact.verdi  # only fravaer rows: they can only add lost day-works
    assert (
        "15 rader med feil i uttrekkene over ansatte og fravær er satt til side, og om de blir rettet og "
        "levert på nytt, kan de i ytterste fall gjøre "
        f"sykefraværet for hele kommunen i 1. halvår 2018 så høyt som {high} i stedet for {now}"
    ) in first
    assert "karantene" not in " ".join(pages) and "Obs" not in first
    rest = " ".join(pages[1:])
    assert "ytterste fall ha ligget mellom" in rest and "Sluttdatoen ligger før startdatoen" in rest


def test_the_warning_appears_only_when_the_worst_case_changes_a_headline_as_printed():
    """7,14 % could be 7,12–7,149 %: printed 7,1 % either way, so page 1 stays quiet; 7,16 % would print
    as 7,2 %, so it warns, in one plain sentence."""
    from reports.quality_text import warning_sentence

    same = quality.QuarantineImpact(quality.SYKEFRAVAER, "2018H2", 7.14, 7.12, 7.149, 11)
    assert warning_sentence([same]) is None
    changed = quality.QuarantineImpact(quality.SYKEFRAVAER, "2018H2", 7.14, 7.12, 7.16, 11)
    text = warning_sentence([changed])
    assert text == (
        "11 rader med feil i uttrekkene over ansatte og fravær er satt til side, og om de blir rettet og "
        "levert på nytt, kan de i ytterste fall gjøre "
        "sykefraværet for hele kommunen i 2. halvår 2018 så høyt som 7,2\u00a0% i stedet for "
        "7,1\u00a0% (se «Datagrunnlag og datakvalitet»)."
    )
    assert not re.search(r"[.;:]\s+[A-ZÆØÅ]", text) and text.endswith(").")  # one sentence


def test_one_quarantined_row_is_reported_but_gives_no_warning(tmp_path):
    """One broken row: at most 0.07 points. The data-quality section gives the bound; the summary stays quiet."""
    meta, pages = _report(tmp_path, "sykefravaer", "2018H1", bad_fravaer=1)
    assert [round(i.endring_pp, 3) for i in meta.quarantine_impact] == [0.067]
    text = " ".join(pages)
    assert "Obs:" not in text
    assert "inntil 0,07\u00a0prosentpoeng unna" in text or "inntil 0,07 prosentpoeng unna" in text


def test_the_annual_chapter_warns_in_its_main_points(tmp_path):
    """40 fravaer and 2 ansatte rows set aside: the year's sick leave could move by several points, and the
    full-time share (1 500 of 1 500) could fall to 1 500 of 1 502, 0.13 points: both are named."""
    meta, pages = _report(tmp_path, "medarbeidere", "2018", bad_fravaer=40, bad_ansatte=2)
    assert [(i.metric, i.period, i.warn) for i in meta.quarantine_impact] == [(quality.SYKEFRAVAER, "2018", True)]
    text = " ".join(pages)
    summary = text[text.index("Hovedpunkter") :][:2500]
    assert "42 rader med feil i uttrekkene over ansatte og fravær er satt til side" in summary
    assert "sykefraværet for hele kommunen i 2018 så høyt som" in summary
    assert "andelen månedslønnede med heltidsstilling per 31.12.2018 så lavt som 99,9 % i stedet for 100,0 %" in summary
    assert "Andelen månedslønnede med heltidsstilling per 31.12.2018 er 100,00" in text  # data-quality section


# ------------------------------------------------------------------ suppression wins


def _warning_impact(period: str) -> quality.QuarantineImpact:
    return quality.QuarantineImpact(quality.SYKEFRAVAER, period, 7.0, 6.5, 8.0, 30)


def test_a_suppressed_headline_is_never_revealed_by_its_bound():
    """Fewer than min_n persons: the figure is '–', so neither the warning nor the data-quality line may
    print it (or a range around it)."""
    from dataclasses import replace

    from reports.sykefravaer import build_context
    from tests.report_fixtures import report_meta, sykefravaer_figures

    meta = replace(report_meta("2018H1"), quarantine_impact=[_warning_impact("2018H1")])
    shown = build_context(sykefravaer_figures("2018H1"), meta)
    assert shown["quarantine_warning"].startswith("30 rader med feil")
    assert len(shown["quarantine_impact_sentences"]) == 1
    hidden_figures = [
        f.suppressed()
        if (f.metric, f.period, f.omrade, f.gruppe) == (quality.SYKEFRAVAER, "2018H1", HELE_KOMMUNEN, "")
        else f
        for f in sykefravaer_figures("2018H1")
    ]
    hidden = build_context(hidden_figures, meta)
    assert hidden["quarantine_warning"] is None and hidden["quarantine_impact_sentences"] == []
