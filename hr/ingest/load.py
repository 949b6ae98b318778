"""Step 3: write a validated delivery to the warehouse, with its load-log and quarantine rows.

Each delivery is one transaction: delete what it replaces (sql/load/delete_<table>.sql), insert its
good rows, record it in meta_load_log, its findings in meta_quarantine, and mark the load it ends as
superseded/replaced. A crash midway leaves the previous truth in place.

Test hook, inert unless set: with HR_TEST_PAUSE_IN_LOAD=<path>, the first load of the process writes
the file's name to <path> just before its transaction commits and waits (up to ten minutes) until
<path> is removed. tests/test_ingest_crash.py kills the process there, and
tests/test_ingest_concurrency.py holds the warehouse there while a second ingest starts.
"""

from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy.engine import Connection, Engine

from hr.ingest import pseudonym
from hr.ingest.delivery import Delivery
from hr.ingest.fnr_scan import mask_numbers
from hr.ingest.specs import FNR, PENSION_LABELS, spec_for
from hr.ingest.summary import FileResult
from hr.transform import rebuild_if_stale
from hr.warehouse import bulk_insert, execute_file, query

if TYPE_CHECKING:
    from hr.ingest.files import IgnoredFile, LandingFile
    from hr.ingest.validate import ReferenceSets


@dataclass(frozen=True)
class Target:
    """Where this ingest writes: the warehouse and the municipality every row belongs to."""

    engine: Engine
    kommunenummer: str
    min_n: int  # settings.min_n; kommune.yaml's min_n overrides it


@dataclass(frozen=True)
class LoadPlan:
    action: str  # "load" | "superseded"
    replaces: tuple[tuple[str, str], ...] = ()  # (load_id, new status) of the loads this one ends


def load(delivery: Delivery, plan: LoadPlan, target: Target) -> FileResult:
    f = delivery.file
    if plan.action == "superseded":
        # An older snapshot is superseded whatever it held, even if it was once rejected: only the
        # newest counts, so an old broken export must not fail every later run.
        message: str | None = "Eldre uttrekk: et nyere uttrekk av samme slag er sannheten. Ikke lastet inn."
        if delivery.prior_status:
            return FileResult(f.name, f.kind, "superseded", message=message)
        with target.engine.begin() as conn:
            load_id = uuid.uuid4().hex
            _log(conn, delivery, target, load_id, "superseded", message, rows_loaded=0, rows_read=0, quarantined=0)
        return FileResult(f.name, f.kind, "superseded", message=message)
    if delivery.prior_status:
        status = {"loaded": "unchanged"}.get(delivery.prior_status, delivery.prior_status)
        message = "Uendret siden forrige innlesing." if status == "unchanged" else delivery.prior_message
        return FileResult(f.name, f.kind, status, message=message)
    load_id = uuid.uuid4().hex
    if delivery.rejection:
        r = delivery.rejection
        with target.engine.begin() as conn:
            _log(conn, delivery, target, load_id, "rejected", r.message, rows_loaded=0, rows_read=0, quarantined=0)
            bulk_insert(
                conn,
                "meta_quarantine",
                pd.DataFrame(
                    {
                        "load_id": [load_id],
                        "kommunenummer": [target.kommunenummer],
                        "file_name": [f.name],
                        "line": pd.array([None], dtype="Int64"),
                        "column_name": [r.column],
                        "verdi": [None],
                        "rule": [r.rule],
                        "message": [r.message],
                    }
                ),
            )
        return FileResult(f.name, f.kind, "rejected", message=r.message, quarantine_by_rule={r.rule: 1})

    table = spec_for(f.kind).table
    rows = table_frame(delivery, target, load_id)
    replaced = any(status == "replaced" for _, status in plan.replaces)
    notes = list(delivery.notes) + (["Erstatter tidligere levering med samme navn."] if replaced else [])
    # The notes may quote the file (its unknown column names): a fødselsnummer there is masked like any other.
    message = mask_numbers(" ".join(notes)) or None
    quarantined = delivery.rows_quarantined
    with target.engine.begin() as conn:
        execute_file(
            conn,
            f"load/delete_{table}.sql",
            kommunenummer=target.kommunenummer,
            periode=f.period if f.kind == "tekst" else f.file_date,
            leverandor=f.provider,
            aar=_file_year(f) if f.provider else None,
            rapport=f.report,
        )
        bulk_insert(conn, table, rows)
        if f.kind == "kommune":
            _load_kostnad(conn, delivery, target)
            _load_ia_omsorg(conn, delivery, target)
        for old_id, status in plan.replaces:
            execute_file(conn, "load/set_load_status.sql", load_id=old_id, status=status)
        _log(
            conn,
            delivery,
            target,
            load_id,
            "loaded",
            message,
            rows_loaded=len(rows),
            rows_read=delivery.rows_read,
            quarantined=quarantined,
        )
        bulk_insert(conn, "meta_quarantine", _quarantine_rows(delivery, target, load_id))
        _pause_if_asked(f.name)
    return FileResult(
        f.name,
        f.kind,
        "replaced" if replaced else "loaded",
        rows_read=delivery.rows_read,
        rows_loaded=len(rows),
        rows_quarantined=quarantined,
        message=message,
        quarantine_by_rule=delivery.quarantine_by_rule(),
    )


