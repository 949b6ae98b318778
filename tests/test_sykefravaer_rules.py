"""Each rule of DEFINITIONS.md "Sick leave" on a few hand-made rows, on DuckDB and PostgreSQL.

Calendar facts used below (2018): 1 January is a Monday. Public holidays on weekdays in 2018H1:
1.1, 29.3 (skjærtorsdag), 30.3 (langfredag), 2.4 (2. påskedag), 1.5, 10.5 (Kristi himmelfart),
17.5, 21.5 (2. pinsedag). Workdays: January 23 - 1 = 22, February 20, March 22 - 2 = 20 (Q1 = 62),
April 21 - 1 = 20, May 23 - 4 = 19, June 21 (Q2 = 60); 2018H1 = 122.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from hr.figures import HELE_KOMMUNEN
from hr.metrics.sykefravaer import compute_sykefravaer
from hr.periods import Period
from tests.factory import KOMMUNE, absence, emp, load, org, standard_org, target

H1_WORKDAYS = 122


def figures(engine, period: str = "2018H1", min_n: int = 0) -> dict:
    with engine.connect() as conn:
        return {f.key: f for f in compute_sykefravaer(conn, KOMMUNE, Period.parse(period), min_n)}


def value(figs: dict, metric: str, omrade: str = HELE_KOMMUNEN, gruppe: str = "", period: str = "2018H1"):
    return figs[(f"sykefravaer_{metric}", period, omrade, gruppe)].verdi


def pct(lost, agreed) -> float:
    """100 x lost / agreed, exactly, rounded once: what the module must give."""
    return float(100 * Fraction(lost) / Fraction(agreed))


def test_overlapping_registrations_count_at_most_one_day_work_per_day(engine):
    """Two registrations on the same day must not make a person more than 100 % absent."""
    load(
        engine,
        ansatte=[emp("AF1", "p1")],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "05.03.2018", "09.03.2018"),
            absence("F2", "AF1", "EGENMELDING", "07.03.2018", "08.03.2018"),
        ],
    )
    figs = figures(engine)
    # Mon 5.3 - Fri 9.3 = 5 workdays at degree min(1, 1 + 1) = 1: 5 lost, not 7
    assert value(figs, "tapte_dagsverk") == 5.0
    assert value(figs, "prosent") == pct(5, H1_WORKDAYS)


def test_egenmelding_followed_the_next_workday_by_sykmelding_is_one_case(engine):
    """The doctor's note continuing a self-certified absence is the same absence (its length spans both)."""
    load(
        engine,
        ansatte=[emp("AF1", "p1")],
        fravaer=[
            absence("F1", "AF1", "EGENMELDING", "05.03.2018", "07.03.2018"),
            absence("F2", "AF1", "SYKMELDING", "08.03.2018", "23.03.2018"),
        ],
    )
    figs = figures(engine)
    # one case 5.3-23.3 = 19 calendar days -> langtid; alone they would be 3 and 16 days (korttid)
    # lost: 5.3-23.3 = three full weeks = 15 workdays
    assert value(figs, "langtid_prosent") == pct(15, H1_WORKDAYS)
    assert value(figs, "korttid_prosent") == 0.0
    assert value(figs, "varighet_prosent", gruppe="17-56") == pct(15, H1_WORKDAYS)


def test_registrations_separated_only_by_a_weekend_are_one_case(engine):
    """A weekend is no workday, so Friday's egenmelding and Monday's sykmelding are one absence."""
    load(
        engine,
        ansatte=[emp("AF1", "p1")],
        fravaer=[
            absence("F1", "AF1", "EGENMELDING", "07.03.2018", "09.03.2018"),  # Wed-Fri
            absence("F2", "AF1", "SYKMELDING", "12.03.2018", "23.03.2018"),  # Mon-Fri
        ],
    )
    figs = figures(engine)
    # case 7.3-23.3 = 17 calendar days: langtid exactly at the limit; lost 3 + 10 = 13 workdays
    assert value(figs, "langtid_prosent") == pct(13, H1_WORKDAYS)
    assert value(figs, "korttid_prosent") == 0.0


