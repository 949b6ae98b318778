"""Typing: the strings of a RawTable to typed columns (dates dd.mm.yyyy, decimal comma, J/N, integers).

Vectorised over whole columns. A value that does not parse becomes missing in the typed frame and
a finding (rule ugyldig_dato / ugyldig_tall / ugyldig_heltall / ugyldig_jn) for quarantine; so does a
number too large for its warehouse column (tall_for_stort), which would otherwise abort the load.

The fødselsnummer column never reaches the typed frame: it becomes `person_id` (keyed pseudonym)
and `fodselsnummer_gyldig` (the mod-11 check), and the raw frame's copy is masked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hr.ingest import fnr_scan, fodselsnummer, pseudonym
from hr.ingest import quarantine as q
from hr.ingest.readers import STRINGS
from hr.ingest.specs import BOOL, DATE, DECIMAL, FNR, INT, TEXT, Spec

_MESSAGES = {
    "ugyldig_dato": "Datoen kan ikke leses eller finnes ikke i kalenderen; forventet dd.mm.åååå.",
    "ugyldig_tall": "Tallet kan ikke leses; forventet desimalkomma uten tusenskille, f.eks. 62,5.",
    "ugyldig_heltall": "Verdien er ikke et heltall.",
    "ugyldig_jn": "Verdien må være J eller N.",
    "tall_for_stort": "Tallet er for stort til å kunne stemme (og til å lagres); rett verdien i fagsystemet.",
}

# What the warehouse columns hold (sql/schema/): integers are `integer`; decimals numeric(p, s), given
# here as (digits before the comma, decimals). A larger value would abort the whole load with an overflow.
_INT_LIMIT = 2**31
_DECIMAL_DIGITS = {"belop": (12, 2), "timer": (8, 2), "verdi": (8, 4)}
_DEFAULT_DECIMAL_DIGITS = (4, 3)  # stillingsprosent, grad, uttaksgrad: numeric(7,3)


@dataclass
class Typed:
    frame: pd.DataFrame  # typed columns, same index as the raw frame
    raw: pd.DataFrame  # the strings as delivered, fødselsnummer masked
    findings: pd.DataFrame  # quarantine rows for values that did not parse (or hold a fødselsnummer)
    notes: list[str] = field(default_factory=list)  # free text masked (hr/ingest/fnr_scan.py)


def type_frame(raw: pd.DataFrame, spec: Spec, pseudonym_key: bytes) -> Typed:
    typed = pd.DataFrame(index=raw.index)
    findings: list[pd.DataFrame] = []
    shown = raw.copy()
    factorized = {}
    for col, kind in spec.columns.items():
        # Each distinct value is parsed once and the results spread back over the rows: a column repeats
        # its values (dates, percentages, codes), and the parsers work value by value, so this is the same.
        # A missing cell (code -1) takes the last entry, the empty field.
        codes, distinct = factorized[col] = pd.factorize(raw[col].to_numpy(dtype=object))
        text = _strings(np.append(np.asarray(distinct, dtype=object), ""))  # the reader has stripped blanks
        present = (text != "")[codes]
        if kind == TEXT:
            typed[col] = pd.Series(raw[col].to_numpy(dtype=object), index=raw.index).where(present, None)
            continue
        if kind == FNR:
            # digits of another script (full-width ０-９) are the same person's number: hashed as ASCII digits
            distinct_ascii = np.array([fodselsnummer.ascii_digits(str(v)) for v in text], dtype=object)
            value = pd.Series(distinct_ascii[codes], index=raw.index, dtype="object").where(present, None)
            typed["person_id"] = pseudonym.person_ids(pseudonym_key, value)
            valid = fodselsnummer.valid_mask(value)
            typed["fodselsnummer_gyldig"] = pd.array(np.where(present, valid, None), dtype="boolean")
            shown[col] = pseudonym.masked(raw[col])
            continue
        parsed_distinct, ok_distinct = _PARSERS[kind](text)
        parsed, ok = parsed_distinct.iloc[codes].set_axis(raw.index), ok_distinct[codes]
        too_big = ok & _too_big(parsed, kind, col)
        typed[col] = parsed.mask(pd.Series(too_big, index=raw.index)) if too_big.any() else parsed
        for rule, bad in ((_RULE[kind], present & ~ok), ("tall_for_stort", too_big)):
            if bad.any():
                findings.append(
                    pd.DataFrame(
                        {
                            "row": raw.index[bad],
                            "line": raw["_line"].to_numpy()[bad],
                            "column_name": col,
                            "verdi": raw[col].to_numpy()[bad],
                            "rule": rule,
                            "message": _MESSAGES[rule],
                        }
                    )
                )
    in_fields, notes = fnr_scan.scan(raw, spec, typed, shown, factorized)
    if in_fields is not None:
        # A value that holds a fødselsnummer is reported once, by the scan, masked: not also under the parsing
        # rule of its column, whose finding would carry the number as it was typed.
        hits = set(zip(in_fields["row"], in_fields["column_name"]))
        findings = [f[[(r, c) not in hits for r, c in zip(f["row"], f["column_name"])]] for f in findings]
        findings.append(in_fields)
    return Typed(typed, shown, q.concat(findings), notes)


def _too_big(values: pd.Series, kind: str, column: str) -> np.ndarray:
    """Parsed numbers that do not fit the column's warehouse type (after its rounding)."""
    if kind not in (INT, DECIMAL):
        return np.zeros(len(values), dtype=bool)
    size = values.astype("float64").abs()
    too_big: np.ndarray
    if kind == INT:
        too_big = (size >= _INT_LIMIT).fillna(False).to_numpy(dtype=bool)
        return too_big
    digits, decimals = _DECIMAL_DIGITS.get(column, _DEFAULT_DECIMAL_DIGITS)
    too_big = (size.round(decimals) >= 10**digits).fillna(False).to_numpy(dtype=bool)
    return too_big


