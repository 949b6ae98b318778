"""New pensions and recruitment for a year (DEFINITIONS.md "Pensions", "Recruitment")."""

from hr.figures import HELE_KOMMUNEN as HK
from hr.metrics.medarbeidere import workforce_figures
from tests.factory import KOMMUNE, emp, load, pension, posting


def _figures(engine, year=2018):
    with engine.connect() as conn:
        return {f.key: f for f in workforce_figures(conn, KOMMUNE, year)}


def _v(figs, metric, gruppe="", period="2018"):
    return figs[(metric, period, HK, gruppe)].verdi


def test_new_pensions_are_counted_by_type_graded_and_provider(engine):
    """Labels arrive mapped (AFP/ALDER/UFORE); uttaksgrad below 100 is a graded pension."""
    load(
        engine,
        ansatte=[emp("AF1", "p9")],
        pensjon=[
            pension("KLP", "p1", "ALDER", "01.03.2018"),
            pension("KLP", "p2", "AFP", "01.05.2018", grad=60),
            pension("SPK", "p3", "AFP", "01.06.2018"),
            pension("BKP", "p4", "UFORE", "01.10.2018", grad=50),
            pension("SPK", "p5", "ALDER", "01.02.2017"),
            pension("SPK", "p6", "ALDER", "01.02.2019"),  # after the year: not in the chapter
        ],
    )
    f = _figures(engine)
    assert (_v(f, "nye_pensjoner", "AFP"), _v(f, "nye_pensjoner", "ALDER"), _v(f, "nye_pensjoner", "UFORE")) == (
        2,
        1,
        1,
    )
    assert (_v(f, "nye_pensjoner", "AFP|gradert"), _v(f, "nye_pensjoner", "UFORE|gradert")) == (1, 1)
    assert _v(f, "nye_pensjoner", "ALDER|gradert") == 0
    assert (_v(f, "nye_pensjoner_leverandor", "AFP|KLP"), _v(f, "nye_pensjoner_leverandor", "AFP|SPK")) == (1, 1)
    assert _v(f, "nye_pensjoner_leverandor", "UFORE|BKP") == 1
    assert _v(f, "nye_pensjoner_leverandor", "ALDER|SPK") == 0
    assert _v(f, "nye_pensjoner", "ALDER", period="2017") == 1  # the series goes back as far as the data
    assert not any(k[1] == "2019" for k in f)


def test_applicants_per_position_divides_the_sums_of_the_year(engine):
    """sokere_per_stilling = Σ applicants / Σ positions, not a mean of the postings' ratios."""
    load(
        engine,
        ansatte=[emp("AF1", "p1")],
        rekruttering=[
            posting("U1", "02.01.2018", antall_stillinger=3, antall_sokere=30),
            posting("U2", "31.12.2018", antall_stillinger=1, antall_sokere=2),
            posting("U3", "15.06.2017", antall_stillinger=2, antall_sokere=5),
            posting("U4", "01.01.2019", antall_stillinger=9, antall_sokere=9),
        ],
    )
    f = _figures(engine)
    assert _v(f, "utlyste_stillinger") == 4
    assert _v(f, "sokere_per_stilling") == 8.0  # 32 / 4 (the mean of ratios would be 5.5)
    assert _v(f, "sokere_per_stilling", period="2017") == 2.5
    assert f[("sokere_per_stilling", "2018", HK, "")].n is None  # postings are not persons
