"""Files in exactly the contract's formats (EXTRACTS.md, sample_landing): encodings, line ends, J/N."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path

from .model import OPEN, to_date


@lru_cache(maxsize=4096)
def num(x) -> str:
    """Decimal comma, no thousands separator, no trailing zeros ('62,5', '100', '48250,5')."""
    if x is None or x == "":
        return ""
    text = f"{float(x):.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text.replace(".", ",")


def money(x) -> str:
    return f"{float(x):.2f}".replace(".", ",")


def dmy(d) -> str:
    if d is None or d == "" or d == OPEN:
        return ""
    if isinstance(d, tuple):
        return f"{d[2]:02d}.{d[1]:02d}.{d[0]:04d}"
    if isinstance(d, (date, datetime)):
        return d.strftime("%d.%m.%Y")
    return _dmy_day(int(d))


@cache
def _dmy_day(n: int) -> str:
    """A day number as dd.mm.yyyy; cached, as the extracts repeat a few thousand days millions of times."""
    return to_date(n).strftime("%d.%m.%Y")


def records(frame):
    """The rows of a DataFrame as named tuples of plain Python values, like itertuples(index=False), but
    column by column (tolist) instead of element by element: many times faster on string columns."""
    from collections import namedtuple

    make = namedtuple("Rad", list(frame.columns))._make
    return [make(values) for values in zip(*(frame[c].tolist() for c in frame.columns))]


def jn(b: bool) -> str:
    return "J" if b else "N"


def write_csv(
    path: Path, header: list[str], rows, *, encoding: str = "utf-8", bom: bool = False, crlf: bool = False
) -> None:
    end = "\r\n" if crlf else "\n"
    text = end.join([";".join(header)] + [";".join(str(c) for c in r) for r in rows]) + end
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def write_xlsx(path: Path, header: list[str], rows) -> None:
    """First sheet, header in row 1, real date cells; fixed document times so the bytes repeat."""
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook's one sheet
    ws.title = "Pensjoner"
    ws.append(header)
    for r in rows:
        ws.append(list(r))
        ws.cell(row=ws.max_row, column=3).number_format = "yyyy-mm-dd"
    fixed = datetime(2019, 1, 15)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    _normalise_zip(path)


def _normalise_zip(path: Path) -> None:
    """Rewrite the xlsx archive with fixed member timestamps (zip entries carry the wall clock)."""
    import io
    import re
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in sorted(src.infolist(), key=lambda i: i.filename):
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>2019-01-15T00:00:00Z", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2019, 1, 15, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(zi, data)
    path.write_bytes(out.getvalue())
