"""Issue 18 item 4, the size of the problem, on DuckDB and PostgreSQL: sykefravaer_tapte_arsverk and
sykefravaer_kostnad_kroner for Hele kommunen and every area, suppressed where the group's rate is.

Calendar facts (2018): 122 workdays in 2018H1 (tests/test_sykefravaer_rules.py), 251 in the year
(261 weekdays less 10 public holidays on weekdays: 1.1, 29.3, 30.3, 2.4, 1.5, 10.5, 17.5, 21.5, 25.12, 26.12).
"""

from __future__ import annotations

from fractions import Fraction

import pandas as pd
import pytest

from hr.figures import HELE_KOMMUNEN
from hr.metrics.sykefravaer import compute_sykefravaer, sykefravaer_series
from hr.metrics.sykefravaer_storrelse import (
    KOSTNAD,
    TAPTE_ARSVERK,
    size_figures,
    workdays,
)
from hr.periods import Period
from hr.warehouse import bulk_insert
from tests.factory import KOMMUNE, absence, emp, load, org, standard_org

H1, YEAR = Period.parse("2018H1"), Period.parse("2018")
KOSTNAD_PER_DAGSVERK = 2750
# lost day-works per area: A 5 (2 persons), B 10 (3 persons), C 5 (5 persons); total 20
LOST = {"Område A": 5, "Område B": 10, "Område C": 5, HELE_KOMMUNEN: 20}


def three_areas(engine, kostnad: int | None) -> None:
    tree = standard_org() + [org("C", "Område C", KOMMUNE, 2), org("C1", "Enhet C1", "C", 3)]
    ansatte = [
        emp(f"AF{unit}{i}", f"p{unit}{i}", unit)
        for unit, count in (("A1", 2), ("B1", 3), ("C1", 5))
        for i in range(1, count + 1)
    ]
    load(
        engine,
        org=tree,
        ansatte=ansatte,
        fravaer=[
            absence("F1", "AFA11", "SYKMELDING", "05.03.2018", "09.03.2018"),  # 5 workdays
            absence("F2", "AFB11", "SYKMELDING", "12.03.2018", "23.03.2018"),  # 10 workdays
            absence("F3", "AFC11", "EGENMELDING", "04.06.2018", "08.06.2018"),  # 5 workdays
        ],
    )
    if kostnad is not None:
        with engine.begin() as conn:
            bulk_insert(
                conn,
                "ref_kostnad",
                pd.DataFrame({"kommunenummer": [KOMMUNE], "kostnad_per_dagsverk": [float(kostnad)]}),
            )


def half_year(engine, min_n: int) -> dict:
    with engine.connect() as conn:
        figures = compute_sykefravaer(conn, KOMMUNE, H1, min_n)
        return {f.key: f for f in size_figures(conn, KOMMUNE, H1, figures)}


def test_the_calendar_of_the_size_figures():
    assert (workdays(H1), workdays(Period.parse("2018H2")), workdays(YEAR)) == (122, 129, 251)


def test_lost_arsverk_and_kroner_in_total_and_per_area(engine):
    three_areas(engine, KOSTNAD_PER_DAGSVERK)
    figs = half_year(engine, min_n=0)
    for omrade, lost in LOST.items():
        arsverk = figs[(TAPTE_ARSVERK, "2018H1", omrade, "")]
        kroner = figs[(KOSTNAD, "2018H1", omrade, "")]
        assert arsverk.verdi == float(Fraction(lost, 122)) and arsverk.enhet == "arsverk"
        assert kroner.verdi == float(lost * KOSTNAD_PER_DAGSVERK) and kroner.enhet == "kroner"
        assert not arsverk.prikket and not kroner.prikket
    assert figs[(TAPTE_ARSVERK, "2018H1", HELE_KOMMUNEN, "")].n == 10


def test_no_kroner_without_kostnad_per_dagsverk(engine):
    three_areas(engine, None)
    figs = half_year(engine, min_n=0)
    assert not [k for k in figs if k[0] == KOSTNAD]
    assert figs[(TAPTE_ARSVERK, "2018H1", HELE_KOMMUNEN, "")].verdi == float(Fraction(20, 122))


def test_a_small_area_and_its_secondary_cell_are_hidden_in_the_size_figures_too(engine):
    """A (2 persons) is below min_n 3, B (3) goes with it so that A is not total minus C: the same cells
    as sykefravaer_prosent, and neither value nor n of A or B can be read."""
    three_areas(engine, KOSTNAD_PER_DAGSVERK)
    figs = half_year(engine, min_n=3)
    for metric in (TAPTE_ARSVERK, KOSTNAD):
        for omrade, hidden in (("Område A", True), ("Område B", True), ("Område C", False), (HELE_KOMMUNEN, False)):
            f = figs[(metric, "2018H1", omrade, "")]
            assert f.prikket is hidden, (metric, omrade)
            if hidden:
                assert f.verdi is None and f.n is None


