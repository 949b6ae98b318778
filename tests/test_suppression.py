"""Small-number suppression (DEFINITIONS.md "Small numbers") on hand-made figures, no database."""

from __future__ import annotations

import pytest

from hr.figures import HELE_KOMMUNEN, Figure
from hr.metrics.suppression import PRIMARY, SECONDARY, TOGETHER, is_sensitive, suppress


def fig(
    omrade: str,
    n: int | None,
    verdi: float = 5.0,
    metric: str = "sykefravaer_prosent",
    gruppe: str = "",
    period: str = "2018H1",
) -> Figure:
    return Figure(metric, period, omrade, gruppe, verdi, "prosent", n)


def hidden(figures: list[Figure]) -> set[tuple[str, str]]:
    return {(f.omrade, f.gruppe) for f in figures if f.prikket}


def test_a_group_of_fewer_than_min_n_persons_is_suppressed():
    """Sick leave is health data: a value for four persons could be traced to one of them."""
    out = suppress([fig(HELE_KOMMUNEN, 40), fig("A", 4), fig("B", 5), fig("C", 31)], min_n=5)
    assert hidden(out) == {("A", ""), ("B", "")}  # A primary, B (smallest other) secondary
    a = next(f for f in out if f.omrade == "A")
    assert (a.verdi, a.prikket, a.n) == (None, True, None)  # the n is the head count: hidden too


def test_figures_without_n_are_never_suppressed():
    """Targets and other figures that are not about persons stay visible whatever min_n is."""
    target = Figure("sykefravaer_mal_prosent", "2018H1", "A", "", 7.0, "prosent", None)
    out = suppress([target, fig("A", 1), fig("B", 1)], min_n=5)
    assert out[0] == target
    assert hidden(out) == {("A", ""), ("B", "")}


def test_exactly_one_suppressed_area_takes_the_smallest_other_area_with_it():
    """Otherwise the total minus the other areas would give the suppressed area away."""
    out = suppress([fig(HELE_KOMMUNEN, 60), fig("A", 2), fig("B", 30), fig("C", 8), fig("D", 20)], min_n=5)
    assert hidden(out) == {("A", ""), ("C", "")}
    assert [f.omrade for f in out] == [HELE_KOMMUNEN, "A", "B", "C", "D"]
    assert next(f for f in out if f.omrade == "B").verdi == 5.0


def test_two_suppressed_areas_need_no_secondary_suppression():
    """With two cells hidden the total only reveals their sum, so nothing more is hidden."""
    out = suppress([fig(HELE_KOMMUNEN, 60), fig("A", 2), fig("B", 3), fig("C", 8)], min_n=5)
    assert hidden(out) == {("A", ""), ("B", "")}


def test_a_hidden_area_of_no_person_protects_nothing_so_a_real_area_is_hidden_too():
    """An area with none of the group (the demo's dissolved Barn og unge had no staff with an immigrant
    background in 2017) is hidden as a small number, but a zero is easily guessed: with it as the only other
    hidden cell, the total minus the shown areas gave the small area away (the council reading of 6 Dec). The
    smallest area with persons is hidden with it; a zero is never the chosen second cell."""
    out = suppress(
        [fig(HELE_KOMMUNEN, 84, metric="minoritet_menn"), fig("OU", 4, metric="minoritet_menn")]
        + [fig(a, n, metric="minoritet_menn") for a, n in (("BU", 0), ("TT", 43), ("PO", 37))],
        min_n=5,
    )
    assert hidden(out) == {("OU", ""), ("BU", ""), ("PO", "")}
    assert {f.omrade: f.regel for f in out if f.prikket} == {"OU": PRIMARY, "BU": PRIMARY, "PO": SECONDARY}
    # two hidden zeros are two hidden cells, as before: nothing more is hidden
    zeros = suppress([fig(HELE_KOMMUNEN, 60), fig("A", 0), fig("B", 0), fig("C", 30), fig("D", 30)], min_n=5)
    assert hidden(zeros) == {("A", ""), ("B", "")}
    # a zero alone takes the smallest area with persons with it, as any lone hidden cell does
    zero = suppress([fig(HELE_KOMMUNEN, 60), fig("A", 0), fig("C", 20), fig("D", 40)], min_n=5)
    assert hidden(zero) == {("A", ""), ("C", "")}
    # a lone small area beside a zero takes a real area, never the zero alone
    lone = suppress([fig(HELE_KOMMUNEN, 33), fig("A", 3), fig("Z", 0), fig("C", 30)], min_n=5)
    assert hidden(lone) == {("A", ""), ("Z", ""), ("C", "")}


