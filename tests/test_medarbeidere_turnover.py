"""Turnover for a year (DEFINITIONS.md "Turnover for year Y"): base on 1 January, leavers on 31 December."""

from fractions import Fraction

from hr.figures import HELE_KOMMUNEN as HK
from hr.metrics.medarbeidere import workforce_figures
from tests.factory import KOMMUNE, emp, load


def _figures(engine, year=2018):
    with engine.connect() as conn:
        return {f.key: f for f in workforce_figures(conn, KOMMUNE, year)}


def _v(figs, metric, omrade=HK, gruppe="", period="2018"):
    return figs[(metric, period, omrade, gruppe)].verdi


def test_internal_move_between_areas_is_not_turnover(engine):
    """KS: employed one year and still employed a year later, wherever in the municipality, is no leaver."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", "A1", til="30.06.2018"),
            emp("AF2", "p1", "B1", fra="01.07.2018"),  # moves A -> B
            emp("AF3", "p2", "A1", til="31.03.2018", sluttarsak="OPPSIGELSE"),  # leaves
        ],
    )
    f = _figures(engine)
    assert _v(f, "turnover_prosent") == 50.0  # 1 leaver of 2 in the base
    assert _v(f, "turnover_prosent", omrade="Område A") == 50.0  # both belonged to A on 1 January
    assert ("turnover_prosent", "2018", "Område B", "") not in f
    assert f[("turnover_prosent", "2018", HK, "")].n == 2


def test_change_from_permanent_to_temporary_counts_as_a_leaver(engine):
    """Leavers are base persons without MAANED + FAST on 31.12, so FAST -> MIDLERTIDIG is turnover."""
    load(engine, ansatte=[emp("AF1", "p1", til="30.06.2018"), emp("AF2", "p1", fra="01.07.2018", form="MIDLERTIDIG")])
    f = _figures(engine)
    assert _v(f, "turnover_prosent") == 100.0
    assert _v(f, "avganger", gruppe="UKJENT") == 1  # the ended FAST employment carries no sluttarsak


def test_person_whose_last_day_is_31_december_is_not_a_leaver_that_year(engine):
    """An employment ending on 31.12 is active on the status date (DEFINITIONS.md read literally)."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", til="31.12.2018", sluttarsak="PENSJON"),
            emp("AF2", "p2", til="30.12.2018", sluttarsak="PENSJON"),
        ],
    )
    f = _figures(engine)
    assert _v(f, "turnover_prosent") == 50.0  # p2 only
    assert _v(f, "avganger", gruppe="PENSJON") == 1


def test_base_person_belongs_to_the_area_of_the_largest_permanent_job_with_ties_to_the_lowest_id(engine):
    """Each base person sits in exactly one area, so the area figures add up to the total."""
    load(
        engine,
        ansatte=[
            emp("AF2", "p1", "A1", pst=50, til="30.04.2018"),
            emp("AF1", "p1", "B1", pst=50, til="30.04.2018"),  # tie -> AF1: B
            emp("AF3", "p2", "A1", pst=40),
            emp("AF4", "p2", "B1", pst=60),  # largest: B
            emp("AF5", "p3", "A2", pst=100),
            emp("AF6", "p4", "A1", pst=100, lonnsform="TIME", form="FAST", til="30.04.2018"),  # not MAANED
        ],
    )
    f = _figures(engine)
    assert _v(f, "turnover_prosent", omrade="Område A") == 0.0  # p3 stays
    assert _v(f, "turnover_prosent", omrade="Område B") == 50.0  # p1 leaves, p2 stays
    assert _v(f, "turnover_prosent") == float(Fraction(100, 3))  # 1 of 3
    assert f[("turnover_prosent", "2018", "Område B", "")].n == 2


def test_leavers_are_counted_by_the_reason_on_their_last_ended_employment(engine):
    """avganger by sluttarsak uses the person's last employment that ended in the year, else UKJENT."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", til="31.03.2018", sluttarsak="OPPSIGELSE"),
            emp("AF2", "p1", fra="01.04.2018", til="30.09.2018", form="MIDLERTIDIG", sluttarsak="PENSJON"),
            emp("AF3", "p2", til="31.05.2018", sluttarsak="DOD"),
            emp("AF4", "p3", til="31.05.2018"),
            emp("AF5", "p4"),
        ],
    )
    f = _figures(engine)
    assert (
        _v(f, "avganger", gruppe="PENSJON"),
        _v(f, "avganger", gruppe="DOD"),
        _v(f, "avganger", gruppe="UKJENT"),
    ) == (1, 1, 1)
    assert ("avganger", "2018", HK, "OPPSIGELSE") not in f
    assert _v(f, "avganger") == 3
    assert _v(f, "turnover_prosent") == 75.0  # 3 of 4


def test_person_hired_after_1_january_is_not_in_the_base(engine):
    """Base is 1 January: a newcomer who leaves in the same year is not turnover of that year."""
    load(
        engine,
        ansatte=[emp("AF1", "p1", fra="02.01.2018", til="30.06.2018", sluttarsak="OPPSIGELSE"), emp("AF2", "p2")],
    )
    f = _figures(engine)
    assert _v(f, "turnover_prosent") == 0.0
    assert f[("turnover_prosent", "2018", HK, "")].n == 1


def test_turnover_is_also_given_for_the_year_before_and_as_a_total_for_five_years(engine):
    """The chapter compares with last year by area and repeats the total in the kpi table."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", "B1", til="30.06.2017", sluttarsak="OPPSIGELSE"),
            emp("AF2", "p2", "B1", fra="01.01.2013"),
        ],
    )
    f = _figures(engine)
    assert _v(f, "turnover_prosent", omrade="Område B", period="2017") == 50.0
    assert _v(f, "turnover_prosent", period="2014") == 0.0
    assert ("turnover_prosent", "2014", "Område B", "") not in f  # older years: total only
    assert ("turnover_prosent", "2013", HK, "") not in f  # only the last five years
