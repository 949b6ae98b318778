"""Typing: the strings of a RawTable to typed columns (dates dd.mm.yyyy, decimal comma, J/N, integers).

Vectorised over whole columns. A value that does not parse becomes missing in the typed frame and
a finding (rule ugyldig_dato / ugyldig_tall / ugyldig_heltall / ugyldig_jn) for quarantine.

The fødselsnummer column never reaches the typed frame: it becomes `person_id` (keyed pseudonym)
and `fodselsnummer_gyldig` (the mod-11 check), and the raw frame's copy is masked.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hr.ingest import fodselsnummer, pseudonym
from hr.ingest import quarantine as q
from hr.ingest.specs import BOOL, DATE, DECIMAL, FNR, INT, TEXT, Spec

_MESSAGES = {
    "ugyldig_dato": "Datoen kan ikke leses eller finnes ikke i kalenderen; forventet dd.mm.åååå.",
    "ugyldig_tall": "Tallet kan ikke leses; forventet desimalkomma uten tusenskille, f.eks. 62,5.",
    "ugyldig_heltall": "Verdien er ikke et heltall.",
    "ugyldig_jn": "Verdien må være J eller N.",
}


@dataclass
class Typed:
    frame: pd.DataFrame       # typed columns, same index as the raw frame
    raw: pd.DataFrame         # the strings as delivered, fødselsnummer masked
    findings: pd.DataFrame    # quarantine rows for values that did not parse


def type_frame(raw: pd.DataFrame, spec: Spec, pseudonym_key: bytes) -> Typed:
    typed = pd.DataFrame(index=raw.index)
    findings: list[pd.DataFrame] = []
    shown = raw.copy()
    for col, kind in spec.columns.items():
        text = raw[col].astype("object").str.strip()
        present = text.notna() & (text != "")
        if kind == TEXT:
            typed[col] = text.where(present, None).astype("object")
            continue
        if kind == FNR:
            value = text.where(present, None)
            typed["person_id"] = pseudonym.person_ids(pseudonym_key, value)
            valid = fodselsnummer.valid_mask(value)
            typed["fodselsnummer_gyldig"] = pd.array(np.where(present, valid, None), dtype="boolean")
            shown[col] = pseudonym.masked(raw[col])
            continue
        parsed, ok = _PARSERS[kind](text.where(present, ""))
        typed[col] = parsed
        bad = present & ~ok
        if bad.any():
            rule = _RULE[kind]
            findings.append(pd.DataFrame({
                "row": raw.index[bad], "line": raw["_line"][bad].to_numpy(), "column_name": col,
                "verdi": raw[col][bad].to_numpy(), "rule": rule, "message": _MESSAGES[rule],
            }))
    return Typed(typed, shown, q.concat(findings))


def parse_dates(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """dd.mm.yyyy (one-digit day/month tolerated) to datetime64; ok=False for malformed or impossible dates.

    pandas' strict format parser turns 31.02.2019 into NaT rather than rolling it into March.
    """
    well_formed = text.str.fullmatch(r"\d{1,2}\.\d{1,2}\.\d{4}").fillna(False).astype(bool)
    values = pd.to_datetime(text.where(well_formed, None), format="%d.%m.%Y", errors="coerce")
    ok = well_formed & values.notna()
    return values.where(ok, pd.NaT), ok


def parse_decimals(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    ok = text.str.fullmatch(r"-?\d+(?:,\d+)?").fillna(False).astype(bool)
    values = pd.to_numeric(text.where(ok, None).str.replace(",", ".", regex=False), errors="coerce")
    return values.astype("float64"), ok


def parse_ints(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    ok = text.str.fullmatch(r"-?\d{1,15}").fillna(False).astype(bool)
    values = pd.to_numeric(text.where(ok, None), errors="coerce").astype("Int64")
    return values, ok


def parse_booleans(text: pd.Series) -> tuple[pd.Series, pd.Series]:
    upper = text.str.upper()
    ok = upper.isin(["J", "N"])
    values = pd.array(np.where(ok, upper == "J", None), dtype="boolean")
    return pd.Series(values, index=text.index), ok


_PARSERS = {DATE: parse_dates, DECIMAL: parse_decimals, INT: parse_ints, BOOL: parse_booleans}
_RULE = {DATE: "ugyldig_dato", DECIMAL: "ugyldig_tall", INT: "ugyldig_heltall", BOOL: "ugyldig_jn"}
