"""Competence, apprentices and immigrant background on the status date (DEFINITIONS.md)."""

from fractions import Fraction

from hr.figures import HELE_KOMMUNEN as HK
from hr.metrics.medarbeidere import workforce_figures
from tests.factory import KOMMUNE, emp, load

ST = "2018-12-31"
HOY, UFAG, FAG, LAER = "7174", "6456", "7523", "9401"


def _figures(engine, year=2018):
    with engine.connect() as conn:
        return {f.key: f for f in workforce_figures(conn, KOMMUNE, year)}


def _v(figs, metric, omrade=HK, gruppe="", period=ST):
    return figs[(metric, period, omrade, gruppe)].verdi


COMPETENCE_STAFF = [
    emp("AF1", "p1", "A1", kode=HOY, pst=100),
    emp("AF2", "p2", "A1", kode=UFAG, pst=50),
    emp("AF3", "p3", "B1", kode=FAG, pst=50),
    emp("AF4", "p4", "A1", kode=LAER, pst=100),  # apprentice, monthly paid
    emp("AF5", "p5", "B1", kode=LAER, pst=0, lonnsform="TIME"),  # apprentice, hourly paid
    emp("AF6", "p6", "B1", kode=HOY, pst=0, lonnsform="TIME"),  # hourly: not in the shares
]


def test_apprentices_are_left_out_of_competence_shares_but_counted_as_apprentices(engine):
    """Shares describe the ordinary workforce; apprentices are a figure of their own, whatever their pay form."""
    load(engine, ansatte=COMPETENCE_STAFF, innbyggere={2018: 1000, 2019: 4000})
    f = _figures(engine)
    # whole municipality: 200 % of ordinary MAANED positions: HOY 100, UFAG 50, FAG 50
    assert _v(f, "kompetanse_andel_prosent", gruppe="HOYSKOLE") == 50.0
    assert _v(f, "kompetanse_andel_prosent", gruppe="UFAGLAERT") == 25.0
    assert _v(f, "kompetanse_andel_prosent", gruppe="FAGARBEIDER") == 25.0
    assert _v(f, "andel_faglaerte_prosent") == 75.0
    # area A: HOY 100 and UFAG 50 of 150
    assert _v(f, "kompetanse_andel_prosent", "Område A", "HOYSKOLE") == float(Fraction(200, 3))
    assert _v(f, "andel_faglaerte_prosent", "Område A") == float(Fraction(200, 3))
    assert _v(f, "andel_faglaerte_prosent", "Område B") == 100.0
    assert f[("andel_faglaerte_prosent", ST, HK, "")].n == 3
    assert _v(f, "laerlinger") == 2
    assert _v(f, "laerlinger_per_1000_innbyggere") == 0.5  # 2 * 1000 / 4000 (1 January 2019)


def test_apprentices_per_1000_inhabitants_fall_back_to_the_year_itself(engine):
    """Without the next year's population the year's own 1 January count is used."""
    load(engine, ansatte=COMPETENCE_STAFF, innbyggere={2018: 1000})
    assert _v(_figures(engine), "laerlinger_per_1000_innbyggere") == 2.0  # 2 * 1000 / 1000


def test_competence_and_apprentices_are_also_given_for_earlier_status_dates(engine):
    """The chapter compares competence with last year and shows apprentices over the years."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", kode=HOY, til="30.06.2018"),
            emp("AF2", "p2", kode=UFAG),
            emp("AF3", "p3", kode=LAER, fra="01.08.2016"),
        ],
    )
    f = _figures(engine)
    assert _v(f, "andel_faglaerte_prosent", period="2017-12-31") == 50.0
    assert _v(f, "andel_faglaerte_prosent") == 0.0
    assert _v(f, "laerlinger", period="2015-12-31") == 0
    assert _v(f, "laerlinger", period="2016-12-31") == 1


def test_immigrant_background_is_counted_by_area_with_each_person_once_per_area(engine):
    """minoritet_* give årsverk, men, women and shares per area; hourly paid staff are not part of it."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", "A1", kjonn="K", innvandrer=True, pst=100),
            emp("AF2", "p2", "A1", kjonn="M", leder=True, pst=100),
            emp("AF3", "p3", "A2", kjonn="M", innvandrer=True, leder=True, pst=50),
            emp("AF4", "p4", "B1", kjonn="K", innvandrer=True, leder=True, pst=80),
            emp("AF5", "p5", "B1", kjonn="K", pst=100),
            emp("AF6", "p1", "B1", kjonn="K", innvandrer=True, pst=20),
            emp("AF7", "p6", "B1", kjonn="M", innvandrer=True, pst=0, lonnsform="TIME"),
        ],
    )
    f = _figures(engine)
    # total: 450 % of which 250 % immigrant (p1 100 + 20, p3 50, p4 80)
    assert _v(f, "minoritet_arsverk") == 2.5
    assert _v(f, "minoritet_andel_prosent") == float(Fraction(2500, 45))  # 100 * 250 / 450
    assert (_v(f, "minoritet_menn"), _v(f, "minoritet_kvinner")) == (1, 2)  # p3; p1 and p4
    assert _v(f, "minoritet_andel_ledere_prosent") == float(Fraction(200, 3))  # p3, p4 of p2, p3, p4
    # area A: 250 %, immigrant 150 %
    assert _v(f, "minoritet_arsverk", "Område A") == 1.5
    assert _v(f, "minoritet_andel_prosent", "Område A") == 60.0
    assert _v(f, "minoritet_andel_ledere_prosent", "Område A") == 50.0
    # area B: 200 %, immigrant 100 % (p4 80 + p1 20); p1 counts once more here
    assert _v(f, "minoritet_andel_prosent", "Område B") == 50.0
    assert (_v(f, "minoritet_menn", "Område B"), _v(f, "minoritet_kvinner", "Område B")) == (0, 2)
    assert _v(f, "minoritet_andel_ledere_prosent", "Område B") == 100.0
    assert f[("minoritet_arsverk", ST, "Område B", "")].n == 2
    # a share's n is the persons with the background it counts (share x n is their number): the leaders here
    assert f[("minoritet_andel_ledere_prosent", ST, "Område A", "")].n == 1  # p3 of p2, p3
    assert f[("minoritet_andel_ledere_prosent", ST, HK, "")].n == 2  # p3, p4


def test_immigrant_table_is_also_given_for_the_year_before(engine):
    """The report compares the immigrant table with the previous status date."""
    load(engine, ansatte=[emp("AF1", "p1", innvandrer=True, til="30.06.2018"), emp("AF2", "p2")])
    f = _figures(engine)
    assert _v(f, "minoritet_andel_prosent", period="2017-12-31") == 50.0
    assert _v(f, "minoritet_andel_prosent") == 0.0
