"""referanse/kommune.yaml: which municipality every row of this landing directory belongs to."""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import yaml

from hr.errors import InputRejected, UsageError
from hr.ingest.files import LandingFile, visible
from hr.ingest.fnr_scan import has_number, mask_numbers
from hr.ingest.pseudonym import mask_every
from hr.ingest.readers import FileRejected, decode
from hr.settings import MIN_N_DEFAULT, MIN_N_FLOOR, checked_min_n

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
    notes: tuple[str, ...] = ()  # for the delivery's message: a fødselsnummer masked in `navn`


# kommune.yaml has a handful of short lines; anything near this size is not one.
MAX_BYTES = 64 * 1024
NAVN_MAX = 200
_SOURCE = "referanse/kommune.yaml"
# What each documented key must be (docs/uttrekk.md "referanse/"), said where its value is not that.
_RULE = {
    "navn": "må være tekst på én linje, for eksempel «Bærum kommune»",
    "kommunenummer": 'må være fire sifre, for eksempel "0219"',
    "min_n": f"må være et helt tall (minst {MIN_N_FLOOR}, standard {MIN_N_DEFAULT})",
    "fravaer_fra": "må være en dato dd.mm.åååå",
    "maks_sletting_prosent": f"må være et tall fra 0 til 100 (standard {MAKS_SLETTING_DEFAULT:.0f})",
    "kostnad_per_dagsverk": "må være et positivt tall i kroner, for eksempel 3500",
    "ia_basisaar": "må være et årstall, for eksempel 2018",
    "ia_reduksjon_prosent": f"må være et tall fra 0 til 100 (standard {IA_REDUKSJON_DEFAULT})",
    "omsorgsomrader": "må være en liste med områdekoder, for eksempel [PO, HS]",
}
_LIST_KEYS = frozenset({"omsorgsomrader"})
_NOT_A_CODE = re.compile(r"[\s,;]")  # an org unit code has no spaces or list separators
_FREE_TEXT_KEYS = frozenset({"navn"})  # masked like a unit's name (hr/ingest/fnr_scan.py); the others refuse
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?")  # ASCII digits only: int() and Decimal() take any Unicode digit
_SPACES = str.maketrans("", "", " \u00a0\u202f")


def _refused(message: str) -> IngestRejected:
    """A refusal of the whole landing directory (exit 3); a value it quotes goes through _quoted."""
    return IngestRejected(f"{_SOURCE}: {message} Ingenting er lastet.")


def _quoted(text: str) -> str:
    """A value as a message quotes it: any 11-digit number masked (valid or not), control characters written
    out, cut at 20 characters."""
    return "«" + visible(mask_every(text))[:20] + "»"


def parse_kommune(data: bytes) -> Kommune:
    """kommune.yaml as data only: no anchors or aliases (an alias bomb), no tags, a value at most a list;
    every documented key type-checked; a fødselsnummer masked in `navn` and refused in any other key.
    Anything else is an IngestRejected (exit 3) naming the key and the rule, never quoting a fødselsnummer."""
    if len(data) > MAX_BYTES:
        raise _refused(f"filen er større enn {MAX_BYTES // 1024} kB; den skal bare ha noen få linjer.")
    try:
        text, _ = decode(data)
        _check_events(text)
        # BaseLoader keeps every value a string: an unquoted 0301 must not become the octal number 193.
        doc = yaml.load(text, Loader=yaml.BaseLoader)
    except (FileRejected, yaml.YAMLError, RecursionError):
        raise IngestRejected(f"{_SOURCE} kan ikke leses som YAML.") from None
    if not isinstance(doc, dict):
        raise IngestRejected(f"{_SOURCE} må inneholde navn og kommunenummer.")
    _check_keys(doc)
    navn, notes = _navn(doc)
    nummer = _scalar(doc, "kommunenummer")
    if not re.fullmatch(r"[0-9]{4}", nummer):
        raise _refused("kommunenummer mangler eller er ikke fire sifre.")
    return Kommune(
        nummer,
        navn,
        _min_n(doc),
        _maks_sletting(doc),
        _fravaer_fra(doc),
        _kostnad_per_dagsverk(doc),
        _ia_basisaar(doc),
        _ia_reduksjon(doc),
        _omsorgsomrader(doc),
        notes,
    )


