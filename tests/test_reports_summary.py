"""The summary sentences of the half-yearly report: generated from the figures, correct in every case."""

from __future__ import annotations

import pytest

from hr.figures import HELE_KOMMUNEN
from hr.periods import Period
from reports.sykefravaer import MAL, TOTAL, NothingToReport, areas_table, build_context, summary
from reports.tables import FigureIndex
from tests.report_fixtures import SECONDARY_AREA, SMALL_AREA, report_meta, sykefravaer_figures, with_value, without

P = Period.parse("2018H1")


def plain(text: str) -> str:
    return text.replace("\u00a0", " ")


def sentences(figures, min_n: int = 5) -> str:
    return plain(" ".join(summary(FigureIndex(figures), P, min_n)))


def set_total(figures, now, before):
    figures = with_value(figures, TOTAL, "2018H1", HELE_KOMMUNEN, now)
    return with_value(figures, TOTAL, "2017H1", HELE_KOMMUNEN, before)


def test_a_fall_is_reported_with_both_half_years():
    """The headline a politician reads first: from what, to what, when."""
    text = sentences(set_total(sykefravaer_figures(), 7.3, 7.5))
    assert "Sykefraværet gikk ned fra 7,5 % i 1. halvår 2017 til 7,3 % i 1. halvår 2018." in text


def test_a_rise_is_reported_as_a_rise():
    """Up must never be worded as down."""
    text = sentences(set_total(sykefravaer_figures(), 7.64, 7.21))
    assert "Sykefraværet gikk opp fra 7,2 % i 1. halvår 2017 til 7,6 % i 1. halvår 2018." in text


def test_values_that_round_to_the_same_number_are_reported_as_unchanged():
    """7.34 and 7.26 both print as 7,3 %: saying 'went up' beside two equal numbers would confuse readers."""
    text = sentences(set_total(sykefravaer_figures(), 7.34, 7.26))
    assert "Sykefraværet var 7,3 % i 1. halvår 2018, det samme som i 1. halvår 2017." in text


def test_target_not_met_says_by_how_much():
    """Lower is better: 7,3 % against 7,0 % is not met, by 0,3 percentage points."""
    text = sentences(set_total(sykefravaer_figures(), 7.3, 7.5))
    assert "Målet på 7,0 % er ikke nådd: fraværet er 0,3 prosentpoeng over målet." in text


def test_target_met_when_equal_to_or_below_the_target():
    """Reaching the target exactly counts as met."""
    assert "Målet på 7,0 % er nådd." in sentences(set_total(sykefravaer_figures(), 6.96, 7.5))
    assert "Målet på 7,0 % er nådd." in sentences(set_total(sykefravaer_figures(), 6.5, 7.5))


def test_no_target_is_said_plainly():
    """Without a target in referanse/mal.csv the report must not invent one."""
    text = sentences(without(sykefravaer_figures(), MAL))
    assert "Kommunen har ikke satt noe mål for sykefraværet i 2018." in text
    assert "nådd" not in text


def test_a_suppressed_total_is_explained_and_never_compared():
    """A tiny municipality's total may be suppressed; no number and no comparison may leak it."""
    text = sentences(with_value(sykefravaer_figures(), TOTAL, "2018H1", HELE_KOMMUNEN, None), min_n=10)
    assert "kan ikke vises, fordi tallet bygger på færre enn 10 personer" in text
    assert "gikk" not in text and "Korttidsfraværet" not in text
    assert "Om målet på 7,0 % er nådd, kan ikke vises." in text


def test_a_suppressed_or_missing_last_year_gives_no_comparison():
    """Without last year's figure the headline states this year's value and says why there is no comparison."""
    suppressed = sentences(with_value(sykefravaer_figures(), TOTAL, "2017H1", HELE_KOMMUNEN, None))
    assert "Tallet for 1. halvår 2017 er prikket" in suppressed
    missing = sentences([f for f in sykefravaer_figures() if f.period != "2017H1"])
    assert "Tallet for 1. halvår 2017 finnes ikke" in missing


def test_best_and_worst_area_and_targets_met_are_named():
    """The areas a politician asks about first: lowest, highest, and how many met their target."""
    text = sentences(sykefravaer_figures())
    assert "Lavest sykefravær hadde Oppvekst skole med 5,7 %, høyest Pleie og omsorg med 8,6 %." in text
    # Pleie og omsorg (8,6 %) misses its own 8,5; skole, tekniske, plan and organisasjon are under the common 7,0
    assert "4 av 7 områder nådde målet sitt." in text


def test_suppressed_areas_are_left_out_of_best_and_worst_and_counted_as_suppressed():
    """A suppressed area must not be named best or worst (that would reveal its value)."""
    text = sentences(sykefravaer_figures(small_area=True))
    assert SMALL_AREA not in text and SECONDARY_AREA not in text
    assert "(2 områder er prikket)" in text


def test_an_area_without_its_own_target_is_compared_with_the_municipalitys_and_says_so():
    """Readers must see when an area is judged against the municipality's target rather than its own."""
    table = areas_table(FigureIndex(sykefravaer_figures()), P, 5)
    rows = {r.label: r.cells for r in table.rows}
    assert plain(rows["Pleie og omsorg"][5]) == "8,5 %"
    assert plain(rows["Oppvekst skole"][5]) == "7,0 % *"
    assert rows["Oppvekst skole"][6] == "Ja" and rows["Pleie og omsorg"][6] == "Nei"
    assert any("kommunens mål" in n for n in table.notes)


def test_change_in_the_area_table_is_computed_from_the_shown_values():
    """8,6 % against 9,4 % must print −0,8, whatever the unrounded difference is."""
    table = areas_table(FigureIndex(sykefravaer_figures()), P, 5)
    row = next(r for r in table.rows if r.label == "Pleie og omsorg")
    assert row.cells[2] == "\u22120,8"


def test_suppressed_cells_show_a_dash_and_the_table_explains_it():
    """Suppressed health data shows '–' with a note saying why, as DEFINITIONS.md requires."""
    table = areas_table(FigureIndex(sykefravaer_figures(small_area=True)), P, 5)
    row = next(r for r in table.rows if r.label == SMALL_AREA)
    assert row.cells[0] == "–" and row.cells[6] == "–"
    assert any("færre enn 5 personer" in n for n in table.notes)


def test_a_period_without_figures_is_nothing_to_report():
    """Rendering an empty report would look like a zero sick-leave rate; it must fail instead."""
    with pytest.raises(NothingToReport):
        build_context([f for f in sykefravaer_figures() if f.period != "2018H1"], report_meta())


def test_the_areas_chart_explains_the_fallback_target_only_where_an_area_has_none_of_its_own():
    """The caption says areas without a target of their own are held to the municipality's only when one
    is: with every area's own target it would describe something the chart does not show."""
    from hr.figures import Figure
    from reports.sykefravaer import areas_chart

    figures = sykefravaer_figures()
    p = Period.parse("2018H1")
    ix = FigureIndex(figures)
    fallback = "områder uten eget mål sammenlignes med kommunens mål"
    assert fallback in areas_chart(ix, p).caption  # most areas of the fixture have no target of their own
    own = [
        Figure(MAL, "2018H1", o, "", 7.5, "prosent")
        for o in ix.areas(TOTAL, "2018H1")
        if ix.get(MAL, "2018H1", o) is None
    ]
    caption = areas_chart(FigureIndex(figures + own), p).caption
    assert fallback not in caption and "Rombene viser målet. Skraverte søyler ligger over målet." in caption
