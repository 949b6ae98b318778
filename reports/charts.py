"""Charts for the reports: matplotlib (Agg) to PNG data URIs for the PDF and inline SVG for the web
edition, each with a text alternative.

Colour is never the only cue (about one man in twelve is colour-blind): the Okabe-Ito palette is
combined with hatching, markers and direct value labels. Every chart's alt text states its numbers,
so a screen-reader user gets the same content. Output is deterministic: fixed size and DPI, the
DejaVu Sans that ships with matplotlib (the same font the PDF embeds), and no PNG "Software" tag.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.image  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402  (after choosing the backend)
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from reports import format as fmt  # noqa: E402
from reports.svg import inline_svg  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = {
    "oransje": "#E69F00",
    "himmelblaa": "#56B4E9",
    "blaagronn": "#009E73",
    "gul": "#F0E442",
    "blaa": "#0072B2",
    "vermilion": "#D55E00",
    "lilla": "#CC79A7",
    "svart": "#000000",
}
SERIES_COLOURS = ["blaa", "oransje", "blaagronn", "lilla", "himmelblaa", "vermilion"]
HATCHES = ["", "//", "..", "xx", "\\\\", "oo"]
MARKERS = ["o", "s", "^", "D", "v", "P"]
LINESTYLES = ["-", "--", "-.", ":", "-", "--"]

DPI = 150
WIDTH_CM = 16.0
CM = 1 / 2.54

Value = float | int | None
Formatter = Callable[[float], str]


@dataclass(frozen=True)
class Chart:
    """A rendered chart: the PDF's <img> source, its text alternative and its caption, and the same
    drawing as inline SVG for the web edition (named by the caption, described by the alt text)."""

    src: str
    alt: str
    caption: str
    svg: str = ""
    label_overlaps: int = 0  # pairs of texts drawn over or against each other (label_overlaps(); 0 wanted)


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Value]


def has_values(*value_lists: Sequence[Value]) -> bool:
    """Whether anything is left to draw once suppressed and missing values are left out."""
    return any(v is not None for values in value_lists for v in values)


def _style() -> dict:
    return {
        "font.family": "DejaVu Sans",
        "font.size": 8.5,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 9,
        "legend.frameon": False,
        "hatch.linewidth": 0.8,
        # web edition: text stays text (scales, selectable; the page's fonts stand in where DejaVu Sans is
        # missing, all narrower than it), and ids are the same from run to run (no random salt)
        "svg.fonttype": "none",
        "svg.hashsalt": "hr-rapport",
    }


def _alt_value(v: Value, value_fmt: Formatter) -> str:
    return "prikket (skjult av personvernhensyn)" if v is None else value_fmt(v)


def _axis_formatter(value_fmt_axis: Formatter) -> FuncFormatter:
    return FuncFormatter(lambda x, _pos: value_fmt_axis(x))


def axis_prosent(x: float) -> str:
    """Axis ticks as '7 %' or '7,5 %'."""
    return fmt.prosent(x, 0 if float(x).is_integer() else 1)


def axis_tall(x: float) -> str:
    return fmt.tall(x, 0 if float(x).is_integer() else 1)


def _text_boxes(figure, renderer=None) -> list:
    """The drawn extent of every visible text in the figure's axes (value labels, tick labels, legend);
    `renderer`: the one that has just drawn the figure, else the texts are laid out here."""
    if renderer is None:
        # lays out the legend and the tick labels as a draw would, without painting a pixel
        figure.draw_without_rendering()
        renderer = figure.canvas.get_renderer()
    texts = []
    for ax in figure.axes:
        texts += [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
        texts += [t for t in ax.get_xticklabels() + ax.get_yticklabels() if t.get_visible() and t.get_text().strip()]
        legend = ax.get_legend()
        if legend is not None:
            texts += [t for t in legend.get_texts() if t.get_text().strip()]
    return [t.get_window_extent(renderer) for t in texts]


LABEL_GAP_PT = 2.0  # two labels closer than this read as one ("72" beside "72" reads "7272")


def label_overlaps(figure, renderer=None) -> int:
    """How many pairs of texts are drawn over each other or closer than LABEL_GAP_PT."""
    pad = LABEL_GAP_PT / 72 * figure.dpi / 2
    boxes = [b.padded(pad) for b in _text_boxes(figure, renderer)]
    return sum(1 for i, a in enumerate(boxes) for b in boxes[i + 1 :] if a.overlaps(b))


def _to_chart(figure, alt: str, caption: str) -> Chart:
    # One raster draw gives both the PNG's pixels and the texts' extents for the overlap check (what
    # savefig does for a PNG, without a second draw); the SVG is drawn by its own backend.
    figure.set_dpi(DPI)
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    overlaps = label_overlaps(figure, canvas.get_renderer())
    buf = io.BytesIO()
    no_software: dict[str, Any] = {"Software": None}  # None leaves matplotlib's default key out
    matplotlib.image.imsave(buf, canvas.buffer_rgba(), format="png", origin="upper", dpi=DPI, metadata=no_software)
    vector = io.StringIO()
    figure.savefig(vector, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    # ids in the page must be unique: the prefix comes from what the chart says, so it is stable too
    prefix = "fig-" + hashlib.sha256(f"{caption}\x1f{alt}".encode()).hexdigest()[:10]
    svg = inline_svg(vector.getvalue(), title=caption, desc=alt, prefix=prefix)
    return Chart(src=f"data:image/png;base64,{data}", alt=alt, caption=caption, svg=svg, label_overlaps=overlaps)


def _pairs(labels: Sequence[str], values: Sequence[Value], value_fmt: Formatter, no_data: Sequence[str] = ()) -> str:
    return "; ".join(
        f"{lab.replace(chr(10), ' ')}: {'ingen data' if v is None and lab in no_data else _alt_value(v, value_fmt)}"
        for lab, v in zip(labels, values)
    )


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    description: str,
    caption: str,
    target: tuple[str, float] | None = None,
    target_from: int = 0,
    value_fmt: Formatter = fmt.prosent,
    axis_fmt: Formatter = axis_prosent,
    height_cm: float = 8.0,
    no_data: Sequence[str] = (),
    labelled: Sequence[int] | None = None,
) -> Chart:
    """Lines over periods; each series has its own marker and line style, the first is labelled point by point
    (only at the indices in `labelled`, when given: a long series would crowd its labels).
    A None value is a gap, described as suppressed, or as "ingen data" for a label in `no_data`.
    `target` is drawn from the period at index `target_from` on: a year's target over that year's periods
    only, not over years it was never set for."""
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(WIDTH_CM * CM, height_cm * CM))
        xs = list(range(len(labels)))
        for i, s in enumerate(series):
            colour = OKABE_ITO[SERIES_COLOURS[i % len(SERIES_COLOURS)]]
            ys = [float("nan") if v is None else float(v) for v in s.values]
            ax.plot(
                xs,
                ys,
                color=colour,
                marker=MARKERS[i % len(MARKERS)],
                linestyle=LINESTYLES[i % len(LINESTYLES)],
                linewidth=2 if i == 0 else 1.4,
                markersize=5,
                label=s.name,
            )
            if i == 0:
                for x, v in zip(xs, s.values):
                    if v is not None and (labelled is None or x in labelled):
                        ax.annotate(
                            value_fmt(v),
                            (x, float(v)),
                            textcoords="offset points",
                            xytext=(0, 6),
                            ha="center",
                            fontsize=7.5,
                            color=colour,
                        )
        if target is not None:
            # named in the legend, not on the line: a label on the line collides with the points' labels;
            # black and finely dashed, so it is not taken for a series (the second series is orange, dashed)
            ax.hlines(
                target[1],
                max(0, min(target_from, len(xs) - 1)) - 0.5,
                len(xs) - 0.5,
                color=OKABE_ITO["svart"],
                linestyle=(0, (2, 2)),
                linewidth=1.1,
                label=target[0],
            )
        ax.set_xticks(xs, labels)
        ax.set_xlim(-0.5, len(xs) - 0.5)
        ax.set_ylim(bottom=0)
        top = max([float(v) for s in series for v in s.values if v is not None] + [target[1] if target else 0])
        ax.set_ylim(top=top * 1.15 if top > 0 else 1)
        # at least four steps from 0 also on a low chart (the year view's: 0, 2, 4, 6, 8 %, not 0 and 5 %)
        ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], min_n_ticks=4))
        ax.yaxis.set_major_formatter(_axis_formatter(axis_fmt))
        ax.grid(axis="y", linewidth=0.4, color="#cccccc")
        ax.set_axisbelow(True)
        if len(series) > 1 or target is not None:
            entries = len(series) + (target is not None)
            # below the axis labels: lower still when they take two lines
            below = -0.2 - 0.1 * max(label.count("\n") for label in labels) * 8.0 / height_cm
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, below), ncols=min(entries, 4), fontsize=7.5)
        fig.tight_layout()
        alt_parts = [f"{s.name}: {_pairs(labels, s.values, value_fmt, no_data)}." for s in series]
        if target is not None:
            alt_parts.append(f"{target[0]}.")
        return _to_chart(fig, f"Linjediagram. {description} " + " ".join(alt_parts), caption)


def hbar_chart(
    labels: Sequence[str],
    values: Sequence[Value],
    *,
    description: str,
    caption: str,
    targets: Sequence[float | None] | None = None,
    target_legend: str = "Mål",
    over_target_legend: str = "Over målet",
    under_target_legend: str = "På eller under målet",
    value_fmt: Formatter = fmt.prosent,
    axis_fmt: Formatter = axis_prosent,
    compare: Callable[[float, float], bool] | None = None,
) -> Chart:
    """Horizontal bars with direct labels; with targets, a bar over its target is orange and hatched
    and the target is a black diamond, so the comparison reads without colour.
    `compare(value, target)` says whether the target is met; by default a lower value is better."""
    compare = compare or (lambda v, t: v <= t)
    n = len(labels)
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(
            figsize=(WIDTH_CM * CM, (max(3.2, 0.62 * n + 1.4) if targets else max(2.4, 0.62 * n + 1.0)) * CM)
        )
        ys = list(range(n))[::-1]
        biggest = max(
            [float(v) for v in values if v is not None] + [float(t) for t in (targets or []) if t is not None] + [0]
        )
        for y, v, i in zip(ys, values, range(n)):
            t = targets[i] if targets else None
            if v is None:
                ax.text(0, y, f" {fmt.PRIKK} (prikket)", va="center", ha="left", fontsize=8)
                continue
            met = t is None or compare(float(v), float(t))
            ax.barh(
                y,
                float(v),
                height=0.6,
                color=OKABE_ITO["blaa" if met else "oransje"],
                hatch="" if met else "//",
                edgecolor="white" if met else "#7a4f00",
                linewidth=0.5,
            )
            # the label goes after the bar or the target marker, whichever is further right, so they never overlap
            end = max(float(v), float(t) if t is not None else 0)
            ax.text(end + biggest * 0.025, y, value_fmt(v), va="center", ha="left", fontsize=8)
            if t is not None:
                ax.plot([float(t)], [y], marker="D", color=OKABE_ITO["svart"], markersize=5, linestyle="none")
        ax.set_yticks(ys, labels)
        ax.set_ylim(-0.6, n - 0.4)
        ax.set_xlim(0, biggest * 1.18 if biggest > 0 else 1)
        ax.xaxis.set_major_formatter(_axis_formatter(axis_fmt))
        ax.grid(axis="x", linewidth=0.4, color="#cccccc")
        ax.set_axisbelow(True)
        if targets:
            handles = [
                Patch(facecolor=OKABE_ITO["blaa"], label=under_target_legend),
                Patch(facecolor=OKABE_ITO["oransje"], hatch="//", edgecolor="#7a4f00", label=over_target_legend),
                plt.Line2D([], [], marker="D", color=OKABE_ITO["svart"], linestyle="none", label=target_legend),
            ]
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=3, fontsize=7.5)
        fig.tight_layout()
        alt = f"Liggende søylediagram. {description} {_pairs(labels, values, value_fmt)}."
        if targets:
            alt += " Mål: " + _pairs(labels, targets, value_fmt) + "."
        return _to_chart(fig, alt, caption)


def grouped_bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    description: str,
    caption: str,
    value_fmt: Formatter = fmt.prosent,
    axis_fmt: Formatter = axis_prosent,
    height_cm: float = 7.0,
    no_data: Sequence[str] = (),
) -> Chart:
    """Vertical bars, one group per category and one bar per series, told apart by hatching and labelled.

    A None value is marked as suppressed; in a category of `no_data` (a year never delivered, DEFINITIONS.md
    "Coverage") as missing (".."), so a gap is not read as a hidden figure."""
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(WIDTH_CM * CM, height_cm * CM))
        k = len(series)
        width = 0.8 / k
        labels = []
        for i, s in enumerate(series):
            colour = OKABE_ITO[SERIES_COLOURS[i % len(SERIES_COLOURS)]]
            for j, v in enumerate(s.values):
                x = j - 0.4 + width * (i + 0.5)
                if v is None:
                    ax.text(
                        x,
                        0,
                        fmt.MANGLER if categories[j] in no_data else fmt.PRIKK,
                        ha="center",
                        va="bottom",
                        fontsize=8,
                    )
                    continue
                ax.bar(
                    x,
                    float(v),
                    width=width * 0.95,
                    color=colour,
                    hatch=HATCHES[i % len(HATCHES)],
                    edgecolor="white" if i == 0 else "#333333",
                    linewidth=0.5,
                )
                labels.append(ax.text(x, float(v), value_fmt(v), ha="center", va="bottom", fontsize=7))
        ax.set_xticks(range(len(categories)), categories)
        top = max([float(v) for s in series for v in s.values if v is not None] + [0])
        ax.set_ylim(0, top * 1.15 if top > 0 else 1)
        if label_overlaps(fig):
            # many narrow bars: the labels stand upright above their bars, with room above the tallest
            for t in labels:
                t.set_rotation(90)
                t.set_fontsize(6.5)
            ax.set_ylim(0, top * 1.3 if top > 0 else 1)
        ax.yaxis.set_major_formatter(_axis_formatter(axis_fmt))
        ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
        ax.grid(axis="y", linewidth=0.4, color="#cccccc")
        ax.set_axisbelow(True)
        if k > 1:  # explicit handles: the legend stays complete even when a series is entirely suppressed
            handles = [
                Patch(
                    facecolor=OKABE_ITO[SERIES_COLOURS[i % len(SERIES_COLOURS)]],
                    hatch=HATCHES[i % len(HATCHES)],
                    edgecolor="white" if i == 0 else "#333333",
                    label=s.name,
                )
                for i, s in enumerate(series)
            ]
            ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=k, fontsize=7.5)
        fig.tight_layout()
        alt = (
            "Søylediagram. "
            + description
            + " "
            + " ".join(f"{s.name}: {_pairs(categories, s.values, value_fmt, no_data)}." for s in series)
        )
        return _to_chart(fig, alt, caption)


def pyramid_chart(
    bands: Sequence[str],
    women: Sequence[Value],
    men: Sequence[Value],
    *,
    description: str,
    caption: str,
    value_fmt: Formatter = lambda v: fmt.tall(v, 0),
) -> Chart:
    """An age pyramid: women to the right (hatched), men to the left, each bar labelled."""
    n = len(bands)
    with plt.rc_context(_style()):
        fig, ax = plt.subplots(figsize=(WIDTH_CM * CM, max(4.0, 0.65 * n + 1.6) * CM))
        ys = list(range(n))
        biggest = max([float(v) for v in list(women) + list(men) if v is not None] + [1])
        for y, w, m in zip(ys, women, men):
            for v, sign, colour, hatch in ((w, 1, "oransje", "//"), (m, -1, "blaa", "")):
                if v is None:
                    ax.text(sign * biggest * 0.02, y, fmt.PRIKK, va="center", ha="left" if sign > 0 else "right")
                    continue
                ax.barh(
                    y,
                    sign * float(v),
                    height=0.7,
                    color=OKABE_ITO[colour],
                    hatch=hatch,
                    edgecolor="#333333",
                    linewidth=0.5,
                )
                ax.text(
                    sign * (float(v) + biggest * 0.02),
                    y,
                    value_fmt(v),
                    va="center",
                    ha="left" if sign > 0 else "right",
                    fontsize=7.5,
                )
        ax.set_yticks(ys, bands)
        ax.set_xlim(-biggest * 1.25, biggest * 1.25)
        ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: axis_tall(abs(x))))
        ax.axvline(0, color="#333333", linewidth=0.8)
        ax.grid(axis="x", linewidth=0.4, color="#cccccc")
        ax.set_axisbelow(True)
        handles = [
            Patch(facecolor=OKABE_ITO["blaa"], edgecolor="#333333", label="Menn (til venstre)"),
            Patch(facecolor=OKABE_ITO["oransje"], hatch="//", edgecolor="#333333", label="Kvinner (til høyre)"),
        ]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=2, fontsize=7.5)
        fig.tight_layout()
        alt = (
            f"Alderspyramide. {description} Kvinner: {_pairs(bands, women, value_fmt)}. "
            f"Menn: {_pairs(bands, men, value_fmt)}."
        )
        return _to_chart(fig, alt, caption)
