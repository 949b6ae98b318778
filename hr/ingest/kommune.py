"""referanse/kommune.yaml: which municipality every row of this landing directory belongs to."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import yaml

from hr.errors import InputRejected
from hr.ingest.files import LandingFile
from hr.ingest.readers import FileRejected, decode


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
    min_n: int | None    # from kommune.yaml when given; else the settings' min_n applies
    kostnad_per_dagsverk: Decimal | None = None   # kroner per lost day-work (issue 18), when given


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
            min_n = int(str(doc["min_n"]).strip())
        except ValueError:
            raise IngestRejected("referanse/kommune.yaml: min_n må være et heltall.") from None
        if min_n < 1:
            raise IngestRejected("referanse/kommune.yaml: min_n må være minst 1.")
    return Kommune(nummer, navn, min_n, _kostnad_per_dagsverk(doc))


def _kostnad_per_dagsverk(doc: dict) -> Decimal | None:
    """kommune.yaml's optional `kostnad_per_dagsverk` (kroner, decimal comma or point, > 0)."""
    text = str(doc.get("kostnad_per_dagsverk", "")).strip().replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value <= 0 or value >= Decimal(10) ** 12:
        raise IngestRejected("referanse/kommune.yaml: kostnad_per_dagsverk må være et positivt tall i kroner, "
                             "for eksempel 3500.")
    return value


def find_kommune_file(files: list[LandingFile]) -> LandingFile:
    for f in files:
        if f.kind == "kommune":
            return f
    raise IngestRejected(
        "referanse/kommune.yaml mangler i mottaksmappen: uten kommunenummer kan ingenting lastes inn.")


def kommunenummer_of(landing) -> str:
    """The municipality a landing directory belongs to, read from its referanse/kommune.yaml (nothing loaded)."""
    from pathlib import Path

    from hr.ingest.files import discover

    return parse_kommune(find_kommune_file(discover(Path(landing)).files).path.read_bytes()).kommunenummer
