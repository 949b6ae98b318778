"""Targets (DEFINITIONS.md "Targets"): one rule for both reports.

A target for a period and an area is the area's own `sykefravaer_mal_prosent` figure where the area has
one, else the municipality's (the reports mark that with *). A target is met when the unrounded value is
at or below it: rounding is for display only, so 7,01 % against 7,0 % is not met, though both print 7,0.
The half-yearly report and the annual chapter both ask `judge`, so they always mark the same areas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from hr.figures import HELE_KOMMUNEN, Figure

MAL = "sykefravaer_mal_prosent"

# (metric, period, omrade) -> the figure, or None: the reports' look-up (FigureIndex.get, Chapter.get)
Lookup = Callable[[str, str, str], "Figure | None"]


@dataclass(frozen=True)
class Target:
    value: Decimal
    own: bool  # False: the area has no target of its own and is held to the municipality's


@dataclass(frozen=True)
class Judgement:
    target: Target | None
    met: bool | None  # None: no target, or the value is missing or suppressed


def _value(f: Figure | None) -> float | None:
    return None if f is None or f.prikket or f.verdi is None else f.verdi


def target_for(get: Lookup, period: str, omrade: str, metric: str = MAL) -> Target | None:
    """The area's own target, else the municipality's; None when neither is given."""
    own = _value(get(metric, period, omrade))
    if own is not None:
        return Target(_decimal(own), True)
    common = _value(get(metric, period, HELE_KOMMUNEN))
    return None if common is None else Target(_decimal(common), omrade == HELE_KOMMUNEN)


def is_met(value: float, target: Target) -> bool:
    """Lower is better: met when the unrounded value is at or below the target. Both sides as the nearest
    float, as the figures carry them: a value exactly at the target (6,9 of 6,9) compares equal."""
    return float(value) <= float(target.value)


def judge(get: Lookup, value_metric: str, period: str, omrade: str, target_period: str | None = None) -> Judgement:
    """The target of `omrade` and whether `value_metric` in `period` meets it (target of `target_period`,
    by default the same period)."""
    target = target_for(get, target_period or period, omrade)
    value = _value(get(value_metric, period, omrade))
    return Judgement(target, None if target is None or value is None else is_met(value, target))


def _decimal(v: float) -> Decimal:
    """A target as mal.csv wrote it (at most four decimals): 7.0 -> Decimal('7.0'), not the float's binary tail."""
    return Decimal(repr(float(v)))