def test_registrations_separated_only_by_easter_are_one_case(engine):
    """Skjærtorsdag, langfredag, the weekend and 2. påskedag are no workdays: the absence goes on."""
    load(
        engine,
        ansatte=[emp("AF1", "p1")],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "19.03.2018", "28.03.2018"),
            absence("F2", "AF1", "SYKMELDING", "03.04.2018", "06.04.2018"),
        ],
    )
    figs = figures(engine)
    # between them 29.3, 30.3 (holidays), 31.3, 1.4 (weekend), 2.4 (holiday): no workday.
    # case 19.3-6.4 = 19 days -> langtid (alone 10 and 4 days). lost: 19.3-28.3 = 5 + 3 = 8, 3.4-6.4 = 4
    assert value(figs, "langtid_prosent") == pct(12, H1_WORKDAYS)
    assert value(figs, "korttid_prosent") == 0.0


def test_registrations_with_a_workday_between_them_are_separate_cases(engine):
    """Going back to work for one day ends the absence; the next one is a new, shorter case."""
    load(
        engine,
        ansatte=[emp("AF1", "p1")],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "05.03.2018", "09.03.2018"),  # Mon-Fri, 5 days
            absence("F2", "AF1", "SYKMELDING", "13.03.2018", "23.03.2018"),  # Tue-Fri, 11 days
        ],
    )
    figs = figures(engine)
    # Mon 12.3 is a workday between: cases of 5 and 11 days (joined they would be 19: langtid)
    # lost 5 + 9 = 14 workdays, all korttid, duration group 4-16
    assert value(figs, "korttid_prosent") == pct(14, H1_WORKDAYS)
    assert value(figs, "langtid_prosent") == 0.0
    assert value(figs, "varighet_prosent", gruppe="4-16") == pct(14, H1_WORKDAYS)


def test_graded_sick_leave_counts_its_share_of_the_position(engine):
    """A 50 % sick leave on an 80 % position loses 0.8 x 0.5 day-works a day, not a whole one."""
    load(
        engine,
        ansatte=[emp("AF1", "p1", pst=80)],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "05.03.2018", "16.03.2018", grad=50),
        ],
    )
    figs = figures(engine)
    # 10 workdays x 0.8 x 0.5 = 4 lost; agreed 122 x 0.8 = 97.6
    assert value(figs, "tapte_dagsverk") == 4.0
    assert value(figs, "avtalte_dagsverk") == 97.6
    assert value(figs, "prosent") == pct(4, Fraction(976, 10))


def test_a_case_crossing_the_year_or_half_year_boundary_keeps_its_whole_length(engine):
    """Only the period's days count as lost, but the case is as long as it really was."""
    load(
        engine,
        ansatte=[emp("AF1", "p1"), emp("AF2", "p2")],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "20.12.2017", "10.01.2018"),  # 12 + 10 = 22 days
            absence("F2", "AF2", "SYKMELDING", "20.06.2018", "20.07.2018"),  # 11 + 20 = 31 days
        ],
    )
    h1, h2 = figures(engine, "2018H1"), figures(engine, "2018H2")
    # 2018H1: F1 2.1-10.1 = 7 workdays (1.1 is a holiday), F2 20.6-29.6 = 3 + 5 = 8; both langtid
    assert value(h1, "tapte_dagsverk") == 15.0
    assert value(h1, "langtid_prosent") == pct(15, 2 * H1_WORKDAYS)
    assert value(h1, "korttid_prosent") == 0.0
    # 2018H2: F2 2.7-20.7 = 15 workdays (1.7 is a Sunday), still a 31-day case
    assert value(h2, "tapte_dagsverk", period="2018H2") == 15.0
    assert value(h2, "korttid_prosent", period="2018H2") == 0.0
    assert value(h2, "varighet_prosent", gruppe="17-56", period="2018H2") == value(h2, "prosent", period="2018H2")


