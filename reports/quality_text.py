"""The sentences both reports use to say what rows in quarantine could do to their headline figures.

The bounds come from hr.metrics.quality; here they become Norwegian text: one line per headline figure
in the data-quality section, and one warning for the summary when a figure could move more than
0.1 percentage points.
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
    text = (f"{fmt.stor_forbokstav(_subject(i))} er {fmt.prosent(i.verdi, 2)}. Med radene i karantene rettet "
            f"og lest inn ville tallet i verste fall ligget mellom {fmt.prosent(i.lavest, 2)} og "
            f"{fmt.prosent(i.hoyest, 2)}, altså inntil {_pp(i.endring_pp)} unna")
    return text + (f" (verste tilfelle: {_WORST_CASE[i.metric]})." if i.metric in _WORST_CASE else ".")


def warning_sentence(impacts: list[QuarantineImpact]) -> str | None:
    """For the summary: a warning naming every headline figure that could move more than 0.1 points,
    with the range it could lie in (the two directions are rarely the same size)."""
    warn = [i for i in impacts if i.warn]
    if not warn:
        return None
    parts = [f"{_subject(i)} i verste fall ligge mellom {fmt.prosent(i.lavest, 2)} og {fmt.prosent(i.hoyest, 2)} "
             f"i stedet for {fmt.prosent(i.verdi, 2)}" for i in warn]
    rows = max(i.rader for i in warn)
    return (f"Obs: {fmt.tall(rows)} rader i ansatte- og fraværsuttrekket er satt i karantene fordi de bryter "
            f"leveranseavtalen. Hvis de rettes og leveres på nytt, kan {' og '.join(parts)}, en endring på "
            f"opptil {_pp(max(i.endring_pp for i in warn))}. Les tallene med det forbeholdet; "
            "se «Datagrunnlag og datakvalitet».")


def shown_impacts(impacts: list[QuarantineImpact], figures: list) -> list[QuarantineImpact]:
    """Only bounds of figures the report shows: a suppressed headline must not be revealed by its bound."""
    from hr.figures import HELE_KOMMUNEN

    visible = {(f.metric, f.period) for f in figures
               if f.omrade == HELE_KOMMUNEN and f.gruppe == "" and not f.prikket and f.verdi is not None}
    return [i for i in impacts if (i.metric, i.period) in visible]