def parse_dates(text: np.ndarray | pd.Series) -> tuple[pd.Series, np.ndarray]:
    """dd.mm.yyyy (one-digit day/month tolerated) to datetime64; ok=False for malformed or impossible dates.

    pandas' strict format parser turns 31.02.2019 into NaT rather than rolling it into March.
    """
    text = _strings(text)
    # numpy's stubs want an array-like where None stands: it makes the object array that is meant
    values = pd.to_datetime(
        pd.Series(np.where(text == "", None, text), dtype="object"),  # type: ignore[call-overload]
        format="%d.%m.%Y",
        errors="coerce",
    )
    ok = values.notna().to_numpy()
    return values, ok


def parse_decimals(text: np.ndarray | pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Decimal comma, optional minus, no thousands separator (a point is refused: it could be either).

    A comma with no digit after it (`10657,`) is refused too: it is what a file cut inside its last
    field leaves of `10657,29`, and reading it as 10657,00 would load a wrong amount without a word.
    """
    text = _strings(text)
    only_allowed = np.strings.str_len(np.strings.strip(text, "0123456789,-")) == 0
    one_comma = (np.strings.count(text, ",") <= 1) & ~np.strings.endswith(text, ",")
    pointed = np.strings.replace(text, ",", ".") if text.size else text  # numpy cannot size an empty replace
    values = pd.to_numeric(
        pd.Series(pointed, dtype="object").where(only_allowed & one_comma & (text != ""), None), errors="coerce"
    ).astype("float64")
    ok = values.notna().to_numpy()
    return values, ok


def parse_ints(text: np.ndarray | pd.Series) -> tuple[pd.Series, np.ndarray]:
    text = _strings(text)
    only_digits = (np.strings.str_len(np.strings.strip(text, "0123456789-")) == 0) & (np.strings.str_len(text) <= 15)
    values = pd.to_numeric(pd.Series(text, dtype="object").where(only_digits & (text != ""), None), errors="coerce")
    return values.astype("Int64"), values.notna().to_numpy()


def parse_booleans(text: np.ndarray | pd.Series) -> tuple[pd.Series, np.ndarray]:
    upper = np.strings.upper(_strings(text))
    ok = (upper == "J") | (upper == "N")
    return pd.Series(pd.array(np.where(ok, upper == "J", None), dtype="boolean")), ok


def _strings(text: np.ndarray | pd.Series) -> np.ndarray:
    """Variable-width strings: a fixed-width array would size every value by the column's longest."""
    if isinstance(text, pd.Series):
        return np.array(text.fillna("").tolist(), dtype=STRINGS)
    return np.asarray(text, dtype=STRINGS)


_PARSERS = {DATE: parse_dates, DECIMAL: parse_decimals, INT: parse_ints, BOOL: parse_booleans}
_RULE = {DATE: "ugyldig_dato", DECIMAL: "ugyldig_tall", INT: "ugyldig_heltall", BOOL: "ugyldig_jn"}
