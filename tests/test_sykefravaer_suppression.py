"""Suppressed sick-leave figures cannot be read back from the published ones (DEFINITIONS.md "Small numbers")."""

from __future__ import annotations

from fractions import Fraction

from hr.figures import HELE_KOMMUNEN
from hr.metrics.sykefravaer import compute_sykefravaer, sykefravaer_series
from hr.periods import Period
from tests.factory import KOMMUNE, absence, emp, load, org, standard_org

H1_WORKDAYS = 122
GROUP_METRICS = [
    "sykefravaer_prosent",
    "sykefravaer_korttid_prosent",
    "sykefravaer_langtid_prosent",
    "sykefravaer_egenmeldt_prosent",
    "sykefravaer_legemeldt_prosent",
    "sykefravaer_tapte_dagsverk",
    "sykefravaer_avtalte_dagsverk",
]


def three_areas(engine) -> None:
    """A: 2 persons (5 lost), B: 3 persons (10 lost), C: 5 persons (5 lost); everyone 100 % since 2010."""
    tree = standard_org() + [org("C", "Område C", KOMMUNE, 2), org("C1", "Enhet C1", "C", 3)]
    people = [("A1", 2), ("B1", 3), ("C1", 5)]
    ansatte = [
        emp(f"AF{unit}{i}", f"p{unit}{i}", unit, kjonn="M" if i == 1 or (unit, i) == ("C1", 2) else "K")
        for unit, count in people
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


def compute(engine, min_n: int) -> dict:
    with engine.connect() as conn:
        return {f.key: f for f in compute_sykefravaer(conn, KOMMUNE, Period.parse("2018H1"), min_n)}


def test_a_small_area_and_the_next_smallest_are_suppressed_in_every_figure_of_the_group(engine):
    """Area A (2 persons) is below min_n 3; B (3) goes too, and with them all their sick-leave figures."""
    three_areas(engine)
    figs = compute(engine, min_n=3)
    for metric in GROUP_METRICS:
        for omrade, prikket in (("Område A", True), ("Område B", True), ("Område C", False), (HELE_KOMMUNEN, False)):
            f = figs[(metric, "2018H1", omrade, "")]
            assert f.prikket is prikket, (metric, omrade)
            assert (f.verdi is None) is prikket
    for gruppe in ("1-3", "4-16", "17-56", "57+"):
        assert figs[("sykefravaer_varighet_prosent", "2018H1", "Område A", gruppe)].prikket
        assert figs[("sykefravaer_varighet_prosent", "2018H1", "Område B", gruppe)].prikket
    for period in ("2017H1", "2018Q1", "2018Q2", "2015H1"):
        assert figs[("sykefravaer_prosent", period, "Område A", "")].prikket
        assert figs[("sykefravaer_prosent", period, "Område B", "")].prikket
        assert not figs[("sykefravaer_prosent", period, "Område C", "")].prikket
    # 4 men and 6 women: both at least 3, both shown
    assert not figs[("sykefravaer_prosent", "2018H1", HELE_KOMMUNEN, "M")].prikket
    assert figs[("sykefravaer_prosent", "2018H1", HELE_KOMMUNEN, "M")].n == 4


def test_a_suppressed_area_cannot_be_recovered_from_the_total_and_the_other_areas(engine):
    """The attack a reader could make (total minus the shown areas) gives only A and B together."""
    three_areas(engine)
    figs = compute(engine, min_n=3)
    shown = [
        k[2]
        for k in figs
        if k[:2] == ("sykefravaer_tapte_dagsverk", "2018H1") and k[2] != HELE_KOMMUNEN and not figs[k].prikket
    ]

    def residual(metric: str) -> float:
        total = figs[(metric, "2018H1", HELE_KOMMUNEN, "")].verdi
        return total - sum(figs[(metric, "2018H1", a, "")].verdi for a in shown)

    lost, agreed = residual("sykefravaer_tapte_dagsverk"), residual("sykefravaer_avtalte_dagsverk")
    # the true hidden values: A lost 5 of 2 x 122, B lost 10 of 3 x 122
    true_lost = {"Område A": 5, "Område B": 10}
    true_agreed = {"Område A": 2 * H1_WORKDAYS, "Område B": 3 * H1_WORKDAYS}
    assert lost == 15 and agreed == 5 * H1_WORKDAYS  # the attack works: it finds A + B ...
    for area in true_lost:  # ... but neither area on its own
        assert lost != true_lost[area]
        assert agreed != true_agreed[area]
        assert float(100 * Fraction(lost) / Fraction(agreed)) != float(
            100 * Fraction(true_lost[area], true_agreed[area])
        )
    # without suppression the same figures show the true values, so the check above is meaningful
    open_figs = compute(engine, min_n=0)
    assert open_figs[("sykefravaer_tapte_dagsverk", "2018H1", "Område A", "")].verdi == 5.0


def test_the_annual_series_is_suppressed_the_same_way(engine):
    """The annual chapter's five-year series must not publish what the half-yearly report hides."""
    three_areas(engine)
    with engine.connect() as conn:
        figs = {f.key: f for f in sykefravaer_series(conn, KOMMUNE, [Period.parse("2017"), Period.parse("2018")], 3)}
    for year in ("2017", "2018"):
        for metric in ("sykefravaer_prosent", "sykefravaer_korttid_prosent", "sykefravaer_langtid_prosent"):
            assert figs[(metric, year, "Område A", "")].prikket
            assert figs[(metric, year, "Område B", "")].prikket
            assert not figs[(metric, year, "Område C", "")].prikket
    assert figs[("sykefravaer_prosent", "2018", HELE_KOMMUNEN, "")].verdi > 0
