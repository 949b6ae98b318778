"""Issue 18 in both reports: published benchmarks beside the municipality's own figure, and the size of
the problem (lost årsverk and kroner). Built from the figures alone (hr.metrics.sammenligning,
hr.metrics.sykefravaer_storrelse) and the benchmarks' sources from the report's metadata.
"""

from __future__ import annotations

from decimal import Decimal

from hr.figures import HELE_KOMMUNEN, Figure
from hr.metrics.sammenligning import Benchmark
from hr.metrics.sykefravaer import EGENMELDT, KORTTID, LANGTID, LEGEMELDT, PROSENT, TAPTE
from hr.metrics.sykefravaer_storrelse import KOSTNAD, TAPTE_ARSVERK
from hr.periods import Period
from reports import charts
from reports import format as fmt
from reports.tables import FigureIndex, cell, shown, value_or_none

# A benchmark whose label says it covers all sectors (referanse/sammenligning.csv, docs/uttrekk.md) gets a
# sentence that municipal workplaces have a higher sick leave than the average of all sectors.
ALL_SECTORS = "alle sektorer"
INDICATOR_NAMES = {
    LEGEMELDT: "legemeldt sykefravær",
    PROSENT: "sykefravær (egen- og legemeldt)",
    EGENMELDT: "egenmeldt sykefravær",
    KORTTID: "korttidsfravær",
    LANGTID: "langtidsfravær",
}


def _million(f: Figure | None) -> str:
    if f is None or f.prikket or f.verdi is None:
        return cell(f)
    return fmt.tall(Decimal(str(f.verdi)) / Decimal(1_000_000), 1)


# ---------------------------------------------------------------- benchmarks


def _own_phrase(own: Figure | None, period: str, kommune: str) -> str:
    if own is None:
        return f"{kommune}s tall for {Period.parse(period).label_nb()} er ikke klart ennå"
    v = shown(own)
    if v is None:
        return f"{kommune}s tall kan ikke vises (prikket)"
    return f"{kommune} {fmt.prosent(v)}"


def _versus(own: Figure | None, b: Benchmark) -> str:
    text = f"{b.sammenligning} {fmt.prosent(b.verdi)}"
    v = shown(own)
    if v is None:
        return text
    diff = v - fmt.avrund(b.verdi)
    if not diff:
        return text + " (det samme)"
    return text + f" ({fmt.pp(abs(diff)).lstrip('+')} {'lavere' if diff < 0 else 'høyere'} i kommunen)"


def benchmark_sentence(ix: FigureIndex, group: list[Benchmark], kommune: str) -> str:
    """The benchmarks of one indicator and period in words, beside the municipality's figure of the same
    indicator and period: "Legemeldt sykefravær i 2018: Bærum kommune 6,4 %, Kommuner i alt 7,0 % (...)"."""
    first = group[0]
    own = ix.get(first.indikator, first.periode)
    parts = [_own_phrase(own, first.periode, kommune)] + [_versus(own, b) for b in group]
    return (
        f"{fmt.stor_forbokstav(INDICATOR_NAMES[first.indikator])} i "
        f"{Period.parse(first.periode).label_nb()}: {', '.join(parts)}."
    )


def benchmark_block(ix: FigureIndex, published: list[Benchmark], kommune: str, p: Period) -> dict | None:
    """Sentences, a small chart, the sources and the definition note for the benchmarks the report shows
    (the report's own period first, then its year, then its quarters)."""
    order = {"year": 1, "half": 1, "quarter": 2}
    shown_here = sorted(
        (b for b in published if ix.get(b.metric, b.periode, HELE_KOMMUNEN, b.sammenligning)),
        key=lambda b: (0 if b.periode == p.code else order.get(Period.parse(b.periode).kind, 3), b.periode),
    )
    if not shown_here:
        return None
    groups: dict[tuple[str, str], list[Benchmark]] = {}
    for b in shown_here:
        groups.setdefault((b.periode, b.indikator), []).append(b)
    several = len({b.periode for b in shown_here}) > 1
    labels: list[str] = []
    values: list[float | None] = []
    for (period, indikator), group in groups.items():
        suffix = f", {Period.parse(period).label_nb()}" if several else ""
        labels.append(f"{kommune}{suffix}")
        values.append(value_or_none(ix.get(indikator, period)))
        labels += [f"{b.sammenligning}{suffix}" for b in group]
        values += [float(b.verdi) for b in group]
    legemeldt = all(b.indikator == LEGEMELDT for b in shown_here)
    note = (
        "Legemeldt sammenlignes med legemeldt: de publiserte tallene gjelder bare legemeldt fravær."
        if legemeldt
        else "Hvert sammenligningstall står ved kommunens tall for samme indikator og samme periode."
    )
    if any(ALL_SECTORS in b.sammenligning.lower() for b in shown_here):
        note += (
            " Kommunale arbeidsplasser har gjennomgående høyere sykefravær enn snittet for alle sektorer, så "
            "forskjellen sier ikke alene om kommunen gjør det bedre eller dårligere enn andre kommuner."
        )
    what = "Legemeldt sykefravær" if legemeldt else "Sykefravær"
    chart = charts.hbar_chart(
        labels,
        values,
        description=f"{what} i {kommune} ved siden av publiserte sammenligningstall.",
        caption=f"{what}: {kommune} og sammenligningstallene, samme indikator og periode.",
    )
    sources = list(dict.fromkeys(b.kilde for b in shown_here))
    return {
        "sentences": [benchmark_sentence(ix, g, kommune) for g in groups.values()],
        "chart": chart,
        "note": note,
        "sources": ("Kilde: " if len(sources) == 1 else "Kilder: ") + "; ".join(sources) + ".",
    }


# ---------------------------------------------------------------- the size of the problem


def size_sentence(ix: FigureIndex, p: Period) -> str | None:
    """Lost day-works as årsverk (and kroner, where the municipality sets a cost per day-work)."""
    arsverk = shown(ix.get(TAPTE_ARSVERK, p.code), 0)
    if arsverk is None:
        return None
    if p.kind == "year":
        text = (
            f"Sykefraværet i {p.label_nb()} tilsvarer {fmt.tall(arsverk)} tapte årsverk, som om så mange "
            "heltidsstillinger hadde stått tomme hele året"
        )
    else:  # over half a year the same figure is positions, not years of work: say so, so no one halves it
        text = (
            f"Sykefraværet i {p.label_nb()} tilsvarer {fmt.tall(arsverk)} heltidsstillinger som sto tomme hele "
            "halvåret (tapte årsverk regnet som gjennomsnitt over halvåret)"
        )
    kroner = ix.get(KOSTNAD, p.code)
    if shown(kroner, 0) is not None:
        # the rate is kommune.yaml's kostnad_per_dagsverk: kroner / lost day-works gives it back exactly
        kr, dagsverk = value_or_none(kroner), value_or_none(ix.get(TAPTE, p.code))
        rate = f" på {fmt.tall(kr / dagsverk)} kroner" if kr is not None and dagsverk else ""
        text += f". Med kommunens egen sats{rate} per tapt dagsverk tilsvarer det {_million(kroner)} millioner kroner"
    return text + "."


def context(figures: list[Figure], published: list[Benchmark], kommune: str, p: Period) -> dict:
    """The template variables of issue 18's blocks (both reports)."""
    ix = FigureIndex(figures)
    return {"benchmark": benchmark_block(ix, published, kommune, p), "size_sentence": size_sentence(ix, p)}
