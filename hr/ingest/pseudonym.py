"""person_id: the keyed pseudonym that replaces the fødselsnummer at read time.

HMAC-SHA256 keyed by Settings.pseudonym_key, first 32 hex digits (128 bits: collisions are not a
concern at municipal scale). Keyed, so the pseudonym cannot be reversed by hashing all possible
numbers without the key.
"""
from __future__ import annotations

import hashlib
import hmac

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
