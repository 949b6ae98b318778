"""The pseudonym key: how it is given, checked and made (HR_PSEUDONYM_KEY or the key file). A low-level
module read by hr.settings; hr/ingest/pseudonym.py makes the pseudonyms with the key."""

from __future__ import annotations

import base64
import binascii
import re
import secrets

from hr.errors import UsageError

KEY_BYTES = 32
_NEW_KEY_HINT = (
    "Lag en ny nøkkel med «python -c 'import secrets; print(secrets.token_hex(32))'» og legg den i "
    "et hemmelighetslager (docs/personvern.md)."
)


class PseudonymKeyInvalid(UsageError):
    """The pseudonym key is empty, too short or malformed (the message never shows the key)."""


def new_key_text() -> str:
    """A fresh key: 32 random bytes from `secrets`, as 64 hexadecimal digits (the key file's form)."""
    return secrets.token_hex(KEY_BYTES)


def parse_key(text: str, source: str) -> bytes:
    """The HMAC key from a key as given (64 hex digits or 44 base64 characters of 32 random bytes).

    Returned as the 32 bytes' 64 lowercase hex digits: the form key files have always held and the
    HMAC has always been keyed with, so pseudonyms made from an existing key file stay the same, and the
    same key given as hex or as base64 gives the same pseudonyms. `source` names where the key came from
    (for the message); the key itself is never in a message.
    """
    given = (text or "").strip()
    if not given:
        raise PseudonymKeyInvalid(
            f"Pseudonymnøkkelen ({source}) er tom. Uten nøkkel kan pseudonymene regnes "
            f"tilbake til fødselsnummer. {_NEW_KEY_HINT}"
        )
    raw = None
    if len(given) == 2 * KEY_BYTES and re.fullmatch(r"[0-9a-fA-F]+", given):
        raw = bytes.fromhex(given)
    elif len(given) == 44 and re.fullmatch(r"[A-Za-z0-9+/_-]{43}=", given):
        try:
            raw = base64.b64decode(given.replace("-", "+").replace("_", "/"), validate=True)
        except (binascii.Error, ValueError):
            raw = None
    if raw is None or len(raw) != KEY_BYTES:
        raise PseudonymKeyInvalid(
            f"Pseudonymnøkkelen ({source}) er ugyldig: den må være {KEY_BYTES} tilfeldige byte, skrevet som 64 "
            f"heksadesimale tegn eller 44 base64-tegn, men har {len(given)} tegn som ikke er det. {_NEW_KEY_HINT}"
        )
    if len(set(raw)) < 8:
        raise PseudonymKeyInvalid(
            f"Pseudonymnøkkelen ({source}) ser ikke tilfeldig ut (nesten bare like byte). {_NEW_KEY_HINT}"
        )
    return raw.hex().encode("ascii")
