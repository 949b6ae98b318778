"""Small-number suppression (DEFINITIONS.md "Small numbers"), for every report.

Only the sensitive families are ever suppressed (`is_sensitive`: sick leave, immigrant background,
disability pensions, pay by gender); årsverk, persons, turnover, recruitment, competence and the other
figures a municipality publishes anyway are always shown, and every rule below leaves them alone: a
secondary suppression stays inside a sensitive table, and where a sensitive figure could be recovered from
a published non-sensitive one (the minority share x årsverk), the sensitive figure goes (`together`).

Primary: a sensitive figure whose group has fewer than `min_n` persons is suppressed. Secondary: a table whose
cells add up to a published total must not have exactly one suppressed cell, or the total minus the
other cells gives it away (its value, and its n: the n add up too), nor a suppressed total with every
cell shown; then the smallest other cell (by n) is suppressed too, or, when the table has no other cell
that can be suppressed, its total. A hidden cell of no person (n = 0) protects no other cell and is never
the second cell: a zero is easily guessed. Two kinds of tables are always checked:
- areas: the figures of one metric, period and gruppe across areas ("Hele kommunen" is the total);
- genders: the figures of one metric, period and area with gruppe K and M (their total is gruppe "").
A report adds its own tables where cells of different metrics or groups add up to a published figure
(`linked`: fast + midlertidig årsverk = årsverk, age bands of one gender = that gender's n, ...), and
groups of figures that are hidden together because one gives the other away (`together`: the same
persons' årsverk and head count, a rate and its day-works), and figures that must go when another one
goes (`follows`: a turnover rate times its n is the number of leavers). The rules are applied until
nothing changes, so a suppression made for one table is protected in every other table it is part of.
Figures without n (targets, counts that are not about persons) are never suppressed. A suppressed
figure publishes neither its value nor its n (hr.figures.Figure.suppressed), and carries the rule that hid
it (`Figure.regel`: PRIMARY, SECONDARY or TOGETHER) for the reports' footnote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import replace

import numpy as np

from hr.figures import HELE_KOMMUNEN, Figure

GENDERS = ("K", "M")

# Why a figure was hidden (Figure.regel), for the footnote that says so.
PRIMARY = "primary"  # its group has fewer than min_n persons
SECONDARY = "secondary"  # the only other suppressed cell of its table: the total would give the first away
TOGETHER = "together"  # it, with a published figure, would give a suppressed one away
RULES = (PRIMARY, SECONDARY, TOGETHER)


def is_sensitive(f: Figure) -> bool:
    """DEFINITIONS.md "Small numbers": the families that are suppressed; every other figure is always shown."""
    m = f.metric
    if m.startswith("sykefravaer_"):
        return m != "sykefravaer_mal_prosent"  # a target is not about persons
    if m.startswith("minoritet_"):
        return True
    if m in ("nye_pensjoner", "nye_pensjoner_leverandor"):
        return f.gruppe.startswith("UFORE")
    return m == "lonn_kvinner_andel_av_menn_prosent"


# A kind of table: which table a figure is a cell of (None: of none), and the key of that cell's total.
TableOf = Callable[[Figure], Hashable | None]
TotalOf = Callable[[Figure], tuple[str, str, str, str]]
# Which group of figures that are hidden together a figure belongs to (None: of none).
GroupOf = Callable[[Figure], Hashable | None]
# The keys of the figures that are hidden when this figure is.
Follows = Callable[[Figure], Iterable[tuple[str, str, str, str]]]


def suppress(
    figures: list[Figure],
    min_n: int,
    linked: Iterable[tuple[TableOf, TotalOf]] = (),
    together: GroupOf | None = None,
    follows: Follows | None = None,
) -> list[Figure]:
    """The same figures in the same order, with verdi and n emptied, prikket and regel set where privacy
    requires. Figures outside the sensitive families are returned as they are."""
    hidden = _Hidden(figures, min_n)
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
        if not changed:  # every table protects its cells one by one: now all the tables' equations at once
            changed = _audit(figures, hidden, tables, index)
    return [
        replace(f.suppressed(), regel=hidden.rule[i] or f.regel or PRIMARY) if h else f
        for i, (f, h) in enumerate(zip(figures, hidden))
    ]


class _Hidden(list[bool]):
    """Which figures are hidden (a list of bools, as the rules read it), and the rule that hid each one.
    Setting an entry True records the rule being applied (`applying`); a non-sensitive figure stays shown."""

    def __init__(self, figures: list[Figure], min_n: int) -> None:
        self.figures = figures
        self.min_n = min_n
        self.rule: list[str | None] = [None] * len(figures)
        self.applying = PRIMARY
        super().__init__(False for _ in figures)
        for i, f in enumerate(figures):
            if f.prikket or (is_sensitive(f) and f.n is not None and f.n < min_n):
                self[i] = True

    # list's own __setitem__ also takes a slice; the rules set one position at a time, recording the rule
    def __setitem__(self, i: int, value: bool) -> None:  # type: ignore[override]
        if value and not super().__getitem__(i):
            f = self.figures[i]
            if not f.prikket and not is_sensitive(f):
                return
            self.rule[i] = f.regel if f.prikket and f.regel else self.applying
        super().__setitem__(i, value)

    def can_hide(self, i: int) -> bool:
        f = self.figures[i]
        return not self[i] and f.n is not None and is_sensitive(f)


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


def _secondary(
    figures: list[Figure],
    hidden: _Hidden,
    table_of: TableOf,
    total_of: TotalOf,
    index: dict[tuple[str, str, str, str], int],
) -> bool:
    """Where a table has exactly one suppressed figure (a cell, or its total), suppress one more: the
    smallest other cell by n, or the total when no other cell can be suppressed; True if any.

    A hidden cell of no person (n = 0: an area with none of the group) is easily guessed, so it does not
    protect a small cell on its own: where the only hidden figures with persons are one cell hidden for its
    own sake (not itself a second cell) and zeros, one more is suppressed too. A zero is never the cell
    chosen."""
    changed = False
    for cells in _grouped(figures, table_of):
        total = index.get(total_of(figures[cells[0]]))  # every cell of a table has the same total
        members = [i for i in [*cells, *([] if total is None else [total])] if hidden[i]]
        with_persons = [i for i in members if figures[i].n != 0]
        alone = len(members) == 1
        beside_zeros = len(with_persons) == 1 and len(members) > 1 and hidden.rule[with_persons[0]] != SECONDARY
        if not (alone or beside_zeros):
            continue
        others = [i for i in cells if hidden.can_hide(i) and figures[i].n]
        if others:
            target = min(others, key=lambda i: (figures[i].n, figures[i].omrade, figures[i].gruppe, figures[i].metric))
        elif total is not None and hidden.can_hide(total):
            target = total
        else:
            continue
        hidden.applying = SECONDARY
        hidden[target] = True
        changed = True
    return changed


def _audit(
    figures: list[Figure],
    hidden: _Hidden,
    tables: list[tuple[TableOf, TotalOf]],
    index: dict[tuple[str, str, str, str], int],
) -> bool:
    """Suppress one more cell where the head counts (n) of the hidden figures, taken together, still give one
    of them away; True if one was. Each table is an equation (its cells' n add up to its total's n), the
    shown figures and the hidden zeros (easily guessed) are known, the other hidden figures unknown; a hidden
    figure that is a linear combination of the equations is determined (an area's minority men from the
    women column, the men column and the other areas' published persons, the council reading of 6 Dec).
    The one more: the smallest shown cell with persons of a table the figure is in."""
    unknown = [i for i, h in enumerate(hidden) if h and figures[i].n != 0]
    if not unknown:
        return False
    column = {i: k for k, i in enumerate(unknown)}
    rows: list[dict[int, float]] = []
    tables_of: dict[int, list[list[int]]] = {i: [] for i in unknown}
    for table_of, total_of in tables:
        for cells in _grouped(figures, table_of):
            total = index.get(total_of(figures[cells[0]]))
            if total is None:
                continue
            row = {column[i]: 1.0 for i in cells if i in column}
            if total in column:
                row[column[total]] = -1.0
            if row:
                rows.append(row)
                for i in [*cells, total]:
                    if i in tables_of:
                        tables_of[i].append([*cells, total])
    if not rows:
        return False
    matrix = np.zeros((len(rows), len(unknown)))
    for r, row in enumerate(rows):
        for k, v in row.items():
            matrix[r, k] = v
    _, sizes, vt = np.linalg.svd(matrix)
    rank = int((sizes > 1e-9 * max(1.0, float(sizes.max(initial=0.0)))).sum())
    free = vt[rank:]  # the directions the equations leave open; a figure none of them moves is determined
    determined = np.all(np.abs(free) < 1e-9, axis=0) if len(free) else np.ones(len(unknown), dtype=bool)
    for k in np.flatnonzero(determined).tolist():
        i = unknown[k]
        n = figures[i].n
        if hidden.rule[i] == SECONDARY and n is not None and n >= hidden.min_n:
            continue  # a second cell that is not small: giving it away gives nothing small away
        candidates = {j for cells in tables_of[i] for j in cells if hidden.can_hide(j) and figures[j].n}
        if not candidates:
            continue
        target = min(
            candidates, key=lambda j: (figures[j].n or 0, figures[j].omrade, figures[j].gruppe, figures[j].metric)
        )
        hidden.applying = SECONDARY
        hidden[target] = True
        return True
    return False


def _together(figures: list[Figure], hidden: _Hidden, group_of: GroupOf) -> bool:
    """Where one figure of a group is hidden, hide the group's other figures (those with n); True if any."""
    changed = False
    for cells in _grouped(figures, group_of):
        if any(hidden[i] for i in cells):
            for i in cells:
                if hidden.can_hide(i):
                    hidden.applying = TOGETHER
                    hidden[i] = changed = True
    return changed


def _follow(
    figures: list[Figure], hidden: _Hidden, follows: Follows, index: dict[tuple[str, str, str, str], int]
) -> bool:
    """Hide what follows a hidden figure (figures with n only); True if any."""
    changed = False
    for i, f in enumerate(figures):
        if not hidden[i]:
            continue
        for key in follows(f):
            j = index.get(key)
            if j is not None and hidden.can_hide(j):
                hidden.applying = TOGETHER
                hidden[j] = changed = True
    return changed