def test_registration_days_outside_the_employment_count_nothing(engine):
    """Sick days before someone was hired or after they left are no lost day-works of the municipality."""
    load(
        engine,
        ansatte=[emp("AF1", "p1", fra="01.03.2018", til="31.05.2018")],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "20.02.2018", "09.03.2018"),  # 18-day case, 7 workdays inside
            absence("F2", "AF1", "SYKMELDING", "28.05.2018", "08.06.2018"),  # 12-day case, 4 workdays inside
        ],
    )
    figs = figures(engine)
    # agreed: March 20 + April 20 + May 19 = 59. Lost: 1.3-9.3 = Thu, Fri + 5 = 7 (langtid, the case is
    # 18 days long even though it started before the employment); 28.5-31.5 = 4 (korttid)
    assert value(figs, "avtalte_dagsverk") == 59.0
    assert value(figs, "tapte_dagsverk") == 11.0
    assert value(figs, "langtid_prosent") == pct(7, 59)
    assert value(figs, "korttid_prosent") == pct(4, 59)


def test_sykt_barn_permisjon_and_annet_never_count_as_sick_leave(engine):
    """Only EGENMELDING and SYKMELDING are the employee's own sickness; other absence neither counts nor joins cases."""
    load(
        engine,
        ansatte=[emp("AF1", "p1")],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "05.03.2018", "09.03.2018", grad=50),
            absence("F2", "AF1", "PERMISJON", "05.03.2018", "09.03.2018", grad=50),
            absence("F3", "AF1", "SYKT_BARN", "12.03.2018", "12.03.2018"),
            absence("F4", "AF1", "ANNET", "12.03.2018", "12.03.2018"),
            absence("F5", "AF1", "SYKMELDING", "13.03.2018", "14.03.2018"),
        ],
    )
    figs = figures(engine)
    # 5 workdays x 0.5 (the permisjon adds nothing) + 2 = 4.5; 12.3 counts nothing and does not join
    # the two sick cases (5 and 2 days, both korttid; joined they would still be short, so check 1-3)
    assert value(figs, "tapte_dagsverk") == 4.5
    assert value(figs, "varighet_prosent", gruppe="1-3") == pct(2, H1_WORKDAYS)
    assert value(figs, "varighet_prosent", gruppe="4-16") == pct(Fraction(5, 2), H1_WORKDAYS)


