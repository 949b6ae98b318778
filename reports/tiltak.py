"""The measures (referanse/tiltak.csv, issue 18) in both reports and in `<report>_<period>.tiltak.csv`.

The measures a report lists and the indicator's value when each started come with the report's metadata
(hr.metrics.tiltak); the value in the report's period is the report's own figure where it has one, so
the table, the text and the measures file agree with figures.csv. Suppressed or missing values stay empty.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from hr.figures import Figure, csv_text_cell, format_value, write_atomic
from hr.metrics.tiltak import Measure
from hr.periods import Period
from reports import format as fmt
from reports.sammenligning import INDICATOR_NAMES
from reports.tables import FigureIndex, Row, Table, cell, shown, value_or_none

HEADER = ["tiltak_id", "omrade", "tittel", "ansvarlig", "status", "indikator", "verdi_ved_start", "verdi_na", "endring"]


def tiltak_path(out_dir: Path, report: str, period_code: str) -> Path:
    """The measures file beside the report's PDF: sykefravaer_2018H2.tiltak.csv."""
    return Path(out_dir) / f"{report}_{period_code}.tiltak.csv"


def _order(m: Measure) -> tuple:
    from hr.figures import HELE_KOMMUNEN

    return (m.omrade != HELE_KOMMUNEN, m.omrade, m.startdato, m.tiltak_id)


def values(ix: FigureIndex, m: Measure, period: Period) -> tuple[Figure | None, Figure | None]:
    """(at start, now): the report's own figures first, else the ones computed with the register."""
    start = ix.get(m.indikator, m.start_period, m.omrade_start) or m.start_figure
    now = ix.get(m.indikator, period.code, m.omrade) or m.now_figure
    return start, now


def change(start: Figure | None, now: Figure | None) -> float | None:
    """Full precision, for the file: now − at start, when both are shown."""
    a, b = value_or_none(start), value_or_none(now)
    return None if a is None or b is None else b - a


def csv_text(figures: list[Figure], listed: list[Measure], period: Period) -> str:
    """The measures file: UTF-8, comma-separated like figures.csv, values at full precision ('.' decimal),
    empty where a value is suppressed or missing; text cells protected like figures.csv's."""
    ix = FigureIndex(figures)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    t = csv_text_cell
    for m in sorted(listed, key=_order):
        start, now = values(ix, m, period)
        w.writerow(
            [
                t(m.tiltak_id),
                t(m.omrade),
                t(m.tittel),
                t(m.ansvarlig),
                t(m.status),
                t(m.indikator),
                format_value(value_or_none(start)),
                format_value(value_or_none(now)),
                format_value(change(start, now)),
            ]
        )
    return buf.getvalue()


def write_csv(path: Path, figures: list[Figure], listed: list[Measure], period: Period) -> None:
    write_atomic(path, csv_text(figures, listed, period).encode("utf-8"))


def _status_cell(m: Measure, p: Period) -> str:
    """ "Fullført 30.06.2018" for a measure that ended by the period's end, else "Pågår, fra 1. halvår 2017"."""
    if m.sluttdato is not None and m.sluttdato <= p.end and (m.ended or m.status in ("FULLFORT", "AVBRUTT")):
        return f"{m.status_nb} {fmt.dato(m.sluttdato)}"
    return f"{m.status_nb}, fra {Period.parse(m.start_period).label_nb()}"


def _change_cell(start: Figure | None, now: Figure | None, new: bool = False) -> str:
    """The change in percentage points; "nytt" for a measure that started in the report's own period, whose
    value at start is the value now (a change of 0 would read as "no effect")."""
    if new:
        return "nytt"
    a, b = shown(start), shown(now)
    if a is None or b is None:
        return fmt.PRIKK if (start is not None and now is not None) else fmt.MANGLER
    return fmt.pp_tall(b - a)


