"""Rebuild the intermediate layer (sql/intermediate/) for one municipality after a load.

Each file there deletes the municipality's rows of its int_ table and inserts them anew from
staging, so a rebuild is safe to repeat. Files run in name order (later ones read earlier ones).
A rebuild is skipped when neither the loads in use nor the SQL changed since the last one, so an
ingest with nothing new finishes in seconds.
"""

from __future__ import annotations

import hashlib

from sqlalchemy.engine import Connection

from hr.paths import SQL_DIR
from hr.warehouse import dialect, execute_file, query, sql_file


def intermediate_files() -> list[str]:
    return [f"intermediate/{p.name}" for p in sorted((SQL_DIR / "intermediate").glob("*.sql"))]


def rebuild_intermediate(conn: Connection, kommunenummer: str) -> None:
    """Run inside the caller's transaction so staging and intermediate change together."""
    for name in intermediate_files():
        execute_file(conn, name, kommunenummer=kommunenummer)
    execute_file(
        conn, "transform/record_rebuild.sql", kommunenummer=kommunenummer, fingerprint=fingerprint(conn, kommunenummer)
    )


def fingerprint(conn: Connection, kommunenummer: str) -> str:
    h = hashlib.sha256()
    for row in query(conn, "transform/loads_in_use.sql", kommunenummer=kommunenummer).itertuples(index=False):
        h.update(f"{row.file_name}\t{row.checksum}\n".encode())
    for name in intermediate_files():
        h.update(sql_file(name).encode())
    return h.hexdigest()


def rebuild_if_stale(conn: Connection, kommunenummer: str) -> bool:
    """Rebuild unless the last rebuild used exactly these loads and this SQL; True when it rebuilt."""
    if dialect(conn) == "postgresql":
        execute_file(conn, "transform/rebuild_lock.sql")
    last = query(conn, "transform/rebuild_fingerprint.sql", kommunenummer=kommunenummer)
    if not last.empty and last.iloc[0, 0] == fingerprint(conn, kommunenummer):
        return False
    rebuild_intermediate(conn, kommunenummer)
    return True
