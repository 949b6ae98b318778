"""The whole synthetic municipality in memory: persons, employment versions and absences."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .model import OPEN
from .people import Population


@dataclass
class Demo:
    pop: Population
    versions: pd.DataFrame
    absences: pd.DataFrame


def versions_frame(pop: Population) -> pd.DataFrame:
    """One row per employment version (the ansatte extract's grain), dates as day numbers."""
    rows = []
    for e in pop.emps:
        vs = e.versions
        for i, (s, pct, unit) in enumerate(vs):
            til = vs[i + 1][0] - 1 if i + 1 < len(vs) else e.end
            if til < s:
                continue
            last = i + 1 == len(vs)
            rows.append(
                (
                    e.id,
                    e.person,
                    pop.gender[e.person],
                    pop.birth[e.person],
                    pop.imm[e.person],
                    e.home,
                    unit,
                    e.code,
                    pct,
                    e.lonnsform,
                    e.form,
                    s,
                    til,
                    e.leader,
                    e.reason if last else "",
                    e.kind,
                )
            )
    v = pd.DataFrame(
        rows,
        columns=[
            "emp",
            "person",
            "gender",
            "birth",
            "imm",
            "home",
            "unit",
            "code",
            "pct",
            "lonnsform",
            "form",
            "fra",
            "til",
            "leader",
            "reason",
            "kind",
        ],
    )
    v["til"] = v["til"].fillna(OPEN).astype(np.int64)
    return v