def test_a_change_of_position_size_during_an_absence_applies_from_its_first_day(engine):
    """Lost day-works follow the position size valid on each day, and the absence stays one case."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", fra="01.01.2010", til="14.03.2018", pst=100),
            emp("AF1", "p1", fra="15.03.2018", pst=50),
        ],
        fravaer=[absence("F1", "AF1", "SYKMELDING", "12.03.2018", "16.03.2018")],
    )
    figs = figures(engine)
    # lost: Mon 12 - Wed 14 at 1.0 = 3, Thu 15 - Fri 16 at 0.5 = 1 -> 4
    # agreed: 1.1-14.3 = 22 + 20 + 10 = 52 at 1.0; 15.3-30.6 = 122 - 52 = 70 at 0.5 = 35 -> 87
    assert value(figs, "tapte_dagsverk") == 4.0
    assert value(figs, "avtalte_dagsverk") == 87.0
    # one case of 5 days (not a 3-day and a 2-day case): all in 4-16
    assert value(figs, "varighet_prosent", gruppe="4-16") == pct(4, 87)
    assert value(figs, "varighet_prosent", gruppe="1-3") == 0.0
    assert figs[("sykefravaer_prosent", "2018H1", HELE_KOMMUNEN, "")].n == 1


def test_a_reorganisation_moves_the_days_to_the_area_valid_on_each_day(engine):
    """A unit moved to another area on 1 April brings its later sick days with it, not its earlier ones."""
    tree = standard_org()[:3] + [
        org("U1", "Barnevernet", "A", 3, til="31.03.2018"),
        org("U1", "Barnevernet", "B", 3, fra="01.04.2018"),
    ]
    load(
        engine,
        org=tree,
        ansatte=[emp("AF1", "p1", "U1")],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "26.03.2018", "06.04.2018"),
        ],
    )
    figs = figures(engine)
    # A: 26-28.3 = 3 lost of Q1's 62 workdays; B: 3-6.4 = 4 lost of Q2's 60
    assert value(figs, "tapte_dagsverk", "Område A") == 3.0
    assert value(figs, "avtalte_dagsverk", "Område A") == 62.0
    assert value(figs, "tapte_dagsverk", "Område B") == 4.0
    assert value(figs, "avtalte_dagsverk", "Område B") == 60.0
    assert value(figs, "tapte_dagsverk") == 7.0
    assert figs[("sykefravaer_prosent", "2018H1", HELE_KOMMUNEN, "")].n == 1


def test_hourly_paid_employments_never_count(engine):
    """Hourly-paid staff have no agreed day-works, so neither their days nor their absences count."""
    load(
        engine,
        ansatte=[emp("AF1", "p1", lonnsform="TIME", pst=0), emp("AF2", "p2", "B1")],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "05.03.2018", "09.03.2018"),
        ],
    )
    figs = figures(engine)
    assert value(figs, "tapte_dagsverk") == 0.0
    assert value(figs, "avtalte_dagsverk") == float(H1_WORKDAYS)
    assert figs[("sykefravaer_prosent", "2018H1", HELE_KOMMUNEN, "")].n == 1
    assert ("sykefravaer_prosent", "2018H1", "Område A", "") not in figs


def test_agreed_day_works_of_a_full_time_employee_are_the_workdays_without_holidays(engine):
    """Public holidays and weekends are not workdays: 2018H1 has 122 (see the module docstring)."""
    load(engine, ansatte=[emp("AF1", "p1")])
    figs = figures(engine)
    assert value(figs, "avtalte_dagsverk") == 122.0
    assert value(figs, "avtalte_dagsverk", "Område A") == 122.0
    assert value(figs, "prosent") == 0.0


def test_self_and_doctor_certified_and_short_and_long_term_add_up_to_the_total(engine):
    """The report's breakdowns must sum to the headline figure, also on days with overlapping registrations."""
    load(
        engine,
        ansatte=[emp("AF1", "p1", pst=60), emp("AF2", "p2", "B1")],
        fravaer=[
            absence("F1", "AF1", "EGENMELDING", "05.03.2018", "07.03.2018"),
            absence("F2", "AF1", "SYKMELDING", "06.03.2018", "20.03.2018", grad=60),
            absence("F3", "AF1", "SYKMELDING", "19.03.2018", "23.03.2018", grad=70),
            absence("F4", "AF2", "EGENMELDING", "07.05.2018", "08.05.2018", grad=30),
            absence("F5", "AF2", "SYKMELDING", "04.06.2018", "30.06.2018", grad=45),
        ],
    )
    figs = figures(engine)
    for omrade in (HELE_KOMMUNEN, "Område A", "Område B"):
        total = value(figs, "prosent", omrade)
        assert total > 0
        assert value(figs, "egenmeldt_prosent", omrade) + value(figs, "legemeldt_prosent", omrade) == pytest.approx(
            total, rel=1e-12
        )
        assert value(figs, "korttid_prosent", omrade) + value(figs, "langtid_prosent", omrade) == pytest.approx(
            total, rel=1e-12
        )
        assert sum(
            value(figs, "varighet_prosent", omrade, g) for g in ("1-3", "4-16", "17-56", "57+")
        ) == pytest.approx(total, rel=1e-12)


