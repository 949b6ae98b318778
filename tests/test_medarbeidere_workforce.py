"""Workforce, age and full-time figures on the status date (DEFINITIONS.md sections of the same names)."""

from fractions import Fraction

from hr.figures import HELE_KOMMUNEN as HK
from hr.metrics.medarbeidere import workforce_figures
from tests.factory import KOMMUNE, emp, load, org, standard_org

ST = "2018-12-31"


def _figures(engine, year=2018):
    with engine.connect() as conn:
        return {f.key: f for f in workforce_figures(conn, KOMMUNE, year)}


def _v(figs, metric, period=ST, omrade=HK, gruppe=""):
    return figs[(metric, period, omrade, gruppe)].verdi


def test_person_with_two_employments_counts_once_in_total_and_once_in_each_area(engine):
    """Persons are people, not contracts; an area still sees everyone who works there."""
    load(engine, ansatte=[emp("AF1", "p1", "A1", pst=60), emp("AF2", "p1", "B1", pst=40)])
    f = _figures(engine)
    assert _v(f, "personer_fast") == 1
    assert _v(f, "personer_fast", omrade="Område A") == 1
    assert _v(f, "personer_fast", omrade="Område B") == 1
    # årsverk go to the areas of the employments: 0.6 + 0.4 = 1.0
    assert _v(f, "arsverk_fast") == 1.0
    assert _v(f, "arsverk_fast", omrade="Område A") == 0.6
    assert _v(f, "arsverk_fast", omrade="Område B") == 0.4
    assert f[("personer_fast", ST, HK, "")].n == 1


def test_arsverk_adds_permanent_and_temporary_monthly_paid(engine):
    """arsverk = arsverk_fast + arsverk_midlertidig; hourly paid employments carry no årsverk."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", pst=100),
            emp("AF2", "p2", pst=50, form="MIDLERTIDIG"),
            emp("AF3", "p3", pst=0, lonnsform="TIME"),
        ],
    )
    f = _figures(engine)
    assert (_v(f, "arsverk_fast"), _v(f, "arsverk_midlertidig"), _v(f, "arsverk")) == (1.0, 0.5, 1.5)  # 1.0 + 0.5
    assert (_v(f, "personer_fast"), _v(f, "personer_midlertidig"), _v(f, "personer_maanedslonnet")) == (1, 1, 2)
    assert _v(f, "personer_totalt") == 3


def test_hourly_paid_person_with_a_monthly_employment_is_not_timelonnet(engine):
    """timelønnede are persons with TIME and no MAANED; a monthly-paid extra shift worker is not one."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", "A1"),
            emp("AF2", "p1", "B1", pst=0, lonnsform="TIME"),
            emp("AF3", "p2", "B1", pst=0, lonnsform="TIME"),
        ],
    )
    f = _figures(engine)
    assert _v(f, "timelonnede_personer") == 1  # p2 only
    assert _v(f, "timelonnede_personer", omrade="Område B") == 1  # p1's TIME job in B does not count
    assert _v(f, "personer_totalt", omrade="Område B") == 2  # both work in B
    assert _v(f, "personer_totalt") == 2


