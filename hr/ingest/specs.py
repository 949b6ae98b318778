"""The one declaration of every extract kind (EXTRACTS.md), read by every step of the ingest.

For each meta_load_log kind: the pattern of its files under the landing directory, their format, its
columns and their types, its expectation suite, the warehouse table its good rows go to, the columns
that identify a row, and what a new file replaces (its snapshot semantics). `hr.ingest.files` finds
files by `pattern`, `hr.ingest.extract` reads them by `format` and `columns`, `hr.ingest.validate`
checks them with `suite`, `hr.ingest.load` writes `table` (sql/load/delete_<table>.sql deletes what
they replace) and `hr.ingest.pipeline` orders and replaces them by `semantics`.

Every column listed is required in the header; whether a value may be empty is a rule of the
extract's expectation suite (expectations/<suite>.json), not of the reader.

SPECS is in ingest order (EXTRACTS.md, and because later checks read what earlier loads put in the
warehouse): reference data -> organisasjon -> ansatte (against org units and position codes) ->
fravaer (against employments) -> rekruttering -> tiltak -> lonn -> pensjon.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# Column types the parser knows (hr/ingest/parse.py).
TEXT, DATE, DECIMAL, INT, BOOL, FNR = "text", "date", "decimal", "int", "bool", "fnr"

# File formats: csv and xlsx are read against `columns` (hr/ingest/readers.py); kommune.yaml and the
# report texts (markdown) have readers of their own (hr/ingest/kommune.py, hr/ingest/extract.py).
Format = Literal["csv", "xlsx", "yaml", "markdown"]
CSV: Format = "csv"
XLSX: Format = "xlsx"
YAML: Format = "yaml"
MARKDOWN: Format = "markdown"

# What a new file replaces (EXTRACTS.md "Snapshot semantics"):
#   snapshot:  a full extract; the newest usable file is the truth, older ones are superseded;
#   period:    each file replaces only its own period (payroll month, pension provider-year, report text);
#   reference: a full list; every new file replaces the one before.
Semantics = Literal["snapshot", "period", "reference"]
SNAPSHOT: Semantics = "snapshot"
PERIOD: Semantics = "period"
REFERENCE: Semantics = "reference"

# Provider label -> contract pension type (EXTRACTS.md "pensjon/*").
PENSION_LABELS: dict[str, dict[str, str]] = {
    "KLP": {"AFP": "AFP", "ALDER": "ALDER", "UFØR": "UFORE"},
    "SPK": {"Avtalefestet pensjon": "AFP", "Alderspensjon": "ALDER", "Uførepensjon": "UFORE"},
    "BKP": {"afp": "AFP", "alderspensjon": "ALDER", "uforepensjon": "UFORE"},
}


@dataclass(frozen=True)
class Spec:
    """One extract kind.

    `pattern` is a regular expression the file's path relative to the landing directory must match in
    full (posix separators). Its named groups give what the name carries: `dato` (YYYYMMDD, a snapshot's
    date), `maaned` (YYYYMM, a payroll month), `aar` (a pension year), `rapport` and `periode` (a report
    text). `key`: the columns that identify a row of the extract (its uniqueness rule in the suite, or
    where it has none, what the load tells rows apart by). `replaces_by`: the columns of `table` that
    sql/load/delete_<table>.sql narrows the delete by besides kommunenummer (empty: the whole table
    of the municipality). `record_id`: for snapshots, a record's id for the plausibility hold
    (sql/load/snapshot_records.sql).
    """

    kind: str  # meta_load_log.kind (each pension provider has its own kind)
    suite: str | None  # expectations/<suite>.json; None for kommune.yaml and the texts
    table: str  # the warehouse table its good rows go to
    columns: dict[str, str]  # column -> type, in contract order
    allow_empty: bool  # may a delivery have a header and no rows?
    format: Format
    pattern: str
    semantics: Semantics
    key: tuple[str, ...]
    replaces_by: tuple[str, ...] = ()
    record_id: str | None = None
    provider: str | None = None  # KLP | SPK | BKP: the pension provider of a pension kind

    @property
    def names(self) -> list[str]:
        return list(self.columns)

    @property
    def xlsx(self) -> bool:
        return self.format == XLSX


_HR_SNAPSHOTS_MAY_NOT_BE_EMPTY = False  # a full snapshot with no rows is a broken export, not "everyone left"

_PENSION_COLUMNS = {"fodselsnummer": FNR, "pensjonstype": TEXT, "uttaksdato": DATE, "uttaksgrad": DECIMAL}


def _pension(provider: str, file_format: Format) -> Spec:
    """A pension provider's kind: all share the pension suite, columns and table; a file is one provider-year."""
    code = provider.lower()
    # A year without new pensions is possible: header-only loads 0 rows.
    return Spec(
        f"pensjon_{code}",
        "pensjon",
        "stg_pensjon",
        _PENSION_COLUMNS,
        True,
        file_format,
        rf"pensjon/{code}_(?P<aar>\d{{4}})\.{file_format}",
        PERIOD,
        key=("fodselsnummer", "pensjonstype", "uttaksdato"),
        replaces_by=("leverandor", "aar"),
        provider=provider,
    )