def _check_events(text: str) -> None:
    """Refuse, from the parser's events (before anything is built), what a kommune.yaml never needs: an
    anchor or alias (nine levels of aliases are 9**9 values once expanded), a tag (`!!python/...`), a
    key that is not text, and a value nested deeper than a list. The message names the key."""
    depth, key, expect_key, mapping = 0, "", False, False
    seen: set[str] = set()
    for event in yaml.parse(text, Loader=yaml.BaseLoader):
        where = f"{key} " if key else ""
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _refused(f"{where}bruker et anker eller alias (& eller *). Det er ikke tillatt: skriv hver verdi ut.")
        if getattr(event, "tag", None) is not None:
            raise _refused(f"{where}har en YAML-tagg (!! eller !). Det er ikke tillatt: skriv verdien som tekst.")
        if isinstance(event, yaml.CollectionStartEvent):
            if mapping and depth == 1 and expect_key:
                raise _refused("en nøkkel er ikke tekst.")
            if depth == 0:
                mapping = isinstance(event, yaml.MappingStartEvent)
                expect_key = True
            depth += 1
            if depth > 2:
                raise _refused(f"{key or 'en verdi'} {_RULE.get(key, 'kan ikke være nøstet dypere enn en liste')}.")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            expect_key = True
        elif mapping and depth == 1 and isinstance(event, yaml.ScalarEvent):
            if expect_key:  # an unknown key is not quoted: it is data, and may hold anything
                key = event.value if event.value in _RULE else "en ukjent nøkkel"
                if event.value in seen:  # YAML lets the last one win: `min_n: 10` then `min_n: 3` is 3
                    raise _refused(f"{_quoted(event.value)} står mer enn én gang. Skriv hver nøkkel bare én gang.")
                seen.add(event.value)
            expect_key = not expect_key


def _check_keys(doc: dict[str, Any]) -> None:
    """Refuse a key that is not documented: a misspelt optional key (`fravear_fra`) would otherwise be ignored
    and the reports published without what it says. The message names the closest documented key."""
    for key in doc:
        if key not in _RULE:
            close = difflib.get_close_matches(key.lower(), _RULE, n=1, cutoff=0.75)
            guess = f"; mente du «{close[0]}»?" if close else "."
            raise _refused(
                f"{_quoted(key)} er ikke en nøkkel kommune.yaml kan ha{guess} "
                f"Nøklene er {', '.join(_RULE)} (docs/uttrekk.md)."
            )


def _scalar(doc: dict[str, Any], key: str) -> str:
    """The key's value as stripped text ("" when absent or empty); refused when a list or a mapping, or
    (outside free text) when it holds a fødselsnummer: a number, date or code cannot be masked."""
    value = doc.get(key)
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        raise _refused(f"{key} {_RULE[key]}, ikke {'en liste' if isinstance(value, list) else 'en tabell'}.")
    text = str(value).strip()
    if key not in _FREE_TEXT_KEYS and has_number(text):
        raise _fnr_refused(key)
    return text


def _fnr_refused(key: str) -> IngestRejected:
    return _refused(
        f"{key} inneholder et fødselsnummer (11 sifre med gyldige kontrollsifre). Et tall, en dato eller en kode "
        "kan ikke maskeres; rett filen."
    )


