"""The sentences both reports use to say what rows in quarantine could do to their headline figures.

The bounds come from hr.metrics.quality; here they become Norwegian text: one line per headline figure
in the data-quality section, and one plain sentence for the summary, only when the worst case would
change a headline figure as the report prints it (one decimal).
"""

from __future__ import annotations

from hr.metrics.quality import HELTID, SYKEFRAVAER, QuarantineImpact
from hr.periods import Period
from reports import format as fmt


def _subject(i: QuarantineImpact) -> str:
    if i.metric == SYKEFRAVAER:
        return f"sykefraværet for hele kommunen i {Period.parse(i.period).label_nb()}"
    if i.metric == HELTID:
        return f"andelen månedslønnede med heltidsstilling per {fmt.filedato(i.period)}"
    return i.metric


def _pp(x: float) -> str:
    """Two decimals: the threshold is 0.1 points, so one decimal would hide what the warning is about."""
    return f"{fmt.tall(x, 2)}\u00a0prosentpoeng"


_WORST_CASE = {
    SYKEFRAVAER: "hver rad i ansatteuttrekket er et arbeidsforhold i full stilling hele perioden, med eller uten "
    "sykefravær, og hver rad i fraværsuttrekket er sykefravær på alle arbeidsdagene i perioden",
    HELTID: "hver rad i ansatteuttrekket gjør én deltidsansatt til heltidsansatt, eller er én deltidsansatt til",
}


def impact_sentence(i: QuarantineImpact) -> str:
    """For the data-quality section: the range the figure could lie in, whatever the rows say."""
    text = (
        f"{fmt.stor_forbokstav(_subject(i))} er {fmt.prosent(i.verdi, 2)}. Hvis radene som er satt til side, "
        f"ble rettet og lest inn, ville tallet i ytterste fall ha ligget mellom {fmt.prosent(i.lavest, 2)} og "
        f"{fmt.prosent(i.hoyest, 2)}, altså inntil {_pp(i.endring_pp)} unna"
    )
    return text + (f" (ytterste tilfelle: {_WORST_CASE[i.metric]})." if i.metric in _WORST_CASE else ".")


def changes_display(i: QuarantineImpact) -> bool:
    """Whether the worst case would change the figure as the report prints it (one decimal)."""
    shown = fmt.prosent(i.verdi)
    return fmt.prosent(i.lavest) != shown or fmt.prosent(i.hoyest) != shown


def warning_sentence(impacts: list[QuarantineImpact]) -> str | None:
    """For the summary: one plain sentence, only when the rows set aside could change a headline figure
    as printed, naming each such figure and how far, as printed, it could go."""
    parts = []
    for i in impacts:
        if not i.rader or not changes_display(i):
            continue
        shown, low, high = fmt.prosent(i.verdi), fmt.prosent(i.lavest), fmt.prosent(i.hoyest)
        span = " eller ".join(f"så {word} som {v}" for word, v in (("lavt", low), ("høyt", high)) if v != shown)
        parts.append(f"{_subject(i)} {span} i stedet for {shown}")
    if not parts:
        return None
    rows = max(i.rader for i in impacts if i.rader)
    return (
        f"{fmt.tall(rows)} {'rad' if rows == 1 else 'rader'} med feil i uttrekkene over ansatte og fravær er "
        f"satt til side, og om de blir rettet og levert på nytt, kan de i ytterste fall gjøre {' og '.join(parts)} "
        "(se «Datagrunnlag og datakvalitet»)."
    )


def shown_impacts(impacts: list[QuarantineImpact], figures: list) -> list[QuarantineImpact]:
    """Only bounds of figures the report shows: a suppressed headline must not be revealed by its bound."""
    from hr.figures import HELE_KOMMUNEN

    visible = {
        (f.metric, f.period)
        for f in figures
        if f.omrade == HELE_KOMMUNEN and f.gruppe == "" and not f.prikket and f.verdi is not None
    }
    return [i for i in impacts if (i.metric, i.period) in visible]