def test_secondary_suppression_is_decided_per_table():
    """Each metric, period and gruppe is its own table: a suppression in 2018H1 does not spread to 2017H1."""
    out = suppress(
        [
            fig("A", 2),
            fig("B", 9),
            fig("C", 8),
            fig("A", 7, period="2017H1"),
            fig("B", 9, period="2017H1"),
            fig("C", 8, period="2017H1"),
        ],
        min_n=5,
    )
    assert {(f.period, f.omrade) for f in out if f.prikket} == {("2018H1", "A"), ("2018H1", "C")}


def test_one_suppressed_gender_takes_the_other_with_it():
    """Women's and men's figures add up to the total: one alone hidden would be readable from the other."""
    out = suppress(
        [fig(HELE_KOMMUNEN, 40), fig(HELE_KOMMUNEN, 3, gruppe="M"), fig(HELE_KOMMUNEN, 37, gruppe="K")], min_n=5
    )
    assert hidden(out) == {(HELE_KOMMUNEN, "M"), (HELE_KOMMUNEN, "K")}


def test_a_lone_suppressed_area_hides_the_total_when_no_other_area_can_be_hidden():
    """With one area the total is that area; publishing it would undo the suppression."""
    out = suppress([fig(HELE_KOMMUNEN, 3), fig("A", 3)], min_n=5)
    assert hidden(out) == {(HELE_KOMMUNEN, ""), ("A", "")}
    out = suppress([fig(HELE_KOMMUNEN, 9), fig("A", 3), fig("B", None)], min_n=5)
    assert hidden(out) == {(HELE_KOMMUNEN, ""), ("A", "")}


def test_ties_are_broken_by_name_so_the_result_is_reproducible():
    """The same figures must always give the same figures file."""
    figures = [fig("A", 2), fig("C", 8), fig("B", 8)]
    assert hidden(suppress(figures, 5)) == hidden(suppress(list(reversed(figures)), 5)) == {("A", ""), ("B", "")}


def test_a_suppressed_figure_has_neither_value_nor_n():
    """The n is the group's head count: a suppressed row with its n would give the group away."""
    f = fig("A", 4).suppressed()
    assert (f.verdi, f.n, f.prikket) == (None, None, True)
    with pytest.raises(ValueError):
        Figure("personer_totalt", "2018-12-31", "A", "", None, "personer", 4, True)


def test_a_suppressed_total_with_every_cell_shown_takes_a_cell_with_it():
    """The cells would add up to the hidden total."""
    total = fig(HELE_KOMMUNEN, 40).suppressed()
    out = suppress([total, fig("A", 20), fig("B", 20)], min_n=5)
    assert hidden(out) == {(HELE_KOMMUNEN, ""), ("A", "")}


def test_a_table_across_metrics_gets_its_second_cell():
    """Minority men + women add up to the minority's n: a lone hidden men's count would be n - women."""

    def cell(metric: str, n: int) -> Figure:
        return Figure(metric, "2018-12-31", "B", "", n, "personer", n)

    def table_of(f: Figure):
        return ("split", f.period, f.omrade) if f.metric in ("minoritet_menn", "minoritet_kvinner") else None

    def total_of(f: Figure):
        return ("minoritet_arsverk", f.period, f.omrade, "")

    figures = [
        Figure("minoritet_arsverk", "2018-12-31", "B", "", 9.5, "arsverk", 12),
        cell("minoritet_kvinner", 9),
        cell("minoritet_menn", 3),
    ]
    assert [f.metric for f in suppress(figures, 5) if f.prikket] == ["minoritet_menn"]
    out = suppress(figures, 5, linked=[(table_of, total_of)])
    assert [(f.metric, f.regel) for f in out if f.prikket] == [
        ("minoritet_kvinner", SECONDARY),
        ("minoritet_menn", PRIMARY),
    ]