def _navn(doc: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    """`navn`, printed on every page of the reports: one line of text; a fødselsnummer in it is masked
    before anything is stored, as in a unit's name, with a note naming the key (never the value)."""
    navn = _scalar(doc, "navn")
    if not navn:
        raise _refused("navn mangler.")
    if "\n" in navn or "\r" in navn:
        raise _refused("navn må være én linje.")
    if _has_control(navn):
        raise _refused("navn har kontrolltegn; skriv navnet som vanlig tekst.")
    notes: tuple[str, ...] = ()
    if has_number(navn):
        navn = mask_numbers(navn)
        notes = ("Fødselsnummer i fritekst er maskert før lagring: nøkkel navn.",)
    if len(navn) > NAVN_MAX:
        raise _refused(f"navn er lengre enn {NAVN_MAX} tegn.")
    return navn, notes


def _min_n(doc: dict[str, Any]) -> int | None:
    text = _scalar(doc, "min_n")
    if not text:
        return None
    if not re.fullmatch(r"[+-]?[0-9]{1,6}", text):
        raise _refused(f"min_n {_RULE['min_n']}, ikke {_quoted(text)}.")
    try:
        return checked_min_n(text, _SOURCE)
    except UsageError as exc:
        raise IngestRejected(str(exc)) from None


def _fravaer_fra(doc: dict[str, Any]) -> date | None:
    text = _scalar(doc, "fravaer_fra")
    if not text:
        return None
    try:
        if not re.fullmatch(r"[0-9]{2}\.[0-9]{2}\.[0-9]{4}", text):
            raise ValueError
        return datetime.strptime(text, "%d.%m.%Y").date()
    except ValueError:
        raise _refused(f"fravaer_fra {_RULE['fravaer_fra']}, ikke {_quoted(text)}.") from None


def _ia_basisaar(doc: dict[str, Any]) -> int | None:
    """kommune.yaml's optional `ia_basisaar`: a year (four digits)."""
    text = _scalar(doc, "ia_basisaar")
    if not text:
        return None
    if not re.fullmatch(r"(19|20)[0-9][0-9]", text):
        raise _refused(f"ia_basisaar {_RULE['ia_basisaar']}, ikke {_quoted(text)}.")
    return int(text)


def _percent(doc: dict[str, Any], key: str) -> Decimal | None:
    """An optional percentage from 0 to 100 (decimal comma or point); None when absent."""
    text = _scalar(doc, key)
    if not text:
        return None
    value = _decimal(text)
    if value is None or not 0 <= value <= 100:
        raise _refused(f"{key} {_RULE[key]}, ikke {_quoted(text)}.")
    return value


def _decimal(text: str) -> Decimal | None:
    """A number in ASCII digits with a decimal comma or point; None for anything else."""
    return Decimal(text.replace(",", ".")) if _NUMBER.fullmatch(text) else None


def _has_control(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" for c in text)


def _ia_reduksjon(doc: dict[str, Any]) -> Decimal:
    """kommune.yaml's optional `ia_reduksjon_prosent` (default 10): a number from 0 to 100."""
    value = _percent(doc, "ia_reduksjon_prosent")
    return IA_REDUKSJON_DEFAULT if value is None else value


def _maks_sletting(doc: dict[str, Any]) -> float:
    value = _percent(doc, "maks_sletting_prosent")
    return MAKS_SLETTING_DEFAULT if value is None else float(value)


def _omsorgsomrader(doc: dict[str, Any]) -> tuple[str, ...]:
    """kommune.yaml's optional `omsorgsomrader`: a list of level-2 area codes (a single code is a list of one)."""
    value = doc.get("omsorgsomrader")
    if value is None or value == "":
        return ()
    if isinstance(value, dict):
        raise _refused(f"omsorgsomrader {_RULE['omsorgsomrader']}, ikke en tabell.")
    items = value if isinstance(value, list) else [value]
    if any(isinstance(v, (dict, list)) for v in items):  # nesting is refused before, from the events
        raise _refused(f"omsorgsomrader {_RULE['omsorgsomrader']}.")
    codes = [str(v).strip() for v in items]
    if any(has_number(c) for c in codes):
        raise _fnr_refused("omsorgsomrader")
    if any(not c or _has_control(c) for c in codes):
        raise _refused(f"omsorgsomrader {_RULE['omsorgsomrader']}.")
    for code in codes:  # «PO, HS» without brackets is one value: it would match no area, and the table go
        if _NOT_A_CODE.search(code):
            raise _refused(
                f"omsorgsomrader {_RULE['omsorgsomrader']}; {_quoted(code)} er ikke én kode "
                "(skriv flere koder i hakeparenteser)."
            )
    return tuple(dict.fromkeys(codes))


def _kostnad_per_dagsverk(doc: dict[str, Any]) -> Decimal | None:
    """kommune.yaml's optional `kostnad_per_dagsverk` (kroner, decimal comma or point, > 0)."""
    text = _scalar(doc, "kostnad_per_dagsverk").translate(_SPACES)
    if not text:
        return None
    value = _decimal(text)
    if value is None or value <= 0 or value >= Decimal(10) ** 12:
        raise _refused(f"kostnad_per_dagsverk {_RULE['kostnad_per_dagsverk']}.")
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
