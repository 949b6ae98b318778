"""A fødselsnummer outside the fødselsnummer column (EXTRACTS.md "Bad input"; issue 16 item 6).

Every column of an extract except its fødselsnummer column is looked through for 11 digits (optionally
split after the date part, as pseudonym.masked_anywhere finds them) that pass the check digits of
hr/ingest/fodselsnummer.py: today's rule or the widened k1 rule of 2032 (python-stdnum's
no.fodselsnummer knows only today's, so it does not fit).

- In a free-text column (FREE_TEXT: unit names, position titles) the number is masked before anything
  is stored, the row loads, and the delivery's message names the column and lines (never the value).
- In any other column (ids and keys such as ansattnr, arbeidsforhold_id, fravaer_id; codes; numbers)
  the row is set aside as `fodselsnummer_i_feltet`: masking an id would break the joins on it.

Cheap where there is nothing to find: only values of 11 characters or more are looked at with a regex.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hr.ingest.fodselsnummer import is_valid
from hr.ingest.pseudonym import MASK, NUMBER_LIKE, grouped_numbers, mask_grouped
from hr.ingest.specs import FNR, Spec

# Columns whose text is a name or title written by people, not a key anything is joined on.
# (tiltak.csv's `ansvarlig` and sammenligning.csv's `sammenligning` and `kilde` are written by HR as text too.)
FREE_TEXT = frozenset({"navn", "tittel", "ansvarlig", "sammenligning", "kilde"})
RULE = "fodselsnummer_i_feltet"
MESSAGE = (
    "Feltet inneholder et fødselsnummer (11 sifre med gyldige kontrollsifre). Raden er satt til side: et "
    "id- eller kodefelt kan ikke maskeres uten å bryte koblingene. Rett feltet i kildesystemet."
)


def has_number(value: str) -> bool:
    """Whether the text holds a valid number: 11 digits (split after the date part or not), or written in
    other groups («01.01.75 16430», pseudonym.grouped_numbers)."""
    return any(is_valid(m.group(1) + m.group(2)) for m in NUMBER_LIKE.finditer(value)) or any(
        is_valid(digits) for _, _, digits in grouped_numbers(value)
    )


def mask_numbers(value: str) -> str:
    """The text with every valid fødselsnummer / D- / H-number in it replaced by the mask."""
    value = mask_grouped(value, is_valid)
    return NUMBER_LIKE.sub(lambda m: MASK if is_valid(m.group(1) + m.group(2)) else m.group(0), value)


def rows_with_number(text: np.ndarray) -> np.ndarray:
    """Positions of the values that hold a valid number (a boolean array of the same length)."""
    found = np.zeros(len(text), dtype=bool)
    if not len(text):
        return found
    long_enough = np.flatnonzero(np.strings.str_len(text) >= 11)
    if not len(long_enough):
        return found
    # Each distinct value once: code columns (EGENMELDING) repeat a handful of values on every row.
    distinct, position = np.unique(text[long_enough], return_inverse=True)
    holds = np.array([has_number(str(v)) for v in distinct], dtype=bool)
    found[long_enough] = holds[position]
    return found


def scan(
    raw: pd.DataFrame,
    spec: Spec,
    typed: pd.DataFrame,
    shown: pd.DataFrame,
    factorized: dict[str, tuple[np.ndarray, np.ndarray]] | None = None,
) -> tuple[pd.DataFrame | None, list[str]]:
    """Mask free text in `typed` and `shown` in place; return the findings for the other columns (every value
    that holds a number, also one that did not parse: the caller leaves out its parsing finding) and the
    notes (which free-text column had a number masked on which lines). `factorized`: a column's
    (codes, distinct values) from `pd.factorize`, where the caller has them already."""
    findings, notes = [], []
    for col, kind in spec.columns.items():
        if kind == FNR:
            continue
        # Each distinct value looked at once (a code column repeats a handful of values on every row).
        codes, distinct = (factorized or {}).get(col) or pd.factorize(raw[col].to_numpy(dtype=object))
        hit = rows_with_number(np.append(np.asarray(distinct, dtype=str), ""))[codes]  # missing (-1): ""
        if not hit.any():
            continue
        index = raw.index[hit]
        lines = raw["_line"].to_numpy()[hit]
        if col in FREE_TEXT:
            masked = [mask_numbers(str(v)) for v in raw[col].to_numpy(dtype=object)[hit]]
            typed.loc[index, col] = masked
            shown.loc[index, col] = masked
            notes.append(
                f"Fødselsnummer i fritekst er maskert før lagring: kolonne {col}, linje "
                + ", ".join(str(int(n)) for n in lines)
                + "."
            )
            continue
        findings.append(
            pd.DataFrame(
                {
                    "row": index,
                    "line": lines,
                    "column_name": col,
                    "verdi": MASK,
                    "rule": RULE,
                    "message": MESSAGE,
                }
            )
        )
    return (pd.concat(findings, ignore_index=True) if findings else None), notes
