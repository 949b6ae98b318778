"""Bytes to a table of strings: decoding, the `;` CSV dialect of EXTRACTS.md, and SPK's xlsx.

The result keeps every row's physical line number (1 = header) so a message can point at the line
a person opens in an editor. Rows that cannot be split (wrong number of fields, stray quotes) go to
quarantine here; problems with the file as a whole raise FileRejected, and nothing of it is loaded.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from hr.ingest.quarantine import Finding

DELIMITER = ";"
# The longest line (and header) a delivery may have, in characters (64 KB). No field of the contract
# comes near it; a longer line is set aside as `for_lang_linje` and the rest of the file is read.
MAX_LINE = 64 * 1024
# Variable-width strings: a fixed-width numpy string array would size every element by the longest one
# (one 10 MB field in a file of 400 rows asked for 17 GB), so the readers' memory follows the file's size.
STRINGS = np.dtypes.StringDType()
# A field is either quoted ("" escapes a quote) or free of quotes and delimiters.
_FIELD = r'"(?:[^"]|"")*"|[^;"]*'
_QUOTED_LINE = re.compile(rf"(?:{_FIELD})(?:;(?:{_FIELD}))*")


# Joins a column's fields so its strings can be made afresh in one split: decode() refuses a NUL byte,
# so no delivered field holds one.
_SEPARATOR = "\x00"


class FileRejected(Exception):
    """The file as a whole cannot be used; `rule` names the reason, the message says it in Norwegian."""

    def __init__(self, rule: str, message: str, column: str | None = None):
        super().__init__(message)
        self.rule = rule
        self.message = message
        self.column = column


@dataclass
class RawTable:
    """The file's rows as strings (column per header name), the line of each row, and what was set aside."""

    frame: pd.DataFrame  # one column per expected column, plus "_line"
    encoding: str | None
    extra_columns: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    rows_read: int = 0


