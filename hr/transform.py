"""Rebuild the intermediate layer (sql/intermediate/) for one municipality after a load.

Each file there deletes the municipality's rows of its int_ table and inserts them anew from
staging, so a rebuild is safe to repeat. Files run in name order (later ones read earlier ones).
"""
from __future__ import annotations

from sqlalchemy.engine import Connection

from hr.paths import SQL_DIR
from hr.warehouse import execute_file


def intermediate_files() -> list[str]:
    return [f"intermediate/{p.name}" for p in sorted((SQL_DIR / "intermediate").glob("*.sql"))]


def rebuild_intermediate(conn: Connection, kommunenummer: str) -> None:
    """Run inside the caller's transaction so staging and intermediate change together."""
    for name in intermediate_files():
        execute_file(conn, name, kommunenummer=kommunenummer)
