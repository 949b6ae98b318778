"""Charts and the municipality's own text: deterministic, accessible and safe."""

from __future__ import annotations

import base64

import pytest

from reports import charts
from reports.tekst import markdown_to_html, simple_markdown


def _png(chart: charts.Chart) -> bytes:
    return base64.b64decode(chart.src.split(",", 1)[1])


def _trend() -> charts.Chart:
    return charts.line_chart(
        ["1. halvår\n2017", "2. halvår\n2017", "1. halvår\n2018"],
        [charts.Series("Totalt", [7.46, None, 7.25])],
        target=("Mål 2018: 7,0 %", 7.0),
        description="Sykefravær.",
        caption="Trend",
    )


@pytest.mark.fresh_steps  # both draw (tests/memo.py would hand the second the first's chart)
def test_the_same_chart_gives_the_same_bytes():
    """Re-running a report must not change the PDF's images (no timestamps, fixed size and DPI)."""
    a, b = _trend(), _trend()
    assert a.src == b.src
    png = _png(a)
    assert png.startswith(b"\x89PNG") and b"matplotlib" not in png.lower()


def test_chart_alt_text_states_every_value_and_marks_suppressed_ones():
    """The text alternative carries the numbers, rounded as in the tables, and says which are suppressed."""
    alt = _trend().alt.replace("\u00a0", " ")
    assert "1. halvår 2017: 7,5 %" in alt
    assert "1. halvår 2018: 7,3 %" in alt
    assert "2. halvår 2017: prikket" in alt
    assert "Mål 2018: 7,0 %" in alt


def test_bar_chart_alt_text_lists_areas_and_targets():
    """Areas against target must be readable without seeing colours."""
    chart = charts.hbar_chart(
        ["Hele kommunen", "Pleie og omsorg"],
        [7.3, 8.6],
        targets=[7.0, 8.5],
        description="Per område.",
        caption="Områder",
    )
    alt = chart.alt.replace("\u00a0", " ")
    assert "Pleie og omsorg: 8,6 %" in alt and "Mål: Hele kommunen: 7,0 %; Pleie og omsorg: 8,5 %" in alt


def test_raw_html_in_the_measures_text_is_shown_never_run():
    """The measures text comes from outside the pipeline; a script tag in it must end up as harmless text."""
    html = markdown_to_html("Tekst <script>alert(1)</script> & mer", section_title="Tiltak")
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_measures_headings_sit_under_the_section_and_a_repeated_title_is_dropped():
    """The text's own '## Tiltak' would repeat the report's heading; its sub-headings become h3, not h1."""
    html = markdown_to_html("## Tiltak\n\n# Nærvær\n\nAvsnitt.\n\n- a\n- b\n", section_title="Tiltak")
    assert "Tiltak" not in html
    assert "<h3>Nærvær</h3>" in html and "<li>a</li>" in html and "<h1>" not in html


def test_fallback_converter_handles_headings_paragraphs_and_lists_safely():
    """Without the markdown package the measures must still render as structure, with HTML escaped."""
    html = simple_markdown("# Tittel\n\nEn **viktig** linje\nfortsetter <b>her</b>.\n\n- en\n- to\n\n1. første\n")
    assert "<h1>Tittel</h1>" in html
    assert "<p>En <strong>viktig</strong> linje fortsetter &lt;b&gt;her&lt;/b&gt;.</p>" in html
    assert "<ul>\n<li>en</li>\n<li>to</li>\n</ul>" in html
    assert "<ol>\n<li>første</li>\n</ol>" in html


def test_labels_drawn_over_or_against_each_other_are_counted_and_labels_apart_are_not():
    """The measure the chart tests rely on: '72' right against '72' reads '7272' and counts."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xticks([])
    ax.set_yticks([])
    first = ax.text(0.5, 0.5, "72", fontsize=7)
    fig.canvas.draw()
    width = first.get_window_extent(fig.canvas.get_renderer()).width / (ax.get_window_extent().width)
    ax.text(0.5 + width, 0.5, "72", fontsize=7)  # touching
    ax.text(0.1, 0.9, "alene", fontsize=7)
    ax.text(0.1, 0.1, "også alene", fontsize=7)
    assert charts.label_overlaps(fig) == 1
    plt.close(fig)


def test_grouped_bars_keep_their_labels_apart():
    """Eight years of three pension types (the annual chapter's chart): two bars of 72 side by side once
    printed '7272'. Labels too wide to stand side by side ('100', '101') stand upright instead."""
    years = [str(y) for y in range(2011, 2019)]
    near = [
        charts.Series("AFP", [44 + 4 * i for i in range(8)]),
        charts.Series("Alder", [70 + i % 3 for i in range(8)]),
        charts.Series("Uføre", [36 + i // 2 for i in range(8)]),
    ]
    wide = [charts.Series(s.name, [v + 1000 for v in s.values]) for s in near]
    for series in (near, wide):
        chart = charts.grouped_bar_chart(
            years,
            series,
            description="Nye pensjoner.",
            caption="Pensjoner",
            value_fmt=lambda v: charts.axis_tall(v),
            axis_fmt=charts.axis_tall,
        )
        assert chart.label_overlaps == 0, series[0].values


def test_a_low_line_chart_still_has_an_axis_to_read_the_level_by():
    """The year view's 12-month line sits at 7 % on a chart 5 cm high: its axis once read only 0 % and 5 %;
    it has at least four steps from 0, so the level can be read against it."""
    import re

    chart = charts.line_chart(
        [f"K{i % 4 + 1}" for i in range(16)],
        [charts.Series("Siste 12 måneder", [7.3, 7.2, 7.4, 7.3] * 4)],
        description="Sykefraværet de siste 12 månedene.",
        caption="Siste 12 måneder.",
        target=("IA-mål", 6.6),
        height_cm=5.0,
    )
    axis = {t for t in re.findall(r">(\d+)\u00a0%</text>", chart.svg)}  # whole percentages: the axis' labels
    assert {"0", "2", "4", "6", "8"} <= axis, axis


def test_a_target_is_drawn_only_over_the_periods_it_is_set_for(monkeypatch):
    """«Mål 2018» was drawn from 2015, and «IA-mål fra 2019» across 2015-2018, reading as years of missed
    targets (the council reading of 6 Dec): the line starts at the period `target_from`."""
    from matplotlib.axes import Axes

    from reports import charts

    drawn = []
    original = Axes.hlines

    def spy(self, y, xmin, xmax, *args, **kwargs):
        drawn.append((y, xmin, xmax, kwargs.get("label")))
        return original(self, y, xmin, xmax, *args, **kwargs)

    monkeypatch.setattr(Axes, "hlines", spy)
    labels = [f"{h}. halvår\n{y}" for y in (2015, 2016, 2017, 2018) for h in (1, 2)]
    series = [charts.Series("Totalt", [7.0, 6.9, 7.1, 7.0, 7.3, 7.2, 7.4, 7.1])]
    charts.line_chart(labels, series, description="d", caption="c", target=("Mål 2018: 7,0 %", 7.0), target_from=6)
    charts.line_chart(labels, series, description="d", caption="c", target=("Mål: 7,0 %", 7.0))
    assert drawn == [(7.0, 5.5, 7.5, "Mål 2018: 7,0 %"), (7.0, -0.5, 7.5, "Mål: 7,0 %")]