def decode(data: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (BOM or not), else Windows-1252 (older exports).

    A file that is UTF-8 except for a few bytes (one row typed in another program) is refused with the
    line of the first such byte: read whole as Windows-1252 every æ, ø and å of it would come out wrong.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(
            "ugyldig_tegnkoding",
            "Filen er lagret som UTF-16; avtalen krever UTF-8 eller "
            "Windows-1252. Lagre den som UTF-8 og lever den på nytt.",
        )
    if b"\x00" in data:
        if _looks_like_utf16(data):
            raise FileRejected(
                "ugyldig_tegnkoding",
                "Filen ser ut til å være lagret som UTF-16 uten BOM (annenhver "
                "byte er 0); avtalen krever UTF-8 eller Windows-1252. Lagre "
                "den som UTF-8 og lever den på nytt.",
            )
        raise FileRejected("binaer_fil", "Filen ser ut til å være binær (inneholder NUL-tegn), ikke en tekstfil.")
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        if _cut_in_utf8_character(body, exc):
            raise FileRejected(
                "avkortet_fil",
                "Filen ser ut til å være avkortet: den slutter midt i et tegn. "
                "Ingenting fra filen er lest inn; lever hele filen på nytt.",
            ) from None
        if bom or _UTF8_LETTER.search(body):
            line = body.count(b"\n", 0, exc.start) + 1
            raise FileRejected(
                "blandet_tegnkoding",
                f"Filen er UTF-8, men linje {line} har et tegn (byte 0x{body[exc.start]:02X}) som "
                "ikke er gyldig UTF-8 (trolig Windows-1252): filen blander to tegnsett. Lagre hele "
                "filen som UTF-8 og lever den på nytt. Ingenting fra filen er lest inn.",
            ) from None
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        raise FileRejected("ugyldig_tegnkoding", "Filen kan ikke leses som UTF-8 eller Windows-1252.") from None


# A two-byte UTF-8 letter (æ ø å é …: lead byte C3 or C5, one continuation byte). Windows-1252 text has
# these pairs only as mojibake («Ã¦»), so one of them in a file that is not valid UTF-8 means a mixed file.
_UTF8_LETTER = re.compile(rb"[\xc3\xc5][\x80-\xbf]")


def _looks_like_utf16(data: bytes) -> bool:
    """UTF-16 without a byte order mark: in Latin text one byte of (nearly) every pair is NUL."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 2:
        return False
    even, odd = sample[0 : pairs * 2 : 2].count(0), sample[1 : pairs * 2 : 2].count(0)
    return max(even, odd) >= 0.8 * pairs and min(even, odd) <= 0.1 * pairs


def split_lines(text: str) -> list[str]:
    """The lines of a delivered text. Line ends are LF or CRLF (EXTRACTS.md); a file with CR alone (old
    Mac exports) is one long line to every other tool, so it is refused with a message saying so."""
    if "\r" in text and "\n" not in text:
        raise FileRejected(
            "feil_linjeskift",
            "Filen bruker bare CR (vognretur) som linjeskift, slik gamle "
            "Mac-programmer gjør; avtalen krever LF eller CRLF. Lagre filen "
            "med vanlige linjeskift og lever den på nytt.",
        )
    return text.replace("\r\n", "\n").split("\n")


def read_csv(data: bytes, columns: list[str], allow_empty: bool) -> RawTable:
    """Split a delivered CSV into a RawTable with exactly `columns` (all must be in the header).

    Lines without quotes (nearly all) are checked with str methods and split together in one call (joined
    by the delimiter, split once); only lines with quotes are parsed one by one.
    """
    if not data.strip():
        raise FileRejected("tom_fil", "Filen er tom.")
    text, encoding = decode(data)
    lines = split_lines(text)
    del text
    header_line = lines[0]
    if len(header_line) > MAX_LINE:
        raise FileRejected(
            "for_lang_linje",
            f"Overskriftsraden er lengre enn {MAX_LINE} tegn (64 KB); filen kan "
            "ikke være et uttrekk etter avtalen. Ingenting fra filen er lest inn.",
        )
    header = [h.strip().lower() for h in _split_header(header_line)]
    positions = _header_positions(header, columns, header_line)
    width = len(header)
    _reject_if_cut_mid_row(lines, width)

    findings: list[Finding] = []
    too_long = np.zeros(max(len(lines) - 1, 0), dtype=bool)
    for i, line in enumerate(lines[1:]):
        if len(line) > MAX_LINE:
            findings.append(
                Finding(
                    None,
                    i + 2,
                    None,
                    f"{len(line)} tegn, grense {MAX_LINE}",
                    "for_lang_linje",
                    f"Linjen er lengre enn {MAX_LINE} tegn (64 KB); ingen rad i avtalen er så lang. "
                    "Raden er satt til side, resten av filen er lest inn.",
                )
            )
            too_long[i] = True
            lines[i + 1] = ""
    body = lines[1:]
    del lines
    count = len(body)
    numbers = np.arange(2, count + 2)
    # Per line in plain Python: str methods on a list beat numpy's string ufuncs here (measured: the
    # conversion to a numpy string array alone costs as much as all three checks).
    # blank lines (and the final newline) are not rows; a line set aside for its length is
    blank = np.fromiter((not line.strip() for line in body), dtype=bool, count=count) & ~too_long
    usable = ~blank & ~too_long
    quoted = np.fromiter(('"' in line for line in body), dtype=bool, count=count)
    field_count = np.fromiter((line.count(DELIMITER) for line in body), dtype=np.int64, count=count) + 1
    simple = usable & ~quoted & (field_count == width)
    short_or_long = usable & ~quoted & (field_count != width)

    findings += [
        Finding(
            None,
            int(n),
            None,
            f"{int(c)} felt, forventet {width}",
            "feil_antall_felt",
            "Raden har feil antall felt i forhold til overskriftsraden.",
        )
        for n, c in zip(numbers[short_or_long], field_count[short_or_long])
    ]
    # Lines of exactly `width` fields joined by the delimiter split into one row-major list in one call.
    fields = DELIMITER.join([line for line, ok in zip(body, simple) if ok]).split(DELIMITER) if simple.any() else []
    kept_numbers = numbers[simple]
    extra_rows, extra_numbers = [], []
    for n, line in zip(numbers[quoted & usable], [body[i] for i in np.flatnonzero(quoted & usable)]):
        row = _split_quoted(line)
        if row is None:
            findings.append(
                Finding(
                    None,
                    int(n),
                    None,
                    None,
                    "ugyldig_anforselstegn",
                    "Raden har anførselstegn som ikke er parvise eller står midt i et felt.",
                )
            )
        elif len(row) != width:
            findings.append(
                Finding(
                    None,
                    int(n),
                    None,
                    f"{len(row)} felt, forventet {width}",
                    "feil_antall_felt",
                    "Raden har feil antall felt i forhold til overskriftsraden.",
                )
            )
        else:
            extra_rows.append(row)
            extra_numbers.append(int(n))
    order = None
    if extra_rows:
        fields += [f for row in extra_rows for f in row]
        kept_numbers = np.concatenate([kept_numbers, extra_numbers])
        order = np.argsort(kept_numbers, kind="stable")
        kept_numbers = kept_numbers[order]

    rows_read = int((~blank).sum())
    if rows_read == 0 and not allow_empty:
        raise FileRejected(
            "ingen_datarader", "Filen har bare overskriftsrad og ingen datarader; et fullt uttrekk kan ikke være tomt."
        )
    frame = _grid_frame(fields, width, kept_numbers, positions, columns, order)
    extra = [h for h in header if h not in columns]
    findings.sort(key=lambda f: f.line or 0)
    return RawTable(frame, encoding, extra, findings, rows_read)


def read_xlsx(data: bytes, columns: list[str], allow_empty: bool, identity_columns: tuple[str, ...] = ()) -> RawTable:
    """First sheet, header in row 1; cells are turned into the CSV notation so one parser types both.

    The workbook is opened twice, once for the values Excel saved with it and once for the formulas:
    a formula cell saved without its value (written by a program that does not calculate) is no value
    at all, and a row of them must not pass as blank. Such a row, and a row with a number formatted as
    percent (100 % is stored as 1), is set aside with its reason, never dropped or rescaled.
    """
    import openpyxl

    if not data.strip():
        raise FileRejected("tom_fil", "Filen er tom.")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        wb_formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - any failure to open means the file is not a usable workbook
        raise FileRejected("uleselig_fil", "Filen kan ikke åpnes som Excel-arbeidsbok (.xlsx).") from None
    findings: list[Finding] = []
    rows_read = 0
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows()
        formulas = wb_formulas.worksheets[0].iter_rows(values_only=True)
        first = next(rows, None)
        next(formulas, None)
        if first is None:
            raise FileRejected("tom_fil", "Regnearket er tomt.")
        header = ["" if c.value is None else str(c.value).strip().lower() for c in first]
        while header and header[-1] == "":
            header.pop()
        positions = _header_positions(header, columns, ";".join(header))
        kept_lines: list[int] = []
        kept_fields: list[list[str]] = []
        for number, row in enumerate(rows, start=2):
            written = next(formulas, None) or ()
            cells = list(row[: len(header)])
            values = [getattr(c, "value", None) for c in cells] + [None] * max(0, len(header) - len(cells))
            uncached = [
                header[i]
                for i, f in enumerate(written[: len(header)])
                if isinstance(f, str) and f.startswith("=") and values[i] is None
            ]
            if not uncached and all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            rows_read += 1
            problem = _xlsx_row_problem(number, header, cells, values, uncached, identity_columns)
            if problem:
                findings.append(problem)
                continue
            fields = [_cell_text(v, header[i] in identity_columns) for i, v in enumerate(values)]
            length = sum(len(f) for f in fields)
            if length > MAX_LINE:
                findings.append(
                    Finding(
                        None,
                        number,
                        None,
                        f"{length} tegn, grense {MAX_LINE}",
                        "for_lang_linje",
                        f"Raden er lengre enn {MAX_LINE} tegn (64 KB); ingen rad i "
                        "avtalen er så lang. Raden er satt til side.",
                    )
                )
                continue
            kept_lines.append(number)
            kept_fields.append(fields)
    except FileRejected:
        raise
    except Exception:  # noqa: BLE001 - openpyxl reads the sheet lazily: a damaged sheet fails here
        raise FileRejected("uleselig_fil", "Regnearket i filen er skadet og kan ikke leses.") from None
    finally:
        wb.close()
        wb_formulas.close()
    if not rows_read and not allow_empty:
        raise FileRejected("ingen_datarader", "Regnearket har bare overskriftsrad og ingen datarader.")
    frame = _frame(kept_fields, kept_lines, positions, columns)
    extra = [h for h in header if h and h not in columns]
    return RawTable(frame, "xlsx", extra, findings, rows_read)


def _xlsx_row_problem(
    number: int,
    header: list[str],
    cells: Sequence[object],
    values: list[Any],
    uncached: list[str],
    identity_columns: tuple[str, ...],
) -> Finding | None:
    """The reason to set an xlsx row aside: formulas without a saved value, or a number shown as percent.
    The value of an identity column (fødselsnummer) is never put in the finding."""
    if uncached:
        return Finding(
            None,
            number,
            uncached[0],
            None,
            "formel_uten_verdi",
            "Cellen har en formel uten lagret verdi (regnearket er laget av et program som ikke "
            "regner ut formler): verdien er ukjent. Åpne og lagre filen i Excel, eller lever verdier "
            "i stedet for formler.",
        )
    for i, cell in enumerate(cells):
        fmt = getattr(cell, "number_format", None) or ""
        if isinstance(values[i], (int, float)) and not isinstance(values[i], bool) and "%" in fmt:
            shown = None if header[i] in identity_columns else _cell_text(values[i], False)
            return Finding(
                None,
                number,
                header[i],
                shown,
                "prosentformat",
                "Tallet er formatert som prosent i Excel (100 % er lagret som 1), så det kan ikke vites "
                "om verdien er prosent eller andel. Lever tallet uten prosentformat (100 for 100 %).",
            )
    return None


def _cut_in_utf8_character(body: bytes, exc: UnicodeDecodeError) -> bool:
    """True when a UTF-8 file stops inside its last character (cut off by a full disk or a broken
    transfer): valid UTF-8 with at least one non-ASCII letter up to an incomplete final sequence.
    A Windows-1252 file fails earlier, or has no UTF-8 letters before the failing byte."""
    if exc.end != len(body) or exc.reason != "unexpected end of data":
        return False
    head = body[: exc.start]
    return any(b >= 0x80 for b in head)


def _reject_if_cut_mid_row(lines: list[str], width: int) -> None:
    """A file whose last line has no line break and the wrong number of fields (or an open quote) was
    cut off while being written. Loading what is there would silently lose every row after the cut —
    for a full snapshot, as if those records had been deleted — so the whole file is refused.
    A last line that is complete but lacks the final line break is fine (many exports do that)."""
    last = lines[-1]
    if len(lines) < 2 or not last.strip():
        return
    fields = _split_quoted(last) if '"' in last else last.split(DELIMITER)
    if fields is None or len(fields) != width:
        raise FileRejected(
            "avkortet_fil",
            f"Filen ser ut til å være avkortet: siste linje ({len(lines)}) slutter "
            "midt i en rad uten linjeskift. Ingenting fra filen er lest inn; "
            "lever hele filen på nytt.",
        )


def _split_header(line: str) -> list[str]:
    if '"' in line:
        fields = _split_quoted(line)
        if fields is None:
            raise FileRejected("ugyldig_overskrift", "Overskriftsraden har anførselstegn som ikke er parvise.")
        return fields
    return line.split(DELIMITER)


def _header_positions(header: list[str], columns: list[str], header_line: str) -> dict[str, int]:
    if len(header) == 1 and DELIMITER not in header_line and any(sep in header_line for sep in (",", "\t", "|")):
        raise FileRejected("feil_skilletegn", "Filen bruker ikke semikolon (;) som skilletegn.")
    seen: set[str] = set()
    for h in header:
        if h and h in seen:
            raise FileRejected("dobbel_kolonne", f"Kolonnen «{h}» står to ganger i overskriftsraden.", h)
        seen.add(h)
    for col in columns:
        if col not in seen:
            raise FileRejected(
                "mangler_kolonne", f"Påkrevd kolonne mangler: «{col}». Ingenting fra filen er lest inn.", col
            )
    return {col: header.index(col) for col in columns}


def _split_quoted(line: str) -> list[str] | None:
    """Fields of a line with quotes, or None when a quote is not a whole-field wrapper (a stray quote)."""
    if not _QUOTED_LINE.fullmatch(line):
        return None
    try:
        return next(csv.reader([line], delimiter=DELIMITER, quotechar='"', doublequote=True, strict=True))
    except csv.Error:  # e.g. a lone carriage return outside quotes (found by tests/test_properties_readers.py)
        return None


def _frame(rows: list[list[str]], lines: list[int], positions: dict[str, int], columns: list[str]) -> pd.DataFrame:
    width = max(positions.values()) + 1
    fields = [f for r in rows for f in (r[:width] + [""] * (width - len(r)))]
    return _grid_frame(fields, width, np.array(lines, dtype="int64"), positions, columns)


def _grid_frame(
    fields: list[str],
    width: int,
    lines: np.ndarray,
    positions: dict[str, int],
    columns: list[str],
    order: np.ndarray | None = None,
) -> pd.DataFrame:
    """Columns of a row-major list of fields by header position, surrounding blanks removed ("" where a
    field is empty); `order` puts the rows in line order (rows split apart from the rest come last).

    Each column's strings are made afresh, one column after the other (joined and split again): the
    fields as split from the lines lie row by row in memory, and every later pass over a column (hashing
    in Great Expectations and pandas, the load) ran about twice as long on them (measured)."""
    rows = len(fields) // width
    frame = {}
    for col in columns:
        stripped = [f.strip() for f in fields[positions[col] :: width]]
        values = _SEPARATOR.join(stripped).split(_SEPARATOR) if rows else []
        if len(values) != rows:  # a field held the separator after all: keep the strings as they are
            values = stripped
        array = np.array(values, dtype=object)
        frame[col] = pd.Series(array[order] if order is not None else array, dtype="object")
    result = pd.DataFrame(frame, columns=columns)
    result["_line"] = pd.Series(lines, dtype="int64")
    return result


def _cell_text(value: object, identity: bool) -> str:
    """An Excel cell in the CSV notation (dd.mm.yyyy, decimal comma)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, bool):
        return "J" if value else "N"
    if isinstance(value, (int, float)):
        if identity:
            # An identity number typed as a number loses its leading zero in Excel; put it back.
            return f"{int(value):011d}"
        if float(value).is_integer():
            return str(int(value))
        return repr(float(value)).replace(".", ",")
    return str(value)