def test_figures_together_and_figures_that_follow_are_hidden_with_the_first():
    """The minority's årsverk and its share go together (share x the published årsverk = the minority's
    årsverk); a figure that follows a hidden one goes with it; the non-sensitive årsverk never goes."""
    figures = [
        Figure("minoritet_arsverk", "2018-12-31", "B", "", 6.5, "arsverk", 8).suppressed(),  # e.g. secondary
        Figure("minoritet_andel_prosent", "2018-12-31", "B", "", 12.0, "prosent", 8),
        Figure("arsverk", "2018-12-31", "B", "", 54.0, "arsverk", 60),
        Figure("minoritet_andel_ledere_prosent", "2018-12-31", "B", "", 20.0, "prosent", 10),
        Figure("personer_totalt", "2018-12-31", "B", "", 70, "personer", 70),
    ]
    out = suppress(
        figures,
        5,
        together=lambda f: "min" if f.metric in ("minoritet_arsverk", "arsverk", "minoritet_andel_prosent") else None,
        follows=lambda f: (
            [("minoritet_andel_ledere_prosent", f.period, "B", ""), ("personer_totalt", f.period, "B", "")]
            if f.metric == "minoritet_andel_prosent"
            else []
        ),
    )
    assert [f.prikket for f in out] == [True, True, False, True, False]
    assert [f.regel for f in out if f.prikket][1:] == [TOGETHER, TOGETHER]
    assert all(f.n is None for f in out if f.prikket)


@pytest.mark.parametrize(
    "metric, gruppe, unit",
    [
        ("arsverk", "", "arsverk"),
        ("arsverk_midlertidig", "", "arsverk"),
        ("personer_totalt", "", "personer"),
        ("turnover_prosent", "", "prosent"),
        ("avganger", "", "personer"),
        ("kompetanse_andel_prosent", "HOYSKOLE", "prosent"),
        ("nye_pensjoner", "AFP", "antall"),
        ("nye_pensjoner", "ALDER", "antall"),
        ("laerlinger", "", "personer"),
        ("lonnskostnad_kroner", "", "kroner"),
        ("andel_heltid_prosent", "", "prosent"),
    ],
)
def test_figures_outside_the_sensitive_families_are_never_suppressed(metric, gruppe, unit):
    """DEFINITIONS.md "Small numbers": a politician must not lose a figure the municipality publishes anyway."""
    figures = [Figure(metric, "2018", o, gruppe, 1, unit, n) for o, n in ((HELE_KOMMUNEN, 30), ("A", 2), ("B", 28))]
    assert not any(f.prikket for f in suppress(figures, 5, together=lambda f: "all"))
    assert not is_sensitive(figures[1])


@pytest.mark.parametrize(
    "metric, gruppe",
    [
        ("sykefravaer_prosent", ""),
        ("sykefravaer_tapte_dagsverk", ""),
        ("minoritet_andel_prosent", ""),
        ("minoritet_menn", ""),
        ("nye_pensjoner", "UFORE"),
        ("nye_pensjoner", "UFORE|gradert"),
        ("nye_pensjoner_leverandor", "UFORE|KLP"),
        ("lonn_kvinner_andel_av_menn_prosent", "HOYSKOLE"),
    ],
)
def test_the_sensitive_families_are_suppressed_with_the_rule_recorded(metric, gruppe):
    figures = [
        Figure(metric, "2018", o, gruppe, 1, "antall", n)
        for o, n in ((HELE_KOMMUNEN, 30), ("A", 2), ("B", 3), ("C", 25))
    ]
    out = suppress(figures, 5)
    assert [(f.omrade, f.regel) for f in out if f.prikket] == [("A", PRIMARY), ("B", PRIMARY)]
    out = suppress(figures[:2] + figures[3:], 5)
    assert [(f.omrade, f.regel) for f in out if f.prikket] == [("A", PRIMARY), ("C", SECONDARY)]


def test_a_footnote_names_the_hidden_periods_of_an_area_shown_in_other_periods():
    """The chapter compares 31.12.2018 with 31.12.2017: an area hidden only for 2017 must not read as hidden
    for both. An area hidden in every period it has, or in periods no table compares, is named without them."""
    from reports.tables import suppression_footnotes

    figures = [
        Figure("minoritet_arsverk", "2017-12-31", "Org", "", 3.0, "arsverk", 3).suppressed(),
        Figure("minoritet_arsverk", "2018-12-31", "Org", "", 31.0, "arsverk", 35),
        Figure("minoritet_arsverk", "2017-12-31", "Barn og unge", "", 2.0, "arsverk", 2).suppressed(),
        Figure("sykefravaer_prosent", "2018H1", "Tekn", "", 6.0, "prosent", 3).suppressed(),
        Figure("sykefravaer_prosent", "2018H2", "Tekn", "", 6.0, "prosent", 3).suppressed(),
        Figure("sykefravaer_prosent", "2017H2", "Tekn", "", 6.0, "prosent", 30),
    ]
    (note,) = suppression_footnotes(figures, 5, compared=("2017-12-31", "2018-12-31"))
    assert "innvandrere for Org (31.12.2017) og Barn og unge;" in note
    assert "sykefravær for Tekn." in note  # its periods are not ones a table compares: no periods named
    (plain,) = suppression_footnotes(figures, 5)
    assert "innvandrere for Org og Barn og unge;" in plain


