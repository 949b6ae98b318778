"""Tiny hand-made warehouse contents for rule tests: rows straight into the stg_/ref_ tables.

Each helper returns one row as a dict with the contract's columns; `load` inserts them (filling
kommunenummer and load_id) and rebuilds the intermediate layer, as an ingest would.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

import pandas as pd

from hr.transform import rebuild_intermediate
from hr.warehouse import bulk_insert

KOMMUNE = "0219"
FAR_PAST = date(2000, 1, 1)


def d(text: str) -> date:
    """'15.03.2018' -> date(2018, 3, 15): tests read like the extracts."""
    day, month, year = (int(x) for x in text.split("."))
    return date(year, month, day)


def _date(v):
    return d(v) if isinstance(v, str) else v


def org(code: str, navn: str, overordnet: str | None, niva: int, fra=FAR_PAST, til=None) -> dict:
    return {
        "org_enhet": code,
        "navn": navn,
        "overordnet": overordnet,
        "niva": niva,
        "gyldig_fra": _date(fra),
        "gyldig_til": _date(til),
    }


def standard_org() -> list[dict]:
    """Root 0219, areas A and B, units A1, A2 (under A) and B1 (under B), valid throughout."""
    return [
        org(KOMMUNE, "Testkommune", None, 1),
        org("A", "Område A", KOMMUNE, 2),
        org("B", "Område B", KOMMUNE, 2),
        org("A1", "Enhet A1", "A", 3),
        org("A2", "Enhet A2", "A", 3),
        org("B1", "Enhet B1", "B", 3),
    ]


def emp(
    arbeidsforhold_id: str,
    person: str,
    org_enhet: str = "A1",
    fra="01.01.2010",
    til=None,
    *,
    pst: float = 100,
    lonnsform: str = "MAANED",
    form: str = "FAST",
    kode: str = "7174",
    kjonn: str = "K",
    fodt="01.01.1980",
    sluttarsak: str | None = None,
    innvandrer: bool = False,
    leder: bool = False,
) -> dict:
    """One employment version; `person` stands for the pseudonymised person_id."""
    return {
        "person_id": person,
        "ansattnr": person,
        "kjonn": kjonn,
        "fodselsdato": _date(fodt),
        "arbeidsforhold_id": arbeidsforhold_id,
        "org_enhet": org_enhet,
        "stillingskode": kode,
        "stillingsprosent": pst,
        "lonnsform": lonnsform,
        "ansettelsesform": form,
        "gyldig_fra": _date(fra),
        "gyldig_til": _date(til),
        "sluttarsak": sluttarsak,
        "innvandrerbakgrunn": innvandrer,
        "leder": leder,
    }


def absence(fravaer_id: str, arbeidsforhold_id: str, fravaerstype: str, fra, til, grad: float = 100) -> dict:
    return {
        "fravaer_id": fravaer_id,
        "arbeidsforhold_id": arbeidsforhold_id,
        "fravaerstype": fravaerstype,
        "fra_dato": _date(fra),
        "til_dato": _date(til),
        "grad": grad,
    }


def posting(
    utlysning_id: str,
    publisert,
    antall_stillinger: int = 1,
    antall_sokere: int = 0,
    org_enhet: str = "A1",
    kode: str = "7174",
) -> dict:
    return {
        "utlysning_id": utlysning_id,
        "org_enhet": org_enhet,
        "stillingskode": kode,
        "publisert_dato": _date(publisert),
        "antall_stillinger": antall_stillinger,
        "antall_sokere": antall_sokere,
    }


def pay(
    periode: str,
    arbeidsforhold_id: str,
    belop: float,
    gruppe: str = "FASTLONN",
    timer=None,
    lonnsart: str = "1000",
    linje: int = 2,
) -> dict:
    return {
        "periode": periode,
        "linje": linje,
        "arbeidsforhold_id": arbeidsforhold_id,
        "lonnsart": lonnsart,
        "lonnsartgruppe": gruppe,
        "timer": timer,
        "belop": belop,
    }


def pension(leverandor: str, person: str, pensjonstype: str, uttak, grad: float = 100, linje: int = 2) -> dict:
    u = _date(uttak)
    return {
        "leverandor": leverandor,
        "aar": u.year,
        "linje": linje,
        "person_id": person,
        "pensjonstype": pensjonstype,
        "uttaksdato": u,
        "uttaksgrad": grad,
    }


def position_code(kode: str, gruppe: str, tittel: str | None = None) -> dict:
    return {"stillingskode": kode, "tittel": tittel or kode, "kompetansegruppe": gruppe}


DEFAULT_CODES = [
    position_code("6456", "UFAGLAERT", "Assistent"),
    position_code("7523", "FAGARBEIDER"),
    position_code("7174", "HOYSKOLE", "Sykepleier"),
    position_code("9401", "LAERLING", "Lærling"),
]


def target(aar: int, org_enhet: str, indikator: str, verdi: float) -> dict:
    return {"aar": aar, "org_enhet": org_enhet, "indikator": indikator, "verdi": verdi}


def load(
    engine,
    *,
    org: Iterable[dict] | None = None,
    ansatte: Iterable[dict] = (),
    fravaer: Iterable[dict] = (),
    rekruttering: Iterable[dict] = (),
    lonn: Iterable[dict] = (),
    pensjon: Iterable[dict] = (),
    stillingskoder: Iterable[dict] | None = None,
    mal: Iterable[dict] = (),
    innbyggere: dict[int, int] | None = None,
    min_n: int = 0,
    kommunenummer: str = KOMMUNE,
    fravaer_fra: date | None = FAR_PAST,
    lonn_maaneder: Iterable[str] | None = None,
    pensjon_aar: Iterable[int] | None = None,
) -> None:
    """Put the rows into a ready warehouse (ensure_schema done) and rebuild int_*.

    min_n defaults to 0 so that rule tests on 1-3 persons are not suppressed; suppression tests set it.
    fravaer_fra (kommune.yaml's, DEFINITIONS.md "Coverage") defaults to 2000, so that rule tests whose
    registrations start mid-period are covered; coverage tests pass None (from the first registration).
    The payroll months and pension years recorded as delivered (meta_load_log, DEFINITIONS.md "Coverage")
    default to all twelve months of every year with a payroll row and every year with a pension row.
    """
    tables = {
        "stg_organisasjon": standard_org() if org is None else list(org),
        "stg_ansatte": list(ansatte),
        "stg_fravaer": list(fravaer),
        "stg_rekruttering": list(rekruttering),
        "stg_lonn": list(lonn),
        "stg_pensjon": list(pensjon),
        "ref_stillingskode": DEFAULT_CODES if stillingskoder is None else list(stillingskoder),
        "ref_mal": list(mal),
        "ref_innbyggere": [{"aar": k, "innbyggere": v} for k, v in (innbyggere or {}).items()],
    }
    with engine.begin() as conn:
        bulk_insert(
            conn,
            "ref_kommune",
            pd.DataFrame(
                [{"kommunenummer": kommunenummer, "navn": "Testkommune", "min_n": min_n, "fravaer_fra": fravaer_fra}]
            ),
        )
        for table, rows in tables.items():
            if not rows:
                continue
            frame = pd.DataFrame(rows)
            frame.insert(0, "load_id", "test")
            frame.insert(0, "kommunenummer", kommunenummer)
            bulk_insert(conn, table, frame.astype(object).where(frame.notna(), None))
        if lonn_maaneder is None:
            lonn_maaneder = [
                f"{y}-{m:02d}"
                for y in sorted({str(r["periode"])[:4] for r in tables["stg_lonn"]})
                for m in range(1, 13)
            ]
        if pensjon_aar is None:
            pensjon_aar = sorted({int(r["aar"]) for r in tables["stg_pensjon"]})
        record_deliveries(conn, kommunenummer, lonn_maaneder, pensjon_aar)
        rebuild_intermediate(conn, kommunenummer)


def record_deliveries(conn, kommunenummer: str, lonn_maaneder: Iterable[str], pensjon_aar: Iterable[int]) -> None:
    """meta_load_log rows (status loaded) for payroll months ('2018-03') and pension years, as an ingest writes."""
    rows = [("lonn", f"lonn/lonn_{m.replace('-', '')}.csv", m) for m in lonn_maaneder]
    rows += [("pensjon_klp", f"pensjon/klp_{y}.csv", str(y)) for y in pensjon_aar]
    if not rows:
        return
    bulk_insert(
        conn,
        "meta_load_log",
        pd.DataFrame(
            [
                {
                    "load_id": f"test-{uuid.uuid4().hex}",
                    "kommunenummer": kommunenummer,
                    "kind": kind,
                    "file_name": name,
                    "file_date": file_date,
                    "checksum": "test",
                    "rows_read": 0,
                    "rows_loaded": 0,
                    "rows_quarantined": 0,
                    "status": "loaded",
                    "loaded_at": pd.Timestamp("2019-01-15"),
                }
                for kind, name, file_date in rows
            ]
        ),
    )


def archive_one(engine, tmp_path, recipients: int) -> None:
    """One delivered sykefravaer 2018H1 in the archive (sent 15.02.2019 09:30 UTC, approved by Kari Nordmann)."""
    from datetime import UTC, datetime

    from hr.delivery.archive import Decision, archive_delivery

    pdf, csv = tmp_path / "r.pdf", tmp_path / "r.figures.csv"
    pdf.write_bytes(b"%PDF-1.7\n")
    csv.write_text("metric\n", encoding="utf-8")
    when = datetime(2019, 2, 15, 9, 30, tzinfo=UTC)
    with engine.begin() as conn:
        archive_delivery(
            conn,
            tmp_path / "arkiv",
            kommunenummer="0219",
            report="sykefravaer",
            period="2018H1",
            pdf=pdf,
            figures_csv=csv,
            decision=Decision(True, "Kari Nordmann", "", when),
            recipients=recipients,
            sent_at=when,
        )
