"""person_id: the keyed pseudonym that replaces the fødselsnummer at read time.

HMAC-SHA256 keyed by Settings.pseudonym_key, first 32 hex digits (128 bits: collisions are not a
concern at municipal scale). Keyed, so the pseudonym cannot be reversed by hashing all possible
numbers without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable

import pandas as pd
from sqlalchemy.engine import Connection

from hr.errors import HrError
from hr.ingest.fodselsnummer import is_valid
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


# A number written in groups: digit groups separated by one to three of these (spaces of any kind, tab,
# hyphens, dashes and the minus sign, dot, comma, slash, underscore, zero-width characters), as people and
# word processors write a fødselsnummer: «01.01.75 16430», «0101 7516 430», «010175 – 16430».
_SEPARATORS = " \t\u00a0\u202f\u2009\u2007\u200b\u2060\u00ad.,/_\\-\u2010\u2011\u2012\u2013\u2014\u2212"
_GROUPED = re.compile(rf"\d+(?:[{re.escape(_SEPARATORS)}]{{1,3}}\d+)+")
_GROUP = re.compile(r"\d+")


def grouped_numbers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) of every 11 digits written in two or more groups, starting and ending on a group's
    edge (so a longer number or a date is not cut into one): candidates, valid or not."""
    found = []
    for run in _GROUPED.finditer(text):
        groups = [(run.start() + g.start(), run.start() + g.end(), g.group()) for g in _GROUP.finditer(run.group())]
        for i, (start, _, digits) in enumerate(groups):
            for _, end, more in groups[i + 1 :]:
                digits += more
                if len(digits) >= 11:
                    if len(digits) == 11:
                        found.append((start, end, digits))
                    break
    return found


def mask_grouped(text: str, valid: Callable[[str], bool]) -> str:
    """The text with every number of grouped_numbers that `valid` accepts replaced by the mask."""
    spans = sorted((start, end) for start, end, digits in grouped_numbers(text) if valid(digits))
    if not spans:
        return text
    out, last = [], 0
    for start, end in spans:
        if start < last:  # overlapping candidates: the first one's mask covers this one's start
            start = last
        if end > last:
            out.append(text[last:start] + MASK)
            last = end
    return "".join(out) + text[last:]


def mask_every(text: str) -> str:
    """The text as a rejected value or a file name is shown: every 11-digit number masked, valid or not (as
    NUMBER_LIKE finds it), and a valid one written in other groups (grouped_numbers)."""
    return NUMBER_LIKE.sub(MASK, mask_grouped(text, is_valid))


def masked_anywhere(values: pd.Series) -> pd.Series:
    """Quarantine values with every 11-digit number inside replaced by the mask, valid or not.

    A number typed into the wrong column (a date field, a comment) would otherwise reach quarantine as
    the rejected value, and one with a typo in its check digits is still that person's number. Also
    catches "010203 12345" and "010203-12345", and a valid number written in other groups
    («01.02.03 12345», grouped_numbers). Other digits are left alone, so a too-large amount
    (12 digits and more) or a broken date is still shown as delivered.
    """

    def one(value: object) -> object:
        if not isinstance(value, str) or not value:
            return value
        return mask_every(value)

    return values.map(one).astype("object")
