"""Report tables as plain data (the templates only lay them out), and the figure look-ups they are built from.

Every cell is text already formatted for Norwegian readers; a suppressed figure is "–" and a missing
one "..", and a table holding either gets a note under it saying what the symbol means.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hr.figures import HELE_KOMMUNEN, Figure
from hr.metrics.targets import Judgement
from reports import format as fmt


@dataclass
class Row:
    label: str
    cells: list[str]
    total: bool = False  # the "Hele kommunen" / sum row, set in bold


@dataclass
class Table:
    caption: str
    columns: list[str]  # the first names the row-label column
    rows: list[Row]
    notes: list[str] = field(default_factory=list)
    numeric: bool = True  # cells are numbers: right-aligned

    @property
    def chronological(self) -> bool:
        """The columns after the first are years, oldest first: the last is the newest, the report's own."""
        years = self.columns[1:]
        return len(years) > 1 and all(len(c) == 4 and c.isdigit() for c in years) and years == sorted(years)

    def finish(self, min_n: int) -> Table:
        """Add the notes that explain the symbols used in the cells."""
        cells = [c for r in self.rows for c in r.cells]
        if any(c.startswith(fmt.PRIKK) for c in cells):
            self.notes.append(prikk_note(min_n))
        if any(c.startswith(fmt.MANGLER) for c in cells):
            self.notes.append(f"{fmt.MANGLER} = tall mangler for denne gruppen eller perioden.")
        return self


def prikk_note(min_n: int) -> str:
    return (
        f"{fmt.PRIKK} = prikket: færre enn {min_n} personer, eller skjult for å beskytte et annet prikket "
        "tall (se fotnotene)."
    )


# The footnote that says which rule hid the suppressed cells: one sentence per rule, cells grouped by family.
_RULE_TEXT = {
    "primary": "Prikket fordi gruppen har færre enn {min_n} personer",
    "secondary": "Prikket for at totalen ikke skal avsløre et annet prikket tall",
    "together": "Prikket fordi publiserte tall ellers ville avsløre et prikket tall",
}
_GROUP_LABEL = {
    "K": "kvinner",
    "M": "menn",
    "UFAGLAERT": "ufaglærte",
    "FAGARBEIDER": "fagarbeidere",
    "HOYSKOLE": "høyskoleutdannede",
    "LAERLING": "lærlinger",
    "gradert": "graderte",
}


def _family(f: Figure) -> str | None:
    if f.metric.startswith("sykefravaer_"):
        return "sykefravær"
    if f.metric.startswith("minoritet_"):
        return "innvandrere"
    if f.metric.startswith("nye_pensjoner"):
        return "uførepensjoner"
    if f.metric == "lonn_kvinner_andel_av_menn_prosent":
        return "kvinners lønn i prosent av menns"
    return None  # not a family of its own (kpi rows repeat a figure listed already)


def _where(f: Figure) -> tuple[str, str | None]:
    """The area, and the group within it (gender, competence group, provider), as the footnote names them."""
    omrade = "hele kommunen" if f.omrade == HELE_KOMMUNEN else f.omrade
    if f.omrade != HELE_KOMMUNEN or not f.gruppe:
        return omrade, None
    part = f.gruppe.split("|")[-1]
    if ":" in part:  # the breakdowns of sick leave (issue 18): alder:<band>, kompetanse:<group>, stilling:<code>
        dim, value = part.split(":", 1)
        return omrade, {
            "alder": f"alder {value}",
            "kompetanse": _GROUP_LABEL.get(value, value.lower()),
            "stilling": f"stillingskode {value}",
        }.get(dim, part)
    return omrade, _GROUP_LABEL.get(part, part.upper())


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]


_A_DATE = re.compile(r"\d{2}\.\d{2}\.\d{4}")  # a status date as _period_words writes it (not «2. halvår 2018»)


def _period_words(period: str) -> str:
    """A figure's period as the footnote names it: a status date '2017-12-31' as 31.12.2017, a code in words."""
    try:
        return fmt.dato(date.fromisoformat(period))
    except ValueError:
        return fmt.periode(period)


def suppression_footnotes(figures: Iterable[Figure], min_n: int, compared: Collection[str] = ()) -> list[str]:
    """One short sentence per rule that hid a cell, naming the hidden cells by family and area.

    `compared`: periods a table shows side by side (the chapter's two status dates). Where an area's cells of
    a family are hidden only in some of them, the footnote names those periods too: an area hidden for
    31.12.2017 must not read as hidden for 31.12.2018 as well."""
    figures = list(figures)
    # rule -> family -> area -> groups and periods, in the order met
    cells: dict[str, dict[str, dict[str, dict[str, None]]]] = {}
    periods_hidden: dict[tuple[str, str, str], dict[str, None]] = {}
    periods_shown: dict[tuple[str, str], set[str]] = {}
    for f in figures:
        family = _family(f)
        if family is None:
            continue
        omrade, group = _where(f)
        if not f.prikket:
            periods_shown.setdefault((family, omrade), set()).add(f.period)
            continue
        rule = f.regel if f.regel in _RULE_TEXT else "primary"
        groups = cells.setdefault(rule, {}).setdefault(family, {}).setdefault(omrade, {})
        if group:
            groups.setdefault(group)
        periods_hidden.setdefault((rule, family, omrade), {}).setdefault(f.period)

    def what(rule: str, family: str, omrade: str, groups: dict[str, None]) -> list[str]:
        said = list(groups)
        hidden = periods_hidden[(rule, family, omrade)]
        if set(hidden) <= set(compared) and periods_shown.get((family, omrade), set()) & set(compared):
            said += [_period_words(p) for p in sorted(hidden)]  # shown in another of the compared periods
        return said

    def family_part(rule: str, family: str, areas: dict[str, dict[str, None]]) -> str:
        said = {o: what(rule, family, o, g) for o, g in areas.items()}
        dates = {tuple(w) for w in said.values()}
        if len(areas) > 1 and len(dates) == 1 and len(only := next(iter(dates))) == 1 and _A_DATE.fullmatch(only[0]):
            # every area hidden for the same status date only: the date once (a shorter footnote)
            return f"{family} per {only[0]} for " + _and(list(areas))
        return f"{family} for " + _and([f"{o} ({_and(w)})" if w else o for o, w in said.items()])

    out = []
    for rule, text in _RULE_TEXT.items():
        if rule in cells:
            parts = [family_part(rule, family, areas) for family, areas in cells[rule].items()]
            out.append(text.format(min_n=min_n) + ": " + "; ".join(parts) + ".")
    return out


