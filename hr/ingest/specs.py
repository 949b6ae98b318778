"""What each extract looks like (EXTRACTS.md): its columns and their types, its suite and its table.

Every column listed is required in the header; whether a value may be empty is a rule of the
extract's expectation suite (expectations/<suite>.json), not of the reader.
"""
from __future__ import annotations

from dataclasses import dataclass

# Column types the parser knows (hr/ingest/parse.py).
TEXT, DATE, DECIMAL, INT, BOOL, FNR = "text", "date", "decimal", "int", "bool", "fnr"

# Provider label -> contract pension type (EXTRACTS.md "pensjon/*").
PENSION_LABELS: dict[str, dict[str, str]] = {
    "KLP": {"AFP": "AFP", "ALDER": "ALDER", "UFØR": "UFORE"},
    "SPK": {"Avtalefestet pensjon": "AFP", "Alderspensjon": "ALDER", "Uførepensjon": "UFORE"},
    "BKP": {"afp": "AFP", "alderspensjon": "ALDER", "uforepensjon": "UFORE"},
}


@dataclass(frozen=True)
class Spec:
    kind: str                      # meta_load_log.kind (pension providers share one spec)
    suite: str                     # expectations/<suite>.json
    table: str                     # the warehouse table its good rows go to
    columns: dict[str, str]        # column -> type, in contract order
    allow_empty: bool              # may a delivery have a header and no rows?
    xlsx: bool = False

    @property
    def names(self) -> list[str]:
        return list(self.columns)


_HR_SNAPSHOTS_MAY_NOT_BE_EMPTY = False  # a full snapshot with no rows is a broken export, not "everyone left"

SPECS: dict[str, Spec] = {
    "organisasjon": Spec("organisasjon", "hr_organisasjon", "stg_organisasjon", {
        "org_enhet": TEXT, "navn": TEXT, "overordnet": TEXT, "niva": INT, "gyldig_fra": DATE, "gyldig_til": DATE,
    }, _HR_SNAPSHOTS_MAY_NOT_BE_EMPTY),
    "ansatte": Spec("ansatte", "hr_ansatte", "stg_ansatte", {
        "ansattnr": TEXT, "fodselsnummer": FNR, "kjonn": TEXT, "fodselsdato": DATE, "arbeidsforhold_id": TEXT,
        "org_enhet": TEXT, "stillingskode": TEXT, "stillingsprosent": DECIMAL, "lonnsform": TEXT,
        "ansettelsesform": TEXT, "gyldig_fra": DATE, "gyldig_til": DATE, "sluttarsak": TEXT,
        "innvandrerbakgrunn": BOOL, "leder": BOOL,
    }, _HR_SNAPSHOTS_MAY_NOT_BE_EMPTY),
    "fravaer": Spec("fravaer", "hr_fravaer", "stg_fravaer", {
        "fravaer_id": TEXT, "arbeidsforhold_id": TEXT, "fravaerstype": TEXT, "fra_dato": DATE, "til_dato": DATE,
        "grad": DECIMAL,
    }, _HR_SNAPSHOTS_MAY_NOT_BE_EMPTY),
    "rekruttering": Spec("rekruttering", "hr_rekruttering", "stg_rekruttering", {
        "utlysning_id": TEXT, "org_enhet": TEXT, "stillingskode": TEXT, "publisert_dato": DATE,
        "antall_stillinger": INT, "antall_sokere": INT,
    }, _HR_SNAPSHOTS_MAY_NOT_BE_EMPTY),
    # A month without payroll lines or a year without new pensions is possible: header-only loads 0 rows.
    "lonn": Spec("lonn", "lonn", "stg_lonn", {
        "periode": TEXT, "arbeidsforhold_id": TEXT, "lonnsart": TEXT, "lonnsartgruppe": TEXT, "timer": DECIMAL,
        "belop": DECIMAL,
    }, True),
    "pensjon": Spec("pensjon", "pensjon", "stg_pensjon", {
        "fodselsnummer": FNR, "pensjonstype": TEXT, "uttaksdato": DATE, "uttaksgrad": DECIMAL,
    }, True),
    # Without position codes every employment would fail its reference check: an empty list is refused.
    "stillingskoder": Spec("stillingskoder", "ref_stillingskoder", "ref_stillingskode", {
        "stillingskode": TEXT, "tittel": TEXT, "kompetansegruppe": TEXT,
    }, False),
    "mal": Spec("mal", "ref_mal", "ref_mal", {
        "aar": INT, "org_enhet": TEXT, "indikator": TEXT, "verdi": DECIMAL,
    }, True),
    "innbyggere": Spec("innbyggere", "ref_innbyggere", "ref_innbyggere", {
        "aar": INT, "innbyggere": INT,
    }, True),
    # Optional: published benchmarks copied in by the data engineer (issue 18); header-only is allowed.
    "sammenligning": Spec("sammenligning", "ref_sammenligning", "ref_sammenligning", {
        "periode": TEXT, "indikator": TEXT, "sammenligning": TEXT, "verdi": DECIMAL, "kilde": TEXT,
    }, True),
    # Optional: the measures register (issue 18); header-only is allowed.
    "tiltak": Spec("tiltak", "ref_tiltak", "ref_tiltak", {
        "tiltak_id": TEXT, "org_enhet": TEXT, "tittel": TEXT, "ansvarlig": TEXT, "startdato": DATE,
        "sluttdato": DATE, "status": TEXT, "indikator": TEXT,
    }, True),
}


def spec_for(kind: str) -> Spec:
    """The spec of a meta_load_log kind (pensjon_klp/_spk/_bkp share the pension spec)."""
    if kind.startswith("pensjon_"):
        base = SPECS["pensjon"]
        return Spec(kind, base.suite, base.table, base.columns, base.allow_empty, xlsx=kind == "pensjon_spk")
    return SPECS[kind]
