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
from sqlalchemy.engine import Connection

from hr.errors import HrError
from hr.pseudonym_key import (  # noqa: F401 - the key's own module; re-exported for callers
    _NEW_KEY_HINT,
    KEY_BYTES,
    PseudonymKeyInvalid,
    new_key_text,
    parse_key,
)

PSEUDONYM_HEX_DIGITS = 32
MASK = "*" * 11
# What the fingerprint stored in the warehouse is the HMAC of (never the key itself).
_FINGERPRINT_LABEL = b"hr-rapport: fingeravtrykk av pseudonymnokkelen, versjon 1"


class PseudonymKeyMismatch(HrError):
    """The warehouse holds pseudonyms made with another key than the one given."""


def fingerprint(key: bytes) -> str:
    """What the warehouse stores to recognise the key: the HMAC of a fixed label under the key (64 hex)."""
    return hmac.new(key, _FINGERPRINT_LABEL, hashlib.sha256).hexdigest()


def check_key(conn: Connection, kommunenummer: str, key: bytes) -> None:
    """Refuse to load with another key than the one the municipality's pseudonyms in this warehouse were made
    with (the same person would become two); the first load records the key's fingerprint."""
    from hr.warehouse import execute_file, query

    mine = fingerprint(key)
    stored = query(conn, "load/pseudonym_fingerprint.sql", kommunenummer=kommunenummer)
    if stored.empty:
        execute_file(conn, "load/record_pseudonym_fingerprint.sql", kommunenummer=kommunenummer, fingerprint=mine)
        return
    if not hmac.compare_digest(str(stored.iloc[0, 0]), mine):
        raise PseudonymKeyMismatch(
            f"Pseudonymnøkkelen er en annen enn den kommune {kommunenummer} er lastet inn med i dette "
            "datavarehuset: samme person ville fått et nytt pseudonym, og pensjon og arbeidsforhold ville ikke "
            "lenger henge sammen. Ingenting er lastet. Bruk den opprinnelige nøkkelen (HR_PSEUDONYM_KEY eller "
            "pseudonym.key i arbeidskatalogen); se docs/personvern.md om bytte av nøkkel."
        )


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


# Eleven digits, optionally split after the date part by a space (also a no-break or narrow no-break space, as
# a word processor or a number format writes it), dot or hyphen, not inside a longer number.
NUMBER_LIKE = re.compile(r"(?<!\d)(\d{6})[ .\-\u00a0\u202f]?(\d{5})(?!\d)")


def masked_anywhere(values: pd.Series) -> pd.Series:
    """Quarantine values with every 11-digit number inside replaced by the mask, valid or not.

    A number typed into the wrong column (a date field, a comment) would otherwise reach quarantine as
    the rejected value, and one with a typo in its check digits is still that person's number. Also
    catches "010203 12345" and "010203-12345". Other digits are left alone, so a too-large amount
    (12 digits and more) or a broken date is still shown as delivered.
    """

    def one(value: object) -> object:
        if not isinstance(value, str) or not value:
            return value
        return NUMBER_LIKE.sub(MASK, value)

    return values.map(one).astype("object")