SPECS: dict[str, Spec] = {
    # Reference data first: what the extracts after it are checked against.
    "kommune": Spec(
        "kommune",
        None,
        "ref_kommune",
        {
            # kommune.yaml's other keys go to ref_kostnad, ref_ia and ref_omsorgsomrade (hr/ingest/kommune.py).
            "kommunenummer": TEXT,
            "navn": TEXT,
            "min_n": INT,
            "fravaer_fra": DATE,
        },
        False,
        YAML,
        r"referanse/kommune\.yaml",
        REFERENCE,
        key=("kommunenummer",),
    ),
    # Without position codes every employment would fail its reference check: an empty list is refused.
    "stillingskoder": Spec(
        "stillingskoder",
        "ref_stillingskoder",
        "ref_stillingskode",
        {
            "stillingskode": TEXT,
            "tittel": TEXT,
            "kompetansegruppe": TEXT,
        },
        False,
        CSV,
        r"referanse/stillingskoder\.csv",
        REFERENCE,
        key=("stillingskode",),
    ),
    "mal": Spec(
        "mal",
        "ref_mal",
        "ref_mal",
        {
            "aar": INT,
            "org_enhet": TEXT,
            "indikator": TEXT,
            "verdi": DECIMAL,
        },
        True,
        CSV,
        r"referanse/mal\.csv",
        REFERENCE,
        key=("aar", "org_enhet", "indikator"),
    ),
    "innbyggere": Spec(
        "innbyggere",
        "ref_innbyggere",
        "ref_innbyggere",
        {
            "aar": INT,
            "innbyggere": INT,
        },
        True,
        CSV,
        r"referanse/innbyggere\.csv",
        REFERENCE,
        key=("aar",),
    ),
    # Optional: published benchmarks copied in by the data engineer (issue 18); header-only is allowed.
    "sammenligning": Spec(
        "sammenligning",
        "ref_sammenligning",
        "ref_sammenligning",
        {
            "periode": TEXT,
            "indikator": TEXT,
            "sammenligning": TEXT,
            "verdi": DECIMAL,
            "kilde": TEXT,
        },
        True,
        CSV,
        r"referanse/sammenligning\.csv",
        REFERENCE,
        key=("periode", "indikator", "sammenligning"),
    ),
    # A report's own text for one period (referanse/tekster/<rapport>_<periode>.md): replaces only that text.
    "tekst": Spec(
        "tekst",
        None,
        "ref_tekst",
        {
            "rapport": TEXT,
            "periode": TEXT,
            "innhold": TEXT,
        },
        False,
        MARKDOWN,
        r"referanse/tekster/(?P<rapport>[a-z]+)_(?P<periode>[0-9]{4}(?:H[12])?)\.md",
        PERIOD,
        key=("rapport", "periode"),
        replaces_by=("rapport", "periode"),
    ),
    "organisasjon": Spec(
        "organisasjon",
        "hr_organisasjon",
        "stg_organisasjon",
        {
            "org_enhet": TEXT,
            "navn": TEXT,
            "overordnet": TEXT,
            "niva": INT,
            "gyldig_fra": DATE,
            "gyldig_til": DATE,
        },
        _HR_SNAPSHOTS_MAY_NOT_BE_EMPTY,
        CSV,
        r"hr/organisasjon_(?P<dato>\d{8})\.csv",
        SNAPSHOT,
        key=("org_enhet", "gyldig_fra"),
        record_id="org_enhet",
    ),
    "ansatte": Spec(
        "ansatte",
        "hr_ansatte",
        "stg_ansatte",
        {
            "ansattnr": TEXT,
            "fodselsnummer": FNR,
            "kjonn": TEXT,
            "fodselsdato": DATE,
            "arbeidsforhold_id": TEXT,
            "org_enhet": TEXT,
            "stillingskode": TEXT,
            "stillingsprosent": DECIMAL,
            "lonnsform": TEXT,
            "ansettelsesform": TEXT,
            "gyldig_fra": DATE,
            "gyldig_til": DATE,
            "sluttarsak": TEXT,
            "innvandrerbakgrunn": BOOL,
            "leder": BOOL,
        },
        _HR_SNAPSHOTS_MAY_NOT_BE_EMPTY,
        CSV,
        r"hr/ansatte_(?P<dato>\d{8})\.csv",
        SNAPSHOT,
        key=("arbeidsforhold_id", "gyldig_fra"),
        record_id="arbeidsforhold_id",
    ),
    "fravaer": Spec(
        "fravaer",
        "hr_fravaer",
        "stg_fravaer",
        {
            "fravaer_id": TEXT,
            "arbeidsforhold_id": TEXT,
            "fravaerstype": TEXT,
            "fra_dato": DATE,
            "til_dato": DATE,
            "grad": DECIMAL,
        },
        _HR_SNAPSHOTS_MAY_NOT_BE_EMPTY,
        CSV,
        r"hr/fravaer_(?P<dato>\d{8})\.csv",
        SNAPSHOT,
        key=("fravaer_id",),
        record_id="fravaer_id",
    ),
    "rekruttering": Spec(
        "rekruttering",
        "hr_rekruttering",
        "stg_rekruttering",
        {
            "utlysning_id": TEXT,
            "org_enhet": TEXT,
            "stillingskode": TEXT,
            "publisert_dato": DATE,
            "antall_stillinger": INT,
            "antall_sokere": INT,
        },
        _HR_SNAPSHOTS_MAY_NOT_BE_EMPTY,
        CSV,
        r"hr/rekruttering_(?P<dato>\d{8})\.csv",
        SNAPSHOT,
        key=("utlysning_id",),
        record_id="utlysning_id",
    ),
    # Optional: the measures register (issue 18); header-only is allowed. Checked against the organisation
    # snapshot (its org_enhet is the municipality or a level-2 area), so read after the snapshots: on a
    # first ingest the areas are known by then.
    "tiltak": Spec(
        "tiltak",
        "ref_tiltak",
        "ref_tiltak",
        {
            "tiltak_id": TEXT,
            "org_enhet": TEXT,
            "tittel": TEXT,
            "ansvarlig": TEXT,
            "startdato": DATE,
            "sluttdato": DATE,
            "status": TEXT,
            "indikator": TEXT,
        },
        True,
        CSV,
        r"referanse/tiltak\.csv",
        REFERENCE,
        key=("tiltak_id",),
    ),
    # A month without payroll lines is possible: header-only loads 0 rows. A payroll line has no id of its
    # own: rows are told apart by their line in the month's file.
    "lonn": Spec(
        "lonn",
        "lonn",
        "stg_lonn",
        {
            "periode": TEXT,
            "arbeidsforhold_id": TEXT,
            "lonnsart": TEXT,
            "lonnsartgruppe": TEXT,
            "timer": DECIMAL,
            "belop": DECIMAL,
        },
        True,
        CSV,
        r"lonn/lonn_(?P<maaned>\d{6})\.csv",
        PERIOD,
        key=("periode", "linje"),
        replaces_by=("periode",),
    ),
    "pensjon_klp": _pension("KLP", CSV),
    "pensjon_spk": _pension("SPK", XLSX),
    "pensjon_bkp": _pension("BKP", CSV),
}


def spec_for(kind: str) -> Spec:
    """The spec of a meta_load_log kind."""
    return SPECS[kind]