def test_a_day_with_degrees_above_one_is_split_in_proportion_to_the_degrees(engine):
    """Egen- and legemeldt shares of a capped day follow the registrations' degrees (100 : 50 -> 2/3 : 1/3)."""
    load(
        engine,
        ansatte=[emp("AF1", "p1")],
        fravaer=[
            absence("F1", "AF1", "EGENMELDING", "07.03.2018", "07.03.2018"),
            absence("F2", "AF1", "SYKMELDING", "07.03.2018", "07.03.2018", grad=50),
        ],
    )
    figs = figures(engine)
    # one workday, degree min(1, 1.5) = 1; egen share 1/1.5 rounded to 12 decimals = 0.666666666667
    egen = Fraction(666666666667, 10**12)
    assert value(figs, "tapte_dagsverk") == 1.0
    assert value(figs, "egenmeldt_prosent") == pct(egen, H1_WORKDAYS)
    assert value(figs, "legemeldt_prosent") == pct(1 - egen, H1_WORKDAYS)


def test_n_counts_each_person_once_per_group(engine):
    """n is the number of persons: someone with two employments is one person in the total."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", "A1", pst=50),
            emp("AF2", "p1", "B1", pst=50),
            emp("AF3", "p2", "A2"),
        ],
    )
    figs = figures(engine)
    assert figs[("sykefravaer_prosent", "2018H1", HELE_KOMMUNEN, "")].n == 2
    assert figs[("sykefravaer_prosent", "2018H1", "Område A", "")].n == 2
    assert figs[("sykefravaer_prosent", "2018H1", "Område B", "")].n == 1
    assert value(figs, "avtalte_dagsverk") == 2.0 * H1_WORKDAYS


def test_an_area_is_named_by_its_name_on_the_last_day_it_existed_in_the_period(engine):
    """Readers know an area by its current name; a dissolved area keeps the name it had when it closed."""
    tree = [
        org(KOMMUNE, "Testkommune", None, 1),
        org("A", "Område A", KOMMUNE, 2, til="31.03.2018"),
        org("A", "Helse og omsorg", KOMMUNE, 2, fra="01.04.2018"),
        org("B", "Område B", KOMMUNE, 2),
        org("C", "Område C", KOMMUNE, 2, til="31.03.2018"),
        org("A1", "Enhet A1", "A", 3),
        org("C1", "Enhet C1", "C", 3, til="31.03.2018"),
        org("C1", "Enhet C1", "B", 3, fra="01.04.2018"),
    ]
    load(engine, org=tree, ansatte=[emp("AF1", "p1", "A1"), emp("AF2", "p2", "C1")])
    figs = figures(engine)
    h1_areas = {k[2] for k in figs if k[0] == "sykefravaer_prosent" and k[1] == "2018H1"}
    assert h1_areas == {HELE_KOMMUNEN, "Helse og omsorg", "Område B", "Område C"}
    assert value(figs, "avtalte_dagsverk", "Område C") == 62.0  # Q1 only
    assert value(figs, "avtalte_dagsverk", "Område B") == 60.0  # Q2 only
    # in the trend, 2017H2 still shows the old name
    assert ("sykefravaer_prosent", "2017H2", "Område A", "") in figs
    assert ("sykefravaer_prosent", "2018Q1", "Område A", "") in figs
    assert ("sykefravaer_prosent", "2018Q2", "Helse og omsorg", "") in figs


def test_targets_come_from_ref_mal_for_the_area_and_the_root(engine):
    """The report compares each area with its own target and the municipality with the root's target."""
    load(
        engine,
        ansatte=[emp("AF1", "p1", "A1"), emp("AF2", "p2", "B1")],
        mal=[
            target(2018, KOMMUNE, "sykefravaer_prosent", 7.0),
            target(2018, "A", "sykefravaer_prosent", 8.5),
            target(2017, "B", "sykefravaer_prosent", 6.0),
            target(2018, "B", "andel_deltid_under_80_prosent", 30.0),
        ],
    )
    figs = figures(engine)
    assert value(figs, "mal_prosent") == 7.0
    assert value(figs, "mal_prosent", "Område A") == 8.5
    assert ("sykefravaer_mal_prosent", "2018H1", "Område B", "") not in figs


