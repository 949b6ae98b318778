"""Fødselsnummer check: format, date part and the two mod-11 control digits, vectorised.

Accepted: ordinary numbers, D-numbers (day + 40) and H-numbers (month + 40). The first control digit
k1 follows the widened rule Skatteetaten introduces for numbers issued from 2032: the weighted sum
S1 + k1 may leave remainder 0, 1, 2 or 3 modulo 11 (today's numbers all leave 0, so they still pass);
k2 is unchanged (remainder 0). python-stdnum only knows today's rule, hence this module.

The birth date part is checked for a plausible day and month only: the century is not encoded
reliably once the 2032 numbers arrive, so 29 February is accepted in every year. Birth date and
gender come from their own columns anyway (EXTRACTS.md), never from the number.

Nothing here logs or returns the number itself.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd

# Weights of the two control digits, applied to the digits before each of them plus the digit itself.
K1_WEIGHTS = np.array([3, 7, 6, 1, 8, 9, 4, 5, 2, 1])
K2_WEIGHTS = np.array([5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1])
K1_ACCEPTED_REMAINDERS = (0, 1, 2, 3)
_DAYS_IN_MONTH = np.array([0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def ascii_digits(value: str) -> str:
    """The value with every decimal digit of another script (full-width ０-９, Arabic-Indic, …) written as its
    ASCII digit: such a number is still the person's fødselsnummer, and the checks below count in ASCII."""
    if value.isascii():
        return value
    return "".join(c if (d := unicodedata.decimal(c, None)) is None else str(d) for c in value)


def valid_mask(values: pd.Series) -> pd.Series:
    """True where the value is a valid fødselsnummer / D-number / H-number; False otherwise (also for missing).
    Digits of other scripts count as their ASCII digits (ascii_digits)."""
    text = values.astype("string").fillna("")
    if not text.str.isascii().all():
        text = text.map(ascii_digits).astype("string")
    well_formed = text.str.fullmatch(r"\d{11}").fillna(False).to_numpy(dtype=bool)
    result = np.zeros(len(text), dtype=bool)
    if well_formed.any():
        candidates = text[well_formed].to_numpy(dtype=str)
        digits = np.frombuffer("".join(candidates).encode("ascii"), dtype=np.uint8).reshape(-1, 11) - ord("0")
        result[well_formed] = _digits_valid(digits.astype(np.int64))
    return pd.Series(result, index=values.index)


def is_valid(number: str) -> bool:
    """The same check for one number (tests, single look-ups)."""
    return bool(valid_mask(pd.Series([number])).iloc[0])


def _digits_valid(d: np.ndarray) -> np.ndarray:
    day = d[:, 0] * 10 + d[:, 1]
    month = d[:, 2] * 10 + d[:, 3]
    day = np.where(day > 40, day - 40, day)  # D-number
    month = np.where(month > 40, month - 40, month)  # H-number
    month_ok = (month >= 1) & (month <= 12)
    day_ok = (day >= 1) & (day <= _DAYS_IN_MONTH[np.clip(month, 0, 12)])
    k1_ok = np.isin((d[:, :10] @ K1_WEIGHTS) % 11, K1_ACCEPTED_REMAINDERS)
    k2_ok = (d @ K2_WEIGHTS) % 11 == 0
    valid: np.ndarray = month_ok & day_ok & k1_ok & k2_ok
    return valid
