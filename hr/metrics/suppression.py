"""Small-number suppression (DEFINITIONS.md "Small numbers"), for every report.

Primary: a figure whose group has fewer than `min_n` persons is suppressed. Secondary: a table whose
cells add up to a published total must not have exactly one suppressed cell, or the total minus the
other cells gives it away; then the smallest other cell (by n) is suppressed too, or, when the table
has no other cell that can be suppressed, its total. Two kinds of tables are checked:
- areas: the figures of one metric, period and gruppe across areas ("Hele kommunen" is the total);
- genders: the figures of one metric, period and area with gruppe K and M (their total is gruppe "").
Figures without n (targets, counts that are not about persons) are never suppressed.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Hashable

from hr.figures import HELE_KOMMUNEN, Figure

GENDERS = ("K", "M")


def suppress(figures: list[Figure], min_n: int) -> list[Figure]:
    """The same figures in the same order, with verdi emptied and prikket set where privacy requires."""
    hidden = [f.prikket or (f.n is not None and f.n < min_n) for f in figures]
    index = {f.key: i for i, f in enumerate(figures)}
    changed = True
    while changed:  # a secondary suppression in one kind of table can leave one alone in the other
        changed = (_secondary(figures, hidden, index, _area_table, _area_total)
                   | _secondary(figures, hidden, index, _gender_table, _gender_total))
    return [f.suppressed() if h else f for f, h in zip(figures, hidden)]


def _area_table(f: Figure) -> Hashable | None:
    return None if f.omrade == HELE_KOMMUNEN else (f.metric, f.period, f.gruppe)


def _area_total(f: Figure) -> tuple[str, str, str, str]:
    return (f.metric, f.period, HELE_KOMMUNEN, f.gruppe)


def _gender_table(f: Figure) -> Hashable | None:
    return (f.metric, f.period, f.omrade) if f.gruppe in GENDERS else None


def _gender_total(f: Figure) -> tuple[str, str, str, str]:
    return (f.metric, f.period, f.omrade, "")


def _secondary(figures: list[Figure], hidden: list[bool], index: dict[tuple, int],
               table_of: Callable[[Figure], Hashable | None],
               total_of: Callable[[Figure], tuple[str, str, str, str]]) -> bool:
    """Where a table has exactly one suppressed cell, suppress one more (see module doc); True if any."""
    tables: dict[Hashable, list[int]] = defaultdict(list)
    for i, f in enumerate(figures):
        key = table_of(f)
        if key is not None:
            tables[key].append(i)
    changed = False
    for cells in tables.values():
        alone = [i for i in cells if hidden[i]]
        if len(alone) != 1:
            continue
        others = [i for i in cells if not hidden[i] and figures[i].n is not None]
        if others:
            target = min(others, key=lambda i: (figures[i].n, figures[i].omrade, figures[i].gruppe))
        else:
            target = index.get(total_of(figures[alone[0]]))
            if target is None or hidden[target] or figures[target].n is None:
                continue
        hidden[target] = True
        changed = True
    return changed
