"""person_id: the keyed pseudonym that replaces the fødselsnummer at read time.

HMAC-SHA256 keyed by Settings.pseudonym_key, first 32 hex digits (128 bits: collisions are not a
concern at municipal scale). Keyed, so the pseudonym cannot be reversed by hashing all possible
numbers without the key.
"""
from __future__ import annotations

import hashlib
import hmac
import re

import pandas as pd

PSEUDONYM_HEX_DIGITS = 32
MASK = "*" * 11


def person_id(key: bytes, fodselsnummer: str) -> str:
    return hmac.new(key, fodselsnummer.encode("ascii", "replace"), hashlib.sha256).hexdigest()[:PSEUDONYM_HEX_DIGITS]


def person_ids(key: bytes, values: pd.Series) -> pd.Series:
    """person_id per value (missing stays missing); each distinct number is hashed once."""
    distinct = values.dropna().unique()
    mapping = {v: person_id(key, v) for v in distinct}
    return values.map(mapping).astype("object").where(values.notna(), None)


def masked(values: pd.Series) -> pd.Series:
    """What quarantine shows for a fødselsnummer cell: never the number, only whether one was there."""
    return values.where(values.isna() | (values == ""), MASK)



# Eleven digits, optionally split after the date part by a space, dot or hyphen, not inside a longer number.
_NUMBER_LIKE = re.compile(r"(?<!\d)(\d{6})[ .\-]?(\d{5})(?!\d)")


def masked_anywhere(values: pd.Series) -> pd.Series:
    """Quarantine values with any valid fødselsnummer / D-number inside replaced by the mask.

    A number typed into the wrong column (a date field, a comment) would otherwise reach quarantine as
    the rejected value. Also catches "010203 12345" and "010203-12345". Other digits are left alone, so
    a too-large amount or a broken date is still shown as delivered.
    """
    from hr.ingest.fodselsnummer import is_valid

    def one(value):
        if not isinstance(value, str) or not value:
            return value
        return _NUMBER_LIKE.sub(lambda m: MASK if is_valid(m.group(1) + m.group(2)) else m.group(0), value)

    return values.map(one).astype("object")
