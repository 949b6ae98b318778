"""The views of sql/views/ (the aggregate views the reporting role reads, docs/personvern.md).

Created by whoever creates the schema (the loader), so in PostgreSQL they read their tables with the
loader's rights. A file's views are (re)created only when the file's text differs from the version
recorded in meta_views: replacing a view takes an exclusive lock on it, and doing that on every ingest
could deadlock with a report that is reading the same views at that moment.
"""
from __future__ import annotations

import hashlib

from sqlalchemy.engine import Connection

from hr.paths import SQL_DIR
from hr.warehouse import execute_file, query, sql_file


def ensure_views(conn: Connection) -> list[str]:
    """Create or replace the views of every changed file of sql/views/; returns the files run."""
    ran = []
    for path in sorted((SQL_DIR / "views").glob("*.sql")):
        name = f"views/{path.name}"
        fingerprint = hashlib.sha256(sql_file(name).encode("utf-8")).hexdigest()
        last = query(conn, "transform/view_fingerprint.sql", file_name=name)
        if not last.empty and last.iloc[0, 0] == fingerprint:
            continue
        execute_file(conn, name)
        execute_file(conn, "transform/record_view_fingerprint.sql", file_name=name, fingerprint=fingerprint)
        ran.append(name)
    return ran
