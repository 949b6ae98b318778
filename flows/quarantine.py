"""Quarantine look-ups for data engineers: which deliveries had rows set aside, and which rows and why."""
from __future__ import annotations

from prefect import flow

from hr.settings import build_settings
from hr.warehouse import engine_for, ensure_schema, query


@flow(name="karantene")
def quarantine_flow(file_name: str | None = None, kommunenummer: str | None = None,
                    warehouse_url: str | None = None, ignored: bool = False) -> list[dict]:
    """Without `file_name`: rule counts per delivery. With it: that file's quarantined rows.
    With `ignored`: the files each municipality's last ingest did not read, and why."""
    settings = build_settings(warehouse_url=warehouse_url)
    engine = engine_for(settings.warehouse_url)
    ensure_schema(engine)
    with engine.connect() as conn:
        if ignored:
            rows = query(conn, "marts/ignored_files.sql", kommunenummer=kommunenummer)
        elif file_name:
            rows = query(conn, "marts/quarantine_rows.sql", file_name=file_name, kommunenummer=kommunenummer)
        else:
            rows = query(conn, "marts/quarantine_overview.sql", kommunenummer=kommunenummer)
    return rows.astype(object).where(rows.notna(), None).to_dict("records")