def _load_kostnad(conn: Connection, delivery: Delivery, target: Target) -> None:
    """kommune.yaml's kostnad_per_dagsverk goes to its own table (ref_kostnad), replaced with every kommune.yaml."""
    execute_file(conn, "load/delete_ref_kostnad.sql", kommunenummer=target.kommunenummer)
    good = delivery.good
    kostnad = good["kostnad_per_dagsverk"].iloc[0] if good is not None and "kostnad_per_dagsverk" in good else None
    if kostnad is not None and not pd.isna(kostnad):
        bulk_insert(
            conn,
            "ref_kostnad",
            pd.DataFrame({"kommunenummer": [target.kommunenummer], "kostnad_per_dagsverk": [float(kostnad)]}),
        )


def _load_ia_omsorg(conn: Connection, delivery: Delivery, target: Target) -> None:
    """kommune.yaml's ia_basisaar / ia_reduksjon_prosent (ref_ia) and omsorgsomrader (ref_omsorgsomrade),
    replaced with every kommune.yaml."""
    execute_file(conn, "load/delete_ref_ia_omsorg.sql", kommunenummer=target.kommunenummer)
    good = delivery.good
    if good is None or good.empty:
        return
    row = good.iloc[0]
    basisaar = row.get("ia_basisaar")
    if basisaar is not None and not pd.isna(basisaar):
        bulk_insert(
            conn,
            "ref_ia",
            pd.DataFrame(
                {
                    "kommunenummer": [target.kommunenummer],
                    "ia_basisaar": [int(basisaar)],
                    "ia_reduksjon_prosent": [float(row["ia_reduksjon_prosent"])],
                }
            ),
        )
    codes = [c for c in str(row.get("omsorgsomrader") or "").split("\n") if c]
    if codes:
        bulk_insert(
            conn,
            "ref_omsorgsomrade",
            pd.DataFrame({"kommunenummer": [target.kommunenummer] * len(codes), "omrade": codes}),
        )


def table_frame(delivery: Delivery, target: Target, load_id: str) -> pd.DataFrame:
    """The good rows in the shape of the delivery's warehouse table."""
    f, good = delivery.file, delivery.good
    assert good is not None
    if f.kind == "kommune":
        min_n = good["min_n"].fillna(target.min_n).astype("int64")
        fra = good["fravaer_fra"] if "fravaer_fra" in good.columns else None
        return pd.DataFrame(
            {"kommunenummer": target.kommunenummer, "navn": good["navn"], "min_n": min_n, "fravaer_fra": fra}
        )
    out = pd.DataFrame(index=good.index)
    out["kommunenummer"] = target.kommunenummer
    out["load_id"] = load_id
    if f.kind == "tekst":
        for col in ("rapport", "periode", "innhold"):
            out[col] = good[col]
        return out
    spec = spec_for(f.kind)
    if f.kind == "lonn":
        out["periode"] = good["periode"]
        out["linje"] = good["_line"].astype("int64")
    if f.provider:
        out["leverandor"] = f.provider
        out["aar"] = _file_year(f)
        out["linje"] = good["_line"].astype("int64")
    for col, kind in spec.columns.items():
        if kind == FNR:
            out["person_id"] = good["person_id"]
        elif col not in out:
            out[col] = good[col]
    if f.provider:
        out["pensjonstype"] = good["pensjonstype"].map(PENSION_LABELS[f.provider])
    return out.reset_index(drop=True)


def _file_year(f: LandingFile) -> int:
    """The year of a pension file, which its name always gives (klp_2018.csv)."""
    assert f.file_date is not None
    return int(f.file_date)


def reference_sets(target: Target) -> ReferenceSets:
    """Value sets for the reference rules, as the warehouse holds them now (None when nothing is known)."""
    sets: ReferenceSets = {}
    with target.engine.connect() as conn:
        for name, file in (
            ("org_enheter", "known_org_enheter"),
            ("stillingskoder", "known_stillingskoder"),
            ("arbeidsforhold", "known_arbeidsforhold"),
            ("omrader", "known_omrader"),
        ):
            values = query(conn, f"load/{file}.sql", kommunenummer=target.kommunenummer).iloc[:, 0].tolist()
            sets[name] = values or None
    return sets