def test_employment_ending_on_the_status_date_counts_and_one_starting_the_day_after_does_not(engine):
    """Active on 31.12 means gyldig_fra <= 31.12 <= gyldig_til, both ends included."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", til="31.12.2018"),
            emp("AF2", "p2", fra="01.01.2019"),
            emp("AF3", "p3", til="30.12.2018"),
        ],
    )
    assert _v(_figures(engine), "personer_totalt") == 1


def test_area_is_named_as_it_was_on_the_status_date(engine):
    """An area renamed during the year is reported under its name on 31.12 (OUTPUTS.md)."""
    tree = standard_org()[:1] + [
        org("A", "Gammelt navn", KOMMUNE, 2, til="30.06.2018"),
        org("A", "Nytt navn", KOMMUNE, 2, fra="01.07.2018"),
        org("A1", "Enhet", "A", 3),
    ]
    load(engine, org=tree, ansatte=[emp("AF1", "p1", "A1")])
    f = _figures(engine)
    assert _v(f, "personer_totalt", omrade="Nytt navn") == 1
    assert not any(k[2] == "Gammelt navn" and k[1] == ST for k in f)


def test_age_is_completed_years_on_the_status_date_around_a_birthday(engine):
    """Born 31.12.1980 is 38 on 31.12.2018; born 01.01.1981 is still 37."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", fodt="31.12.1980", kjonn="K"),
            emp("AF2", "p2", fodt="01.01.1981", kjonn="M"),
            emp("AF3", "p3", fodt="01.01.1950", kjonn="M", lonnsform="TIME", pst=0),
        ],
    )
    f = _figures(engine)
    assert _v(f, "gjennomsnittsalder", gruppe="K") == 38.0
    assert _v(f, "gjennomsnittsalder", gruppe="M") == 37.0  # the TIME person is not counted
    assert _v(f, "gjennomsnittsalder") == 37.5  # (38 + 37) / 2
    assert f[("gjennomsnittsalder", ST, HK, "")].n == 2


def test_arsverk_by_age_band_and_gender_use_the_band_limits(engine):
    """Age bands <25, 25-34, ... 67+ decide the age pyramid; a birthday on 31.12 moves a person up."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", fodt="31.12.1993", pst=50),  # 25 -> 25-34
            emp("AF2", "p2", fodt="01.01.1994", pst=100),  # 24 -> <25
            emp("AF3", "p3", fodt="31.12.1951", kjonn="M", pst=80),  # 67 -> 67+
            emp("AF4", "p3", "B1", fodt="31.12.1951", kjonn="M", pst=20, form="MIDLERTIDIG"),
        ],
    )
    f = _figures(engine)
    assert _v(f, "arsverk_aldersgruppe", gruppe="25-34|K") == 0.5
    assert _v(f, "arsverk_aldersgruppe", gruppe="<25|K") == 1.0
    assert _v(f, "arsverk_aldersgruppe", gruppe="67+|M") == 1.0  # 0.8 + 0.2
    assert _v(f, "arsverk_aldersgruppe", gruppe="62-66|M") == 0.0
    assert f[("arsverk_aldersgruppe", ST, HK, "67+|M")].n == 1


def test_two_60_percent_jobs_make_a_full_time_person_but_the_mean_is_capped_at_100(engine):
    """Size is the sum over a person's MAANED jobs; the mean counts no one above 100 %."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", pst=60),
            emp("AF2", "p1", "B1", pst=60),
            emp("AF3", "p2", pst=90),
            emp("AF4", "p3", pst=50),
        ],
    )
    f = _figures(engine)
    third = float(Fraction(100, 3))
    assert _v(f, "andel_heltid_prosent") == third  # p1 (120) of 3
    assert _v(f, "andel_80_99_prosent") == third  # p2
    assert _v(f, "andel_deltid_under_80_prosent") == third  # p3
    assert _v(f, "gjennomsnittlig_stillingsstorrelse") == 80.0  # (100 + 90 + 50) / 3


def test_full_time_series_has_one_figure_per_year_end_with_data(engine):
    """The chart shows every year-end back to the first with monthly-paid staff."""
    load(engine, ansatte=[emp("AF1", "p1", fra="01.06.2016"), emp("AF2", "p2", fra="01.01.2018", pst=50)])
    f = _figures(engine)
    assert _v(f, "andel_heltid_prosent", "2016-12-31") == 100.0
    assert _v(f, "andel_heltid_prosent", "2017-12-31") == 100.0
    assert _v(f, "andel_deltid_under_80_prosent", "2018-12-31") == 50.0  # p2 of 2
    assert ("andel_heltid_prosent", "2015-12-31", HK, "") not in f