def table(ix: FigureIndex, listed: list[Measure], p: Period, min_n: int) -> Table:
    """The half-year report's table: owner, status, the indicator at start and now, and the change."""
    rows = []
    for m in sorted(listed, key=_order):
        start, now = values(ix, m, p)
        rows.append(
            Row(
                m.tittel,
                [
                    m.omrade,
                    m.ansvarlig,
                    _status_cell(m, p),
                    cell(start),
                    cell(now),
                    _change_cell(start, now, m.start_period == p.code),
                ],
            )
        )
    columns = ["Tiltak", "Område", "Ansvarlig", "Status", "Ved start", "Nå", "Endring"]
    t = Table(f"Tiltak i {p.label_nb()}", columns, rows)
    note = indicator_note(listed)
    if note:
        t.notes.append(note)
    return t.finish(min_n)


def short_table(ix: FigureIndex, listed: list[Measure], p: Period, min_n: int) -> Table:
    """The annual chapter's short table: status and the change only (the values are in tiltak.csv)."""
    rows = []
    for m in sorted(listed, key=_order):
        start, now = values(ix, m, p)
        rows.append(Row(m.tittel, [m.omrade, _status_cell(m, p), _change_cell(start, now, m.start_period == p.code)]))
    return Table(f"Tiltak i {p.label_nb()}", ["Tiltak", "Område", "Status", "Endring"], rows).finish(min_n)


def _name(indikator: str) -> str:
    return INDICATOR_NAMES.get(indikator, indikator)


def indicator_note(listed: list[Measure]) -> str | None:
    """Which indicator each value is, when the measures follow more than one: the most common one is
    named for "de andre", the others per measure."""
    counts = Counter(m.indikator for m in listed)
    if len(counts) < 2:
        return None
    common = counts.most_common(1)[0][0]
    others = [f"{_name(m.indikator)} for «{m.tittel}»" for m in sorted(listed, key=_order) if m.indikator != common]
    return f"Indikator: {', '.join(others)}; {_name(common)} for de andre."


def sentence(listed: list[Measure], p: Period) -> str:
    active = [m for m in listed if not m.ended]
    ended = [m for m in listed if m.ended]
    half = p.kind != "year"
    text = (
        f"{fmt.stor_forbokstav(_count(len(active)))} tiltak var {'aktivt' if len(active) == 1 else 'aktive'} "
        f"i {p.label_nb()}"
    )
    if ended:
        text += (
            f", og {_count(len(ended))} ble avsluttet i {p.previous().label_nb()} og står her "
            "en siste gang med resultatet"
        )
    indikatorer = {m.indikator for m in listed}
    what = _name(next(iter(indikatorer))) if len(indikatorer) == 1 else "indikatoren"
    when = "halvåret" if half else "året"
    return (
        f"{text}. «Ved start» er {what} for området i {when} tiltaket startet, «Nå» i "
        f"{p.label_nb()}; endringen er i prosentpoeng."
    )


def _count(n: int) -> str:
    words = ["ingen", "ett", "to", "tre", "fire", "fem", "seks", "sju", "åtte", "ni", "ti"]
    return words[n] if n < len(words) else str(n)


def short_sentence(listed: list[Measure], p: Period) -> str:
    active = sum(not m.ended for m in listed)
    text = f"{fmt.stor_forbokstav(_count(active))} tiltak var {'aktivt' if active == 1 else 'aktive'} i {p.label_nb()}"
    if active < len(listed):
        text += f", og {_count(len(listed) - active)} ble avsluttet året før"
    return (
        f"{text}. Endringen er i prosentpoeng for tiltakets indikator og område, fra året tiltaket startet "
        f"til {p.label_nb()}; verdiene står i tiltaksfilen som følger rapporten."
    )


def context(figures: list[Figure], listed: list[Measure] | None, p: Period, min_n: int, short: bool = False) -> dict:
    """The template variable `tiltak` (None without a register or with nothing to list); `short`: the
    annual chapter's short section."""
    if not listed:
        return {"tiltak": None}
    ix = FigureIndex(figures)
    if short:
        return {
            "tiltak": {
                "sentence": short_sentence(listed, p),
                "table": short_table(ix, listed, p, min_n),
                "table_id": "tiltak-kort",
            }
        }
    return {"tiltak": {"sentence": sentence(listed, p), "table": table(ix, listed, p, min_n), "table_id": "tiltak"}}
