"""The data-quality section both reports end with, and the manifest of the files behind a report.

The section fits on one page: one row per kind of extract (how many files, the period they cover, rows
read, loaded and set aside) and the rows set aside grouped by what was wrong with them, said the way a
reader outside HR understands it. The full list of files with their checksums is machine-readable in
`<report>_<period>.manifest.json` beside the PDF (the schema of hr/delivery/archive.py) and, for a human,
in a collapsed list in the web edition.

Only the files behind the report are named: a payroll month of another year, a pension year after the
report's year or the measures text of another period are in the warehouse, but the report is not built
from them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from hr.periods import Period
from reports import format as fmt
from reports.tables import Row, Table

if TYPE_CHECKING:
    from reports.render import ExtractUsed, ReportMeta

# Norwegian names of the extract kinds of meta_load_log, in the order the section lists them
EXTRACT_NAMES = {
    "organisasjon": "Organisasjon",
    "ansatte": "Ansatte og arbeidsforhold",
    "fravaer": "Fravær",
    "rekruttering": "Rekruttering",
    "lonn": "Lønn",
    "pensjon_klp": "Pensjon (KLP)",
    "pensjon_spk": "Pensjon (SPK)",
    "pensjon_bkp": "Pensjon (BKP)",
    "kommune": "Kommunen",
    "stillingskoder": "Stillingskoder",
    "mal": "Mål",
    "innbyggere": "Innbyggertall",
    "sammenligning": "Sammenligningstall",
    "tiltak": "Tiltak",
    "tekst": "Tekst",
}
CHECKSUM_PREFIX = 12

# What was wrong with a row set aside, in words for a reader outside HR. Each validation rule of the
# ingest (hr/ingest, expectations/*.json) belongs to one reason; a rule not listed here is shown with
# its own message.
REASONS: dict[str, tuple[str, ...]] = {
    "Ugyldig fødselsnummer": ("fodselsnummer_mod11", "fodselsnummer_gyldig"),
    "Raden er ødelagt (feil antall felt eller feil bruk av anførselstegn)": (
        "feil_antall_felt",
        "ugyldig_anforselstegn",
    ),
    "En dato eller et tall kan ikke leses": (
        "ugyldig_dato",
        "ugyldig_tall",
        "ugyldig_heltall",
        "ugyldig_jn",
        "tall_for_stort",
    ),
    "Et felt som må være fylt ut, er tomt": ("verdi_mangler", "sluttdato_mangler"),
    "Sluttdatoen ligger før startdatoen": (
        "gyldig_til_for_gyldig_fra",
        "til_dato_for_fra_dato",
        "sluttdato_for_startdato",
    ),
    "En verdi er utenfor det tillatte (for eksempel stillingsprosent over 100 eller en ukjent kode)": (
        "stillingsprosent_intervall",
        "stillingsprosent_null_kun_time",
        "grad_intervall",
        "uttaksgrad_intervall",
        "niva_intervall",
        "ansettelsesform_kode",
        "fravaerstype_kode",
        "kjonn_kode",
        "kompetansegruppe_kode",
        "lonnsartgruppe_kode",
        "lonnsform_kode",
        "pensjonstype_kode",
        "sluttarsak_kode",
        "antall_sokere_ikke_negativ",
        "antall_stillinger_minst_en",
        "innbyggere_ikke_negativ",
        "periode_format",
        "indikator_kjent",
        "verdi_intervall",
        "status_kode",
    ),
    "Raden viser til en enhet, en stilling eller et arbeidsforhold som ikke finnes i de andre uttrekkene": (
        "ukjent_org_enhet",
        "ukjent_overordnet",
        "ukjent_stillingskode",
        "ukjent_arbeidsforhold",
    ),
    "Samme registrering står flere ganger": ("duplikat_nokkel",),
    "Raden hører til en annen måned enn filen": ("periode_ulik_filnavn",),
}
_REASON_OF = {rule: reason for reason, rules in REASONS.items() for rule in rules}


def reason(rule: str, message: str) -> str:
    """The plain-language reason a row broke `rule` for (its own message when the rule is not grouped)."""
    return _REASON_OF.get(rule) or message.rstrip(".")


# ---------------------------------------------------------------- which files are behind a report


def _year_of(file_date: str | None) -> int | None:
    try:
        return int(str(file_date)[:4])
    except (TypeError, ValueError):
        return None


def behind_report(e: ExtractUsed, report: str, period: Period) -> bool:
    """Whether the report is built from this file.

    Payroll months: those of the annual chapter's year (pay by gender and pay cost are figures of the
    year). Pension years: up to the report's year (the uptake chart runs over the years). The measures
    text: the report's own (referanse/tekster/<report>_<period>.md). Snapshots and reference files:
    those in use, which are always behind the report; referanse/sammenligning.csv only when the report
    shows one of its rows (files_behind, issue 18).
    """
    if e.kind == "lonn":
        from hr.report_registry import get

        return get(report).payroll and _year_of(e.file_date) == period.year
    if e.kind.startswith("pensjon_"):
        year = _year_of(e.file_date)
        return year is None or year <= period.year
    if e.kind == "tekst":
        return e.file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0] == f"{report}_{period.code}"
    return True


def files_behind(meta: ReportMeta, report: str) -> ReportMeta:
    """The metadata with only the extracts (and their rows set aside) that the report is built from."""
    kept = [
        e
        for e in meta.extracts
        if behind_report(e, report, meta.period) and (e.kind != "sammenligning" or meta.benchmarks)
    ]  # issue 18: only when a benchmark is shown
    names = {e.file_name for e in kept}
    return replace(meta, extracts=kept, quarantine=[q for q in meta.quarantine if q.file_name in names])


def manifest(meta: ReportMeta, report: str) -> dict:
    """The report's manifest (hr/delivery/archive.py schema): every file behind it, with checksums."""
    from hr.manifest import extract_entry, report_manifest

    return report_manifest(
        kommunenummer=meta.kommunenummer,
        rapport=report,
        periode=meta.period.code,
        extracts=[
            extract_entry(
                e.kind,
                e.file_name,
                e.file_date if isinstance(e.file_date, str) else None,
                e.checksum,
                e.rows_read,
                e.rows_loaded,
                e.rows_quarantined,
            )
            for e in sorted(meta.extracts, key=lambda e: (_kind_order(e.kind), str(e.file_date or ""), e.file_name))
        ],
    )


