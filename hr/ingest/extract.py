"""Step 1: read a landing file -> checksum, archive copy, typed rows (fødselsnummer already pseudonymised)."""

from __future__ import annotations

import pandas as pd

from hr.ingest import files, fnr_scan, readers
from hr.ingest import quarantine as q
from hr.ingest.delivery import Delivery, Rejection
from hr.ingest.files import LandingFile
from hr.ingest.kommune import parse_kommune
from hr.ingest.parse import type_frame
from hr.ingest.specs import FNR, MARKDOWN, YAML, spec_for
from hr.settings import Settings


def extract(
    file: LandingFile, settings: Settings, known: dict[str, tuple[str, str | None]] | None = None, parse: bool = True
) -> Delivery:
    """Read, checksum and archive the file; parse it unless this exact content was seen before.

    `known` maps checksums already recorded for this file name to (status, message); a hit means the
    file needs no parsing (it is unchanged, or was rejected or superseded before). `parse=False`
    (a superseded snapshot) only archives and checksums it.
    """
    data = files.read_bytes(file)
    sha = files.checksum(data)
    archived = files.archive(data, sha, settings.archive_dir)
    unread = unparsed(file, sha, str(archived), known, parse)
    if unread is not None:
        return unread
    delivery = Delivery(file=file, checksum=sha, archive_path=str(archived))
    try:
        file_format = spec_for(file.kind).format
        if file_format == YAML:
            _extract_kommune(delivery, data)
        elif file_format == MARKDOWN:
            _extract_tekst(delivery, data)
        else:
            _extract_table(delivery, data, settings.pseudonym_key)
    except readers.FileRejected as exc:
        delivery.rejection = Rejection(exc.rule, exc.message, exc.column)
    except MemoryError:
        # A backstop, not the design (the readers' memory follows the file's size): recorded as rejected,
        # the file is reported by every later run instead of failing it again.
        delivery.rejection = Rejection(
            "for_stor_fil",
            "Filen er for stor til å leses inn med minnet maskinen har. "
            "Ingenting fra filen er lest inn; del den opp eller sjekk "
            "eksporten.",
        )
    return delivery


def unparsed(
    file: LandingFile,
    checksum: str,
    archive_path: str,
    known: dict[str, tuple[str, str | None]] | None,
    parse: bool,
) -> Delivery | None:
    """The delivery of a file that is not parsed: a content `known` from the load log (with its recorded
    status and message) or one not to be parsed (`parse=False`); None when the file is to be parsed.
    hr/ingest/read_ahead.py answers from a worker's parsed result by the same rule."""
    if known and checksum in known:
        prior_status, prior_message = known[checksum]
        return Delivery(file, checksum, archive_path, prior_status=prior_status, prior_message=prior_message)
    if not parse:
        return Delivery(file, checksum, archive_path)
    return None


def _extract_table(delivery: Delivery, data: bytes, key: bytes) -> None:
    spec = spec_for(delivery.file.kind)
    if spec.xlsx:
        fnr_columns = tuple(c for c, t in spec.columns.items() if t == FNR)
        table = readers.read_xlsx(data, spec.names, spec.allow_empty, identity_columns=fnr_columns)
    else:
        table = readers.read_csv(data, spec.names, spec.allow_empty)
    typed = type_frame(table.frame, spec, key)
    typed.frame["_line"] = table.frame["_line"]
    structural = q.frame(table.findings)
    delivery.encoding = table.encoding
    delivery.raw = typed.raw
    delivery.typed = typed.frame
    delivery.findings = q.concat([structural, typed.findings])
    delivery.rows_read = table.rows_read
    delivery.notes.extend(typed.notes)
    if table.extra_columns:
        delivery.notes.append("Ukjente kolonner er ikke lest: " + ", ".join(table.extra_columns) + ".")


def _extract_kommune(delivery: Delivery, data: bytes) -> None:
    k = parse_kommune(data)
    delivery.typed = pd.DataFrame(
        {
            "kommunenummer": [k.kommunenummer],
            "navn": [k.navn],
            "min_n": pd.array([k.min_n], dtype="Int64"),
            "fravaer_fra": [k.fravaer_fra],
            "_line": [None],
            "kostnad_per_dagsverk": [k.kostnad_per_dagsverk],
            "ia_basisaar": pd.array([k.ia_basisaar], dtype="Int64"),
            "ia_reduksjon_prosent": [k.ia_reduksjon_prosent],
            "omsorgsomrader": ["\n".join(k.omsorgsomrader)],
        }
    )
    delivery.raw = delivery.typed.copy()
    delivery.rows_read = 1
    delivery.notes.extend(k.notes)


def _extract_tekst(delivery: Delivery, data: bytes) -> None:
    text, encoding = readers.decode(data)
    delivery.encoding = encoding
    if fnr_scan.has_number(text):  # the text is published as given: never with a fødselsnummer in it
        text = fnr_scan.mask_numbers(text)
        delivery.notes.append("Fødselsnummer i teksten er maskert før lagring.")
    delivery.typed = pd.DataFrame(
        {
            "rapport": [delivery.file.report],
            "periode": [delivery.file.period],
            "innhold": [text.replace("\r\n", "\n")],
            "_line": [None],
        }
    )
    delivery.raw = delivery.typed.copy()
    delivery.rows_read = 1