INGEN_DATA = "ingen data"  # a period the absence register does not cover (DEFINITIONS.md "Coverage")


def coverage_sentence(start: date | None) -> str:
    """Says from when the absence register is complete, for a report that shows periods before it."""
    from hr.metrics.coverage import NOTHING

    if start is None or start == NOTHING:
        return "Fraværsuttrekket har ingen registreringer, så det finnes ingen sykefraværstall."
    return f"Fraværsregisteret er komplett fra {fmt.dato(start)}; for perioder før det finnes ingen sykefraværstall."


COMMON_TARGET_MARK = "*"  # an area held to the municipality's target, explained under the table


def target_cells(j: Judgement, value: Figure | None) -> tuple[str, str]:
    """The "Mål" and "Mål nådd" cells of an area, the same in both reports."""
    t = j.target
    if t is None:
        return "Ikke satt", fmt.MANGLER
    text = fmt.prosent(t.value) if t.own else f"{fmt.prosent(t.value)} {COMMON_TARGET_MARK}"
    if j.met is None:
        return text, fmt.PRIKK if value is not None and value.prikket else fmt.MANGLER
    return text, "Ja" if j.met else "Nei"


class FigureIndex:
    """The figures of one report, looked up by metric, period, area and group."""

    def __init__(self, figures: Iterable[Figure]):
        self.figures = list(figures)
        self._by_key = {f.key: f for f in self.figures}

    def get(self, metric: str, period: str, omrade: str = HELE_KOMMUNEN, gruppe: str = "") -> Figure | None:
        return self._by_key.get((metric, period, omrade, gruppe))

    def areas(self, metric: str, period: str) -> list[str]:
        """The areas (not the total) with this figure, in the order the compute step delivered them."""
        seen: dict[str, None] = {}
        for f in self.figures:
            if f.metric == metric and f.period == period and f.omrade != HELE_KOMMUNEN and f.gruppe == "":
                seen.setdefault(f.omrade)
        return list(seen)

    def groups(self, metric: str, period: str, omrade: str = HELE_KOMMUNEN) -> list[str]:
        seen: dict[str, None] = {}
        for f in self.figures:
            if f.metric == metric and f.period == period and f.omrade == omrade and f.gruppe:
                seen.setdefault(f.gruppe)
        return list(seen)

    def periods(self, metric: str, omrade: str = HELE_KOMMUNEN) -> list[str]:
        return sorted({f.period for f in self.figures if f.metric == metric and f.omrade == omrade})


def shown(f: Figure | None, decimals: int = 1) -> Decimal | None:
    """The value as the reader sees it (rounded), or None when missing or suppressed.

    Changes use these rounded values, so that the text never contradicts the numbers printed beside it
    (7,5 % -> 7,3 % is always "−0,2 prosentpoeng"). Whether a target is met is decided on the unrounded
    value (DEFINITIONS.md "Targets"), not on these.
    """
    if f is None or f.prikket or f.verdi is None:
        return None
    return fmt.avrund(f.verdi, decimals)


def value_or_none(f: Figure | None) -> float | None:
    """The full-precision value for a chart, None when missing or suppressed."""
    if f is None or f.prikket or f.verdi is None:
        return None
    return float(f.verdi)


def cell(f: Figure | None, kind: str = "prosent", decimals: int | None = None) -> str:
    """One table cell: the formatted figure, "–" when suppressed, ".." when missing."""
    if f is None:
        return fmt.MANGLER
    if f.prikket or f.verdi is None:
        return fmt.PRIKK
    if kind == "prosent":
        return fmt.prosent(f.verdi, 1 if decimals is None else decimals)
    return fmt.tall(f.verdi, 0 if decimals is None else decimals)


def unit_cell(f: Figure | None, decimals: int | None = None) -> str:
    """A cell in the figure's own unit, as Bærum prints it: percentages and ages with one decimal, årsverk
    and counts whole ("7 524", not "7 524,0"); a table that needs a decimal asks for it."""
    if f is not None and f.enhet == "prosent":
        return cell(f, "prosent", decimals)
    if f is not None and f.enhet == "ar" and decimals is None:
        return cell(f, "tall", 1)
    if (
        f is not None
        and f.enhet == "antall"
        and decimals is None
        and f.verdi is not None
        and not float(f.verdi).is_integer()
    ):
        return cell(f, "tall", 1)
    return cell(f, "tall", decimals)


def change_cell(before: Figure | None, after: Figure | None) -> str:
    """The change in percentage points between two shown values, as a signed number."""
    if before is None or after is None:
        return fmt.MANGLER
    a, b = shown(before), shown(after)
    if a is None or b is None:
        return fmt.PRIKK
    return fmt.pp_tall(b - a)
