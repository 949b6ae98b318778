"""Pay and gender (ARP) and payroll cost from the payroll lines (DEFINITIONS.md "Pay and gender (ARP)")."""

from hr.figures import HELE_KOMMUNEN as HK
from hr.metrics.medarbeidere import workforce_figures
from tests.factory import KOMMUNE, emp, load, pay


def _figures(engine, year=2018):
    with engine.connect() as conn:
        return {f.key: f for f in workforce_figures(conn, KOMMUNE, year)}


def test_pay_ratio_uses_the_position_size_of_the_15th_and_skips_months_without_fastlonn(engine):
    """The full-time equivalent must use the size the month was paid for; extra-pay-only months say nothing."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", kjonn="K", pst=50, til="15.03.2018"),
            emp("AF1", "p1", kjonn="K", pst=100, fra="16.03.2018"),
            emp("AF2", "p2", kjonn="M", pst=100),
        ],
        lonn=[
            pay("2018-03", "AF1", 25000, linje=2),  # 50 % on 15 March: 50 000 full-time
            pay("2018-04", "AF1", 50000, linje=2),  # 100 %: 50 000
            pay("2018-05", "AF1", 1000, gruppe="TILLEGG", linje=2),  # no FASTLONN: left out
            pay("2018-03", "AF2", 40000, linje=3),
            pay("2018-03", "AF2", -2000, linje=4),  # correction of the same month: 38 000
            pay("2018-04", "AF2", 40000, linje=3),
            pay("2018-04", "AF2", 5000, gruppe="OVERTID", linje=4),  # not base pay
            pay("2017-12", "AF2", 99999, linje=3),  # another year
        ],
    )
    f = _figures(engine)
    # women: (50 000 + 50 000) / 2 = 50 000; men: (38 000 + 40 000) / 2 = 39 000
    assert f[("lonn_kvinner_andel_av_menn_prosent", "2018", HK, "")].verdi == 100 * 50000 / 39000
    assert f[("lonn_kvinner_andel_av_menn_prosent", "2018", HK, "HOYSKOLE")].verdi == 100 * 50000 / 39000
    assert f[("lonn_kvinner_andel_av_menn_prosent", "2018", HK, "")].n == 2


def test_pay_ratio_by_competence_group_needs_both_genders(engine):
    """A group with only women has no ratio; the total still compares all women with all men."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", kjonn="K", kode="6456"),
            emp("AF2", "p2", kjonn="M", kode="7174"),
            emp("AF3", "p3", kjonn="K", kode="7174", pst=50),
        ],
        lonn=[
            pay("2018-01", "AF1", 30000, linje=2),
            pay("2018-01", "AF2", 60000, linje=3),
            pay("2018-01", "AF3", 30000, linje=4),
        ],
    )
    f = _figures(engine)
    assert ("lonn_kvinner_andel_av_menn_prosent", "2018", HK, "UFAGLAERT") not in f
    assert f[("lonn_kvinner_andel_av_menn_prosent", "2018", HK, "HOYSKOLE")].verdi == 100.0  # 30 000 / 0.5 = 60 000
    # women: (30 000 + 60 000) / 2 = 45 000 against 60 000
    assert f[("lonn_kvinner_andel_av_menn_prosent", "2018", HK, "")].verdi == 75.0


def test_payroll_cost_includes_every_line_and_negative_corrections_in_the_area_of_the_15th(engine):
    """lonnskostnad is what was paid; a unit move mid-month counts where the employee was on the 15th."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", "A1"),
            emp("AF2", "p2", "A1", til="15.04.2018"),
            emp("AF2", "p2", "B1", fra="16.04.2018"),
        ],
        lonn=[
            pay("2018-03", "AF1", 30000, linje=2),
            pay("2018-03", "AF1", 2000, gruppe="TILLEGG", linje=3),
            pay("2018-03", "AF1", -1500, linje=4),
            pay("2018-04", "AF2", 10000, linje=2),  # 15 April: A
            pay("2018-05", "AF2", 10000, linje=2),  # 15 May: B
            pay("2019-01", "AF1", 30000, linje=2),  # another year
        ],
    )
    f = _figures(engine)
    assert f[("lonnskostnad_kroner", "2018", "Område A", "")].verdi == 40500.0  # 30 000 + 2 000 - 1 500 + 10 000
    assert f[("lonnskostnad_kroner", "2018", "Område B", "")].verdi == 10000.0
    assert f[("lonnskostnad_kroner", "2018", HK, "")].verdi == 50500.0
    assert f[("lonnskostnad_kroner", "2018", HK, "")].n == 2


def test_payroll_line_after_the_employment_ended_stays_in_the_area_it_was_in(engine):
    """A final settlement paid after the last day still belongs to the employee's last area, not nowhere."""
    load(
        engine,
        ansatte=[emp("AF1", "p1", "B1", til="31.01.2018")],
        lonn=[pay("2018-02", "AF1", 7000, gruppe="TILLEGG", linje=2)],
    )
    f = _figures(engine)
    assert f[("lonnskostnad_kroner", "2018", "Område B", "")].verdi == 7000.0