# ---------------------------------------------------------------- the section


def _kind_order(kind: str) -> int:
    order = list(EXTRACT_NAMES)
    return order.index(kind) if kind in order else len(order)


@dataclass(frozen=True)
class KindSummary:
    kind: str
    files: int
    first: str | None
    last: str | None
    rows_read: int
    rows_loaded: int
    rows_set_aside: int

    @property
    def dates(self) -> str:
        if self.first is None:  # reference files carry no date
            return ""
        first, last = fmt.filedato(self.first), fmt.filedato(self.last)
        return first if first == last else f"{first}–{last}"


def by_kind(extracts: list[ExtractUsed]) -> list[KindSummary]:
    out = []
    for kind in sorted({e.kind for e in extracts}, key=_kind_order):
        files = [e for e in extracts if e.kind == kind]
        dates = sorted(str(e.file_date) for e in files if isinstance(e.file_date, str) and e.file_date)
        out.append(
            KindSummary(
                kind,
                len(files),
                dates[0] if dates else None,
                dates[-1] if dates else None,
                sum(e.rows_read for e in files),
                sum(e.rows_loaded for e in files),
                sum(e.rows_quarantined for e in files),
            )
        )
    return out


def kinds_table(extracts: list[ExtractUsed]) -> Table:
    rows = [
        Row(
            EXTRACT_NAMES.get(k.kind, k.kind),
            [fmt.tall(k.files), k.dates, fmt.tall(k.rows_read), fmt.tall(k.rows_loaded), fmt.tall(k.rows_set_aside)],
        )
        for k in by_kind(extracts)
    ]
    if len(rows) > 1:
        rows.append(
            Row(
                "I alt",
                [
                    fmt.tall(len(extracts)),
                    "",
                    fmt.tall(sum(e.rows_read for e in extracts)),
                    fmt.tall(sum(e.rows_loaded for e in extracts)),
                    fmt.tall(sum(e.rows_quarantined for e in extracts)),
                ],
                total=True,
            )
        )
    return Table(
        "Uttrekk som rapporten bygger på",
        ["Uttrekk", "Filer", "Dato eller periode", "Rader lest", "Lastet", "Satt til side"],
        rows,
    )


def reasons_table(meta: ReportMeta) -> Table | None:
    counts: dict[str, int] = {}
    for q in meta.quarantine:
        key = reason(q.rule, q.message)
        counts[key] = counts.get(key, 0) + q.count
    if not counts:
        return None
    rows = [Row(text, [fmt.tall(n)]) for text, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    table = Table("Rader satt til side, etter hva som var galt", ["Hva som var galt", "Rader"], rows)
    table.notes.append("En rad med flere feil telles én gang for hver feil.")
    return table


def files_table(extracts: list[ExtractUsed]) -> Table:
    """Every file with the start of its checksum: for the web edition's collapsed list."""
    ordered = sorted(extracts, key=lambda e: (_kind_order(e.kind), str(e.file_date or ""), e.file_name))
    return Table(
        "Alle filer rapporten bygger på",
        ["Fil", "Uttrekk", "Dato", "Sjekksum (starten)", "Rader lest", "Lastet", "Satt til side"],
        [
            Row(
                e.file_name,
                [
                    EXTRACT_NAMES.get(e.kind, e.kind),
                    fmt.filedato(e.file_date),
                    e.checksum[:CHECKSUM_PREFIX],
                    fmt.tall(e.rows_read),
                    fmt.tall(e.rows_loaded),
                    fmt.tall(e.rows_quarantined),
                ],
            )
            for e in ordered
        ],
        numeric=False,
    )


def context(meta: ReportMeta, impacts: list) -> dict:
    """What the section and the summary's warning need; `meta` already narrowed by files_behind."""
    from reports.quality_text import impact_sentence, warning_sentence

    return {
        "kinds_table": kinds_table(meta.extracts),
        "reasons_table": reasons_table(meta),
        "files_table": files_table(meta.extracts),
        "rows_quarantined": sum(e.rows_quarantined for e in meta.extracts),
        "rows_read": sum(e.rows_read for e in meta.extracts),
        "quarantine_impact_sentences": [impact_sentence(i) for i in impacts if i.rader],
        "quarantine_warning": warning_sentence(impacts),
    }
