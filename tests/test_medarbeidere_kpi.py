"""Long-term indicators (DEFINITIONS.md "Long-term indicators") as kpi rows of the annual chapter."""

from fractions import Fraction

from hr.figures import HELE_KOMMUNEN as HK
from hr.figures import Figure
from hr.metrics.kpi import kpi_figures, trend_3aar
from hr.metrics.medarbeidere import municipality_targets, workforce_figures
from tests.factory import KOMMUNE, emp, load, target


def test_three_year_trend_is_the_mean_of_the_last_three_yearly_changes():
    """Changes 2015->16 (+3), 16->17 (-2), 17->18 (-4) average to -1 = (v2018 - v2015) / 3; 2014 plays no part."""
    assert trend_3aar({2014: 99.0, 2015: 10.0, 2016: 13.0, 2017: 11.0, 2018: 7.0}, 2018) == -1.0


def test_three_year_trend_needs_the_first_and_the_last_year():
    """Without v[Y-3] there is no three-year change to average."""
    assert trend_3aar({2016: 13.0, 2017: 11.0, 2018: 7.0}, 2018) is None
    assert trend_3aar({2015: 10.0, 2016: 13.0, 2017: 11.0}, 2018) is None


def test_kpi_rows_never_show_a_suppressed_value():
    """A kpi row copies the figure's suppression, and no trend is computed from a hidden value."""
    figs = [
        Figure("turnover_prosent", str(y), HK, "", 10.0 + y - 2014, "prosent", 50) for y in (2014, 2016, 2017, 2018)
    ]
    figs.append(Figure("turnover_prosent", "2015", HK, "", 11.0, "prosent", 2).suppressed())
    rows = {f.key: f for f in kpi_figures(figs, 2018, {})}
    assert rows[("kpi", "2015", HK, "turnover_prosent")].prikket
    assert rows[("kpi", "2015", HK, "turnover_prosent")].verdi is None
    assert rows[("kpi", "2018", HK, "turnover_prosent")].verdi == 14.0
    assert ("kpi_trend_3aar", "2018", HK, "turnover_prosent") not in rows


def test_kpi_rows_repeat_the_part_time_share_with_its_trend_and_target_direction(engine):
    """The kpi table shows five years, the mean yearly change of the last three and where the target lies."""
    load(
        engine,
        ansatte=[
            emp("AF1", "p1", fra="01.01.2010"),
            emp("AF2", "p2", fra="01.01.2010", pst=50),
            emp("AF3", "p3", fra="01.01.2010", til="31.12.2016", pst=50),
            emp("AF3", "p3", fra="01.01.2017"),
        ],
        mal=[target(2018, KOMMUNE, "andel_deltid_under_80_prosent", 25), target(2018, "A", "turnover_prosent", 1)],
    )
    with engine.connect() as conn:
        figs = workforce_figures(conn, KOMMUNE, 2018)
        targets = municipality_targets(conn, KOMMUNE)
    rows = {f.key: f for f in kpi_figures(figs, 2018, targets)}
    two_thirds, one_third = float(Fraction(200, 3)), float(Fraction(100, 3))
    # part time: p2 and p3 of 3 up to 2016, then p2 only
    assert [rows[("kpi", str(y), HK, "andel_deltid_under_80_prosent")].verdi for y in range(2014, 2019)] == [
        two_thirds,
        two_thirds,
        two_thirds,
        one_third,
        one_third,
    ]
    assert ("kpi", "2013", HK, "andel_deltid_under_80_prosent") not in rows
    # (v2018 - v2015) / 3 = (33.3 - 66.7) / 3
    assert rows[("kpi_trend_3aar", "2018", HK, "andel_deltid_under_80_prosent")].verdi == (one_third - two_thirds) / 3
    assert rows[("kpi_mal", "2018", HK, "andel_deltid_under_80_prosent")].verdi == 25.0
    assert rows[("kpi_maal_retning", "2018", HK, "andel_deltid_under_80_prosent")].verdi == -1  # 25 < 33.3: down
    # the target of area A is not the municipality's
    assert ("kpi_mal", "2018", HK, "turnover_prosent") not in rows
    assert rows[("kpi", "2018", HK, "turnover_prosent")].verdi == 0.0  # p3's change of size is no turnover
