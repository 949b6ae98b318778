"""The annual chapter as a whole: sick leave and kpi rows added, small numbers suppressed, engines agree."""

from datetime import date

import pytest

from hr.figures import HELE_KOMMUNEN as HK
from hr.figures import figures_csv_text
from hr.metrics.medarbeidere import compute_medarbeidere, workforce_figures
from hr.warehouse import create_engine, ensure_schema, workdays_between
from tests.factory import KOMMUNE, absence, emp, load, pay, pension, posting


def test_chapter_holds_the_years_sick_leave_and_the_kpi_rows(engine):
    """The annual figures file carries sick leave for the year (OUTPUTS.md) and the kpi table repeats it."""
    load(
        engine,
        ansatte=[emp("AF1", "p1"), emp("AF2", "p2", "B1")],
        fravaer=[absence("F1", "AF1", "SYKMELDING", "05.03.2018", "09.03.2018")],
    )
    with engine.connect() as conn:
        figs = compute_medarbeidere(conn, KOMMUNE, 2018, min_n=0)
    keys = [f.key for f in figs]
    assert len(keys) == len(set(keys))
    by_key = {f.key: f for f in figs}
    workdays = workdays_between(date(2018, 1, 1), date(2018, 12, 31))
    expected = 100 * 5 / (2 * workdays)  # 5 lost day-works of 2 x 251 agreed
    assert by_key[("sykefravaer_prosent", "2018", HK, "")].verdi == pytest.approx(expected, rel=1e-12)
    assert ("sykefravaer_korttid_prosent", "2018", "Område A", "") in by_key
    assert (
        by_key[("kpi", "2018", HK, "sykefravaer_prosent")].verdi
        == by_key[("sykefravaer_prosent", "2018", HK, "")].verdi
    )
    assert ("kpi", "2018", HK, "turnover_prosent") in by_key


def test_chapter_suppresses_a_small_area_and_one_more_so_the_total_does_not_reveal_it(engine):
    """DEFINITIONS.md "Small numbers": a sensitive figure with n < min_n is hidden, and a lone hidden area
    takes the smallest other; the non-sensitive head counts of the same areas are published."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", "A1", innvandrer=True),
            emp("AF2", "p2", "B1", innvandrer=True),
            emp("AF3", "p3", "B1", innvandrer=True),
            emp("AF4", "p4", "B1", innvandrer=True),
        ],
    )
    with engine.connect() as conn:
        figs = {f.key: f for f in compute_medarbeidere(conn, KOMMUNE, 2018, min_n=2)}
    a, b, total = (figs[("minoritet_arsverk", "2018-12-31", o, "")] for o in ("Område A", "Område B", HK))
    assert a.prikket and a.verdi is None
    assert b.prikket  # secondary: 4 - 3 would give A away
    assert total.verdi == 4 and not total.prikket
    persons = [figs[("personer_totalt", "2018-12-31", o, "")] for o in ("Område A", "Område B", HK)]
    assert [p.verdi for p in persons] == [1, 3, 4] and not any(p.prikket for p in persons)


def _chapter_rows():
    return dict(
        ansatte=[
            emp("AF1", "p1", "A1", pst=62.5, fodt="29.02.1980"),
            emp("AF2", "p1", "B1", pst=33.333),
            emp("AF3", "p2", "B1", pst=12.5, kjonn="M", innvandrer=True, leder=True),
            emp("AF4", "p3", "A2", til="31.05.2018", sluttarsak="OPPSIGELSE", kode="6456"),
        ],
        lonn=[
            pay("2018-02", "AF1", 31234.57, linje=2),
            pay("2018-02", "AF3", 7000.01, linje=3),
            pay("2018-03", "AF2", 11111.11, linje=4),
        ],
        rekruttering=[posting("U1", "03.03.2018", 3, 7)],
        pensjon=[pension("KLP", "p9", "AFP", "01.02.2018", grad=40)],
    )


def test_duckdb_and_postgresql_give_byte_identical_workforce_figures(duckdb_url, postgres_url):
    """Exact sums in SQL and the division in Python make the figures file independent of the engine."""
    texts = []
    for url in (duckdb_url, postgres_url):
        eng = create_engine(url)
        ensure_schema(eng)
        load(eng, **_chapter_rows())
        with eng.connect() as conn:
            texts.append(figures_csv_text(workforce_figures(conn, KOMMUNE, 2018)))
        eng.dispose()
    assert texts[0] == texts[1]
    assert "lonn_kvinner_andel_av_menn_prosent" in texts[0]