# --- all the tables' equations at once (suppression._audit) ---------------------------------------------

# The demo's 2017 immigrant table (the council reading of 6 Dec): women and men per area, whose sum is the
# minority's persons (the n of minoritet_arsverk and of the share, published where not hidden).
_MINORITY = {"OU": (32, 4), "OB": (90, 9), "TT": (26, 43), "PO": (638, 219), "BU": (0, 0)}


def _minority_figures() -> list[Figure]:
    period, figs = "2017-12-31", []
    areas = {**_MINORITY, HELE_KOMMUNEN: tuple(sum(x) for x in zip(*_MINORITY.values(), strict=True))}
    for area, (w, m) in areas.items():
        figs += [
            Figure("minoritet_kvinner", period, area, "", float(w), "personer", w),
            Figure("minoritet_menn", period, area, "", float(m), "personer", m),
            Figure("minoritet_arsverk", period, area, "", 0.8 * (w + m), "arsverk", w + m),
            Figure("minoritet_andel_prosent", period, area, "", 10.0, "prosent", w + m),
        ]
    return figs


def _determined(published: list[Figure], true: list[Figure], key: tuple[str, str, str, str]) -> bool:
    """Whether `key`'s n follows from what is published, all the area and split equations taken at once, by an
    attacker who takes every hidden zero for 0 (an independent check: least squares on the null space)."""
    import numpy as np

    truth = {f.key: f.n for f in true}
    unknown = [f.key for f in published if f.prikket and truth[f.key] != 0]
    col = {k: i for i, k in enumerate(unknown)}
    known = {f.key: f.n for f in published if not f.prikket} | {k: 0 for k, n in truth.items() if n == 0}
    rows = []
    period = key[1]
    areas = [a for a in _MINORITY] + [HELE_KOMMUNEN]
    for metric in ("minoritet_kvinner", "minoritet_menn", "minoritet_arsverk"):  # areas add up to the total
        rows.append({(metric, period, a, ""): (-1 if a == HELE_KOMMUNEN else 1) for a in areas})
    for a in areas:  # women + men = the persons
        rows.append(
            {
                ("minoritet_kvinner", period, a, ""): 1,
                ("minoritet_menn", period, a, ""): 1,
                ("minoritet_arsverk", period, a, ""): -1,
            }
        )
    matrix = np.array([[row.get(k, 0) for k in unknown] for row in rows if any(k in col for k in row)], dtype=float)
    _, s, vt = np.linalg.svd(matrix)
    free = vt[int((s > 1e-9).sum()) :]
    assert all(k in known or k in col for row in rows for k in row)
    return bool(np.all(np.abs(free[:, col[key]]) < 1e-9)) if len(free) else True


def test_a_small_cell_that_the_equations_together_give_away_takes_another_cell_with_it(monkeypatch):
    """Organisasjon og utvikling's 4 men were hidden, and every table had two hidden cells, yet the women column,
    the men column and the published persons of the other areas together gave them away. The audit finds such
    a cell and hides one more; without the audit (positive control) the men are determined."""
    from hr.metrics import suppression
    from hr.metrics.medarbeidere import LINKED_TABLES, _together

    true = _minority_figures()
    ou_men = ("minoritet_menn", "2017-12-31", "OU", "")
    published = suppress(true, min_n=5, linked=LINKED_TABLES, together=_together)
    assert next(f for f in published if f.key == ou_men).prikket
    assert not _determined(published, true, ou_men)

    monkeypatch.setattr(suppression, "_audit", lambda *args, **kwargs: False)
    weaker = suppress(true, min_n=5, linked=LINKED_TABLES, together=_together)
    assert _determined(weaker, true, ou_men)