def record_ignored(target: Target, ignored: list[IgnoredFile]) -> None:
    """This ingest's listing of the files it did not read (IgnoredFile), replacing the previous one."""
    seen = datetime.now(UTC).replace(tzinfo=None)
    with target.engine.begin() as conn:
        execute_file(conn, "load/delete_meta_ignored_file.sql", kommunenummer=target.kommunenummer)
        bulk_insert(
            conn,
            "meta_ignored_file",
            pd.DataFrame(
                {
                    "kommunenummer": [target.kommunenummer] * len(ignored),
                    "file_name": [i.file_name for i in ignored],
                    "rule": [i.rule for i in ignored],
                    "status": [i.status for i in ignored],
                    "expected_name": [i.expected for i in ignored],
                    "message": [i.reason for i in ignored],
                    "seen_at": [seen] * len(ignored),
                },
                dtype="object",
            ),
        )


def snapshot_records(target: Target, kind: str) -> set[str]:
    """The record ids (Spec.record_id) of the municipality's snapshot of `kind` now in force."""
    with target.engine.connect() as conn:
        found = query(conn, "load/snapshot_records.sql", kommunenummer=target.kommunenummer, kind=kind)
    return set(found["record_id"].dropna())


def open_areas(target: Target, dag: str) -> dict[str, str]:
    """Code -> name of the level-2 areas of the organisasjon snapshot in force that are open on `dag`."""
    with target.engine.connect() as conn:
        found = query(conn, "load/open_areas.sql", kommunenummer=target.kommunenummer, dag=dag)
    return dict(zip(found["org_enhet"], found["navn"], strict=True))


def pension_keys(target: Target, leverandor: str) -> pd.DataFrame:
    """The pension keys (person_id, pensjonstype, uttaksdato) and year of every pension row of a provider."""
    with target.engine.connect() as conn:
        return query(conn, "load/known_pension_keys.sql", kommunenummer=target.kommunenummer, leverandor=leverandor)


def load_log(target: Target) -> pd.DataFrame:
    with target.engine.connect() as conn:
        return query(conn, "load/load_log.sql", kommunenummer=target.kommunenummer)


def current_kommune(target: Target) -> pd.DataFrame:
    with target.engine.connect() as conn:
        return query(conn, "load/ref_kommune.sql", kommunenummer=target.kommunenummer)


def rebuild(target: Target) -> None:
    """The intermediate layer from the staging now in place, in its own transaction (skipped when unchanged)."""
    with target.engine.begin() as conn:
        rebuild_if_stale(conn, target.kommunenummer)


def _log(
    conn: Connection,
    delivery: Delivery,
    target: Target,
    load_id: str,
    status: str,
    message: str | None,
    *,
    rows_read: int,
    rows_loaded: int,
    quarantined: int,
) -> None:
    f = delivery.file
    # one row: a plain insert (registering a one-row frame with DuckDB costs 3 ms against 1 ms)
    execute_file(
        conn,
        "load/insert_load_log.sql",
        load_id=load_id,
        kommunenummer=target.kommunenummer,
        kind=f.kind,
        file_name=f.name,
        file_date=f.file_date,
        checksum=delivery.checksum,
        encoding=delivery.encoding,
        rows_read=int(rows_read),
        rows_loaded=int(rows_loaded),
        rows_quarantined=int(quarantined),
        status=status,
        message=message,
        archive_path=delivery.archive_path,
        loaded_at=datetime.now(UTC).replace(tzinfo=None),
    )


def _quarantine_rows(delivery: Delivery, target: Target, load_id: str) -> pd.DataFrame:
    found = delivery.findings
    if found.empty:
        return found
    return (
        pd.DataFrame(
            {
                "load_id": load_id,
                "kommunenummer": target.kommunenummer,
                "file_name": delivery.file.name,
                "line": pd.array(found["line"].tolist(), dtype="Int64"),
                "column_name": found["column_name"].astype("object"),
                "verdi": pseudonym.masked_anywhere(found["verdi"].astype("object")),
                "rule": found["rule"].astype("object"),
                "message": found["message"].astype("object"),
            }
        )
        .sort_values(["line", "rule", "column_name"], na_position="first")
        .reset_index(drop=True)
    )


_paused = False


def _pause_if_asked(file_name: str) -> None:
    """The test hook of the module docstring: a controlled point inside an open load transaction."""
    global _paused
    signal = os.environ.get("HR_TEST_PAUSE_IN_LOAD")
    if not signal or _paused:
        return
    _paused = True
    path = Path(signal)
    ready = path.with_name(path.name + ".tmp")
    ready.write_text(file_name, encoding="utf-8")
    os.replace(ready, path)  # the waiting test sees the whole name or nothing
    deadline = time.monotonic() + 600  # a test that forgot to let go must not hang forever
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