def test_sick_leave_is_given_by_gender_for_the_whole_municipality(engine):
    """The report shows women's and men's sick leave side by side."""
    load(
        engine,
        ansatte=[emp("AF1", "p1", kjonn="K"), emp("AF2", "p2", "B1", kjonn="M"), emp("AF3", "p3", "B1", kjonn="K")],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "05.03.2018", "09.03.2018"),
        ],
    )
    figs = figures(engine)
    women = figs[("sykefravaer_prosent", "2018H1", HELE_KOMMUNEN, "K")]
    men = figs[("sykefravaer_prosent", "2018H1", HELE_KOMMUNEN, "M")]
    assert (women.verdi, women.n) == (pct(5, 2 * H1_WORKDAYS), 2)
    assert (men.verdi, men.n) == (0.0, 1)


def test_the_report_holds_the_year_before_the_quarters_and_an_eight_period_trend(engine):
    """The half-yearly report compares with last year, shows each quarter and the last eight half-years."""
    load(
        engine,
        ansatte=[emp("AF1", "p1")],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "05.03.2018", "09.03.2018"),
            absence("F2", "AF1", "SYKMELDING", "06.03.2017", "31.03.2017"),
        ],
    )
    figs = figures(engine)
    trend = sorted(
        k[1] for k in figs if k[0] == "sykefravaer_prosent" and k[2] == HELE_KOMMUNEN and k[3] == "" and "Q" not in k[1]
    )
    assert trend == ["2014H2", "2015H1", "2015H2", "2016H1", "2016H2", "2017H1", "2017H2", "2018H1"]
    assert value(figs, "prosent", "Område A", period="2015H1") == 0.0
    # 2017H1 has 22 + 20 + 23 + (20 - 3 Easter) + (23 - 3) + (22 - 1) = 123 workdays; F2 is 6.3-31.3.2017
    # = four full weeks = 20 lost, in one 26-day case (langtid)
    assert value(figs, "prosent", period="2017H1") == pct(20, 123)
    assert value(figs, "langtid_prosent", period="2017H1") == pct(20, 123)
    assert value(figs, "prosent", period="2018Q1") == pct(5, 62)
    assert value(figs, "korttid_prosent", period="2018Q1") == pct(5, 62)
    assert value(figs, "prosent", period="2018Q2") == 0.0


def test_the_sums_of_many_periods_from_one_query_are_the_sums_of_each_period(engine):
    """A report gets its ~25 periods' sums in one query (periods_sums): each period's sums must be what
    the period alone gives, and a period of the grid that shares a first or last day with the asked ones
    (2018 with 2018Q1 and 2018H2) must not leak into them."""
    from hr.metrics.sykefravaer import period_sums, periods_sums

    load(
        engine,
        org=standard_org(),
        ansatte=[emp("AF1", "p1", "A1", fra="01.01.2015"), emp("AF2", "p2", "B1", fra="01.01.2015", kjonn="M")],
        fravaer=[
            absence("F1", "AF1", "SYKMELDING", "26.03.2018", "06.04.2018"),
            absence("F2", "AF2", "EGENMELDING", "05.09.2018", "06.09.2018"),
        ],
    )
    asked = [Period.parse(p) for p in ("2018Q1", "2018H2", "2017Q4", "2018Q3", "2010H1")]
    with engine.connect() as conn:
        together = periods_sums(conn, KOMMUNE, asked)
        alone = {p: period_sums(conn, KOMMUNE, p) for p in asked}
    assert list(together) == asked
    assert together == alone
    assert together[Period.parse("2010H1")] == []  # before anyone was employed: no agreed day-works
    q1 = {(s.omrade, s.gruppe): s for s in together[Period.parse("2018Q1")]}
    assert q1[(HELE_KOMMUNEN, "")].tapte == 3 and q1[("Område B", "")].tapte == 0  # 26-28.3 of F1 only
    h2 = {(s.omrade, s.gruppe): s for s in together[Period.parse("2018H2")]}
    assert h2[(HELE_KOMMUNEN, "")].tapte == 2 and h2[(HELE_KOMMUNEN, "")].tapte_egenmeldt == 2
