"""Small-number suppression (DEFINITIONS.md "Small numbers"), for every report.

Primary: a figure whose group has fewer than `min_n` persons is suppressed. Secondary: a table whose
cells add up to a published total must not have exactly one suppressed cell, or the total minus the
other cells gives it away (its value, and its n: the n add up too), nor a suppressed total with every
cell shown; then the smallest other cell (by n) is suppressed too, or, when the table has no other cell
that can be suppressed, its total. Two kinds of tables are always checked:
- areas: the figures of one metric, period and gruppe across areas ("Hele kommunen" is the total);
- genders: the figures of one metric, period and area with gruppe K and M (their total is gruppe "").
A report adds its own tables where cells of different metrics or groups add up to a published figure
(`linked`: fast + midlertidig årsverk = årsverk, age bands of one gender = that gender's n, ...), and
groups of figures that are hidden together because one gives the other away (`together`: the same
persons' årsverk and head count, a rate and its day-works), and figures that must go when another one
goes (`follows`: a turnover rate times its n is the number of leavers). The rules are applied until
nothing changes, so a suppression made for one table is protected in every other table it is part of.
Figures without n (targets, counts that are not about persons) are never suppressed. A suppressed
figure publishes neither its value nor its n (hr.figures.Figure.suppressed).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, Hashable, Iterable

from hr.figures import HELE_KOMMUNEN, Figure

GENDERS = ("K", "M")

# A kind of table: which table a figure is a cell of (None: of none), and the key of that cell's total.
TableOf = Callable[[Figure], Hashable | None]
TotalOf = Callable[[Figure], tuple[str, str, str, str]]
# Which group of figures that are hidden together a figure belongs to (None: of none).
GroupOf = Callable[[Figure], Hashable | None]
# The keys of the figures that are hidden when this figure is.
Follows = Callable[[Figure], Iterable[tuple[str, str, str, str]]]


def suppress(figures: list[Figure], min_n: int, linked: Iterable[tuple[TableOf, TotalOf]] = (),
             together: GroupOf | None = None, follows: Follows | None = None) -> list[Figure]:
    """The same figures in the same order, with verdi and n emptied and prikket set where privacy requires."""
    hidden = [f.prikket or (f.n is not None and f.n < min_n) for f in figures]
    index = {f.key: i for i, f in enumerate(figures)}
    tables = [(_area_table, _area_total), (_gender_table, _gender_total), *linked]
    changed = True
    while changed:  # a secondary suppression in one kind of table can leave one alone in another
        changed = False
        for table_of, total_of in tables:
            changed |= _secondary(figures, hidden, table_of, total_of, index)
        if together is not None:
            changed |= _together(figures, hidden, together)
        if follows is not None:
            changed |= _follow(figures, hidden, follows, index)
    return [f.suppressed() if h else f for f, h in zip(figures, hidden)]


def _area_table(f: Figure) -> Hashable | None:
    return None if f.omrade == HELE_KOMMUNEN else (f.metric, f.period, f.gruppe)


def _area_total(f: Figure) -> tuple[str, str, str, str]:
    return (f.metric, f.period, HELE_KOMMUNEN, f.gruppe)


def _gender_table(f: Figure) -> Hashable | None:
    return (f.metric, f.period, f.omrade) if f.gruppe in GENDERS else None


def _gender_total(f: Figure) -> tuple[str, str, str, str]:
    return (f.metric, f.period, f.omrade, "")


def _grouped(figures: list[Figure], key_of: Callable[[Figure], Hashable | None]) -> list[list[int]]:
    """The positions of the figures that share a key (a table, or a group hidden together); None: none."""
    groups: dict[Hashable, list[int]] = defaultdict(list)
    for i, f in enumerate(figures):
        key = key_of(f)
        if key is not None:
            groups[key].append(i)
    return list(groups.values())


def _secondary(figures: list[Figure], hidden: list[bool], table_of: TableOf, total_of: TotalOf,
               index: dict[tuple, int]) -> bool:
    """Where a table has exactly one suppressed figure (a cell, or its total), suppress one more: the
    smallest other cell by n, or the total when no other cell can be suppressed; True if any."""
    changed = False
    for cells in _grouped(figures, table_of):
        total = index.get(total_of(figures[cells[0]]))  # every cell of a table has the same total
        total_hidden = total is not None and hidden[total]
        if sum(hidden[i] for i in cells) + total_hidden != 1:
            continue
        others = [i for i in cells if not hidden[i] and figures[i].n is not None]
        if others:
            target = min(others, key=lambda i: (figures[i].n, figures[i].omrade, figures[i].gruppe, figures[i].metric))
        elif total is not None and not total_hidden and figures[total].n is not None:
            target = total
        else:
            continue
        hidden[target] = True
        changed = True
    return changed


def _together(figures: list[Figure], hidden: list[bool], group_of: GroupOf) -> bool:
    """Where one figure of a group is hidden, hide the group's other figures (those with n); True if any."""
    changed = False
    for cells in _grouped(figures, group_of):
        if any(hidden[i] for i in cells):
            for i in cells:
                if not hidden[i] and figures[i].n is not None:
                    hidden[i] = changed = True
    return changed


def _follow(figures: list[Figure], hidden: list[bool], follows: Follows, index: dict[tuple, int]) -> bool:
    """Hide what follows a hidden figure (figures with n only); True if any."""
    changed = False
    for i, f in enumerate(figures):
        if not hidden[i]:
            continue
        for key in follows(f):
            j = index.get(key)
            if j is not None and not hidden[j] and figures[j].n is not None:
                hidden[j] = changed = True
    return changed
