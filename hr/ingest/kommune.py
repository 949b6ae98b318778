"""referanse/kommune.yaml: which municipality every row of this landing directory belongs to."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from hr.errors import InputRejected, UsageError
from hr.ingest.files import LandingFile
from hr.ingest.readers import FileRejected, decode
from hr.settings import checked_min_n

MAKS_SLETTING_DEFAULT = 10.0
IA_REDUKSJON_DEFAULT = Decimal(10)


class IngestRejected(InputRejected):
    """The landing directory as a whole cannot be used (e.g. no referanse/kommune.yaml); nothing is loaded.

    An InputRejected, so the CLI exits with status 3 and prints the message.
    """

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Kommune:
    kommunenummer: str
    navn: str
    min_n: int | None  # from kommune.yaml when given; else the settings' min_n applies
    maks_sletting_prosent: float = MAKS_SLETTING_DEFAULT  # plausibility hold of a newest snapshot (EXTRACTS.md)
    fravaer_fra: date | None = None  # the absence register is complete from (DEFINITIONS.md "Coverage")
    kostnad_per_dagsverk: Decimal | None = None  # kroner per lost day-work (issue 18), when given
    ia_basisaar: int | None = None  # the IA goal line's base year (issue 18), when given
    ia_reduksjon_prosent: Decimal = IA_REDUKSJON_DEFAULT
    omsorgsomrader: tuple[str, ...] = ()  # level-2 area codes with full-time by position (issue 18)


def parse_kommune(data: bytes) -> Kommune:
    try:
        text, _ = decode(data)
        # BaseLoader keeps every value a string: an unquoted 0301 must not become the octal number 193.
        doc = yaml.load(text, Loader=yaml.BaseLoader)
    except (FileRejected, yaml.YAMLError):
        raise IngestRejected("referanse/kommune.yaml kan ikke leses som YAML.") from None
    if not isinstance(doc, dict):
        raise IngestRejected("referanse/kommune.yaml må inneholde navn og kommunenummer.")
    nummer = str(doc.get("kommunenummer", "")).strip()
    navn = str(doc.get("navn", "")).strip()
    if not re.fullmatch(r"\d{4}", nummer):
        raise IngestRejected("referanse/kommune.yaml: kommunenummer mangler eller er ikke fire sifre.")
    if not navn:
        raise IngestRejected("referanse/kommune.yaml: navn mangler.")
    min_n = None
    if str(doc.get("min_n", "")).strip():
        try:
            min_n = checked_min_n(doc["min_n"], "referanse/kommune.yaml")
        except UsageError as exc:
            raise IngestRejected(str(exc)) from None
    fravaer_fra = None
    text_fra = str(doc.get("fravaer_fra", "")).strip()
    if text_fra:
        try:
            fravaer_fra = datetime.strptime(text_fra, "%d.%m.%Y").date()
        except ValueError:
            raise IngestRejected(
                f"referanse/kommune.yaml: fravaer_fra må være en dato dd.mm.åååå, ikke «{text_fra}»."
            ) from None
    return Kommune(
        nummer,
        navn,
        min_n,
        _maks_sletting(doc.get("maks_sletting_prosent")),
        fravaer_fra,
        _kostnad_per_dagsverk(doc),
        _ia_basisaar(doc),
        _ia_reduksjon(doc),
        _omsorgsomrader(doc),
    )


def _ia_basisaar(doc: dict[str, Any]) -> int | None:
    """kommune.yaml's optional `ia_basisaar`: a year (four digits)."""
    text = str(doc.get("ia_basisaar", "") or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"(19|20)\d\d", text):
        raise IngestRejected(
            f"referanse/kommune.yaml: ia_basisaar må være et årstall, for eksempel 2018, ikke «{text[:20]}»."
        )
    return int(text)


def _ia_reduksjon(doc: dict[str, Any]) -> Decimal:
    """kommune.yaml's optional `ia_reduksjon_prosent` (default 10): a number from 0 to 100."""
    text = str(doc.get("ia_reduksjon_prosent", "") or "").strip().replace(",", ".")
    if not text:
        return IA_REDUKSJON_DEFAULT
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or not 0 <= value <= 100:
        raise IngestRejected(
            "referanse/kommune.yaml: ia_reduksjon_prosent må være et tall fra 0 til 100 "
            f"(standard {IA_REDUKSJON_DEFAULT}), ikke «{text[:20]}»."
        )
    return value


def _omsorgsomrader(doc: dict[str, Any]) -> tuple[str, ...]:
    """kommune.yaml's optional `omsorgsomrader`: a list of level-2 area codes (a single code is a list of one)."""
    value = doc.get("omsorgsomrader")
    if value is None or value == "":
        return ()
    items = value if isinstance(value, list) else [value]
    codes = [str(v).strip() for v in items]
    if any(not c or isinstance(v, (dict, list)) for c, v in zip(codes, items)):
        raise IngestRejected("referanse/kommune.yaml: omsorgsomrader må være en liste med områdekoder.")
    return tuple(dict.fromkeys(codes))


def _maks_sletting(value: object) -> float:
    text = str(value if value is not None else "").strip()
    if not text:
        return MAKS_SLETTING_DEFAULT
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = -1.0
    if not 0 <= number <= 100:
        raise IngestRejected(
            "referanse/kommune.yaml: maks_sletting_prosent må være et tall fra 0 til 100 "
            f"(standard {MAKS_SLETTING_DEFAULT:.0f}), ikke «{text[:20]}»."
        )
    return number


def _kostnad_per_dagsverk(doc: dict[str, Any]) -> Decimal | None:
    """kommune.yaml's optional `kostnad_per_dagsverk` (kroner, decimal comma or point, > 0)."""
    text = str(doc.get("kostnad_per_dagsverk", "")).strip().replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value <= 0 or value >= Decimal(10) ** 12:
        raise IngestRejected(
            "referanse/kommune.yaml: kostnad_per_dagsverk må være et positivt tall i kroner, for eksempel 3500."
        )
    return value


def find_kommune_file(files: list[LandingFile]) -> LandingFile:
    for f in files:
        if f.kind == "kommune":
            return f
    raise IngestRejected("referanse/kommune.yaml mangler i mottaksmappen: uten kommunenummer kan ingenting lastes inn.")


def kommunenummer_of(landing: str | os.PathLike[str]) -> str:
    """The municipality a landing directory belongs to, read from its referanse/kommune.yaml (nothing loaded)."""
    from pathlib import Path

    from hr.ingest.files import discover

    return parse_kommune(find_kommune_file(discover(Path(landing)).files).path.read_bytes()).kommunenummer