def test_the_annual_chapter_gets_the_year_s_size(engine):
    three_areas(engine, KOSTNAD_PER_DAGSVERK)
    with engine.connect() as conn:
        series = sykefravaer_series(conn, KOMMUNE, [Period.parse("2017"), YEAR], 0)
        figs = {f.key: f for f in size_figures(conn, KOMMUNE, YEAR, series)}
    assert figs[(TAPTE_ARSVERK, "2018", HELE_KOMMUNEN, "")].verdi == float(Fraction(20, 251))
    assert figs[(KOSTNAD, "2018", "Område B", "")].verdi == float(10 * KOSTNAD_PER_DAGSVERK)
    assert {k[1] for k in figs} == {"2018"}


@pytest.mark.parametrize("kostnad", [None, 3100])
def test_kommune_yaml_kostnad_reaches_the_figures_through_the_ingest(warehouse_url, tmp_path, kostnad):
    """kommune.yaml -> ref_kostnad -> sykefravaer_kostnad_kroner (and a kommune.yaml without it: no kroner)."""
    from tasks.compute import compute_figures
    from tests.landing import Landing, ingest, settings_for

    land = Landing(tmp_path / "landing").standard()
    extra = f"kostnad_per_dagsverk: {kostnad}\n" if kostnad else ""
    _five_persons(land)
    land.text(
        "referanse/kommune.yaml",
        f'navn: Bærum kommune\nkommunenummer: "0219"\nmin_n: 3\nfravaer_fra: 01.01.2014\n{extra}',
    )
    ingest(land, tmp_path, warehouse_url)
    figs = {
        f.key: f
        for f in compute_figures.fn(
            settings_for(tmp_path, warehouse_url), "0219", "sykefravaer", Period.parse("2018H2")
        )
    }
    tapte = figs[("sykefravaer_tapte_dagsverk", "2018H2", HELE_KOMMUNEN, "")].verdi
    arsverk = figs[(TAPTE_ARSVERK, "2018H2", HELE_KOMMUNEN, "")].verdi
    assert arsverk == pytest.approx(tapte / 129, rel=1e-12)
    kroner = figs.get((KOSTNAD, "2018H2", HELE_KOMMUNEN, ""))
    assert (kroner is None) if kostnad is None else kroner.verdi == pytest.approx(tapte * kostnad, rel=1e-12)


def _five_persons(land) -> None:
    """The standard landing's three persons and two more all year, so min_n 3 (the lowest allowed) keeps
    the municipality's own sick-leave figures visible; the register is declared complete from 2014."""
    from datetime import date

    from tests.landing import ansatt, ansatte_rows, fnr

    land.ansatte(
        ansatte_rows()
        + [
            ansatt(
                ansattnr=f"1000{i}",
                fodselsnummer=fnr(date(1980 + i, 3, 3), 300 + i),
                arbeidsforhold_id=f"AF{i}",
                gyldig_fra="01.01.2017",
            )
            for i in (4, 5)
        ]
    )


def test_the_half_year_areas_table_shows_lost_arsverk_per_area_hidden_where_the_rate_is(engine):
    """The half-year report gives the lost årsverk per area as the last column of «Sykefravær per område»;
    a cell is hidden exactly where the area's rate is (A and B below, C and the municipality shown)."""
    from reports.sykefravaer import areas_table
    from reports.tables import FigureIndex

    three_areas(engine, KOSTNAD_PER_DAGSVERK)
    with engine.connect() as conn:
        figures = compute_sykefravaer(conn, KOMMUNE, H1, 3)
        figures += size_figures(conn, KOMMUNE, H1, figures)
    table = areas_table(FigureIndex(figures), H1, 3)
    assert table.columns[-1] == "Tapte årsverk"
    rows = {r.label: r.cells for r in table.rows}
    assert rows[HELE_KOMMUNEN][-1] == "0,2"  # 20 lost day-works / 122 workdays
    assert rows["Område C"][-1] == "0,0"  # 5 / 122
    for hidden in ("Område A", "Område B"):
        assert rows[hidden][-1] == rows[hidden][0] and not any(ch.isdigit() for ch in rows[hidden][-1])
    with engine.connect() as conn:  # without the size figures the column is not there
        plain = areas_table(FigureIndex(compute_sykefravaer(conn, KOMMUNE, H1, 3)), H1, 3)
    assert "Tapte årsverk" not in plain.columns
