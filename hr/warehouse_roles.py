"""Least privilege on PostgreSQL: a loader role that owns and writes the warehouse, and a reporting role
that reads only the aggregate views (sql/roles/, docs/personvern.md).

Role and schema names are identifiers, which no database driver can bind as parameters; the statements
in sql/roles/ hold `{name}` placeholders and psycopg.sql.Identifier quotes the names into them. Names
are restricted to lower-case letters, digits and underscore, so that what an administrator types is
exactly the role PostgreSQL creates. DuckDB has no roles: there both URLs are the same file.
"""

from __future__ import annotations

import re

from sqlalchemy.engine import Connection, Engine

from hr.errors import UsageError
from hr.warehouse import dialect, ensure_schema, query, sql_file, statements

_ROLE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class RoleError(UsageError):
    """A role cannot be set up as asked (bad name, no such role, not PostgreSQL): exit status 2."""


def check_role_name(name: str) -> str:
    if not _ROLE_NAME.fullmatch(name or ""):
        raise RoleError(f"ugyldig rollenavn {name!r}: bruk små bokstaver, sifre og _ (høyst 63 tegn)")
    return name


def _require_postgresql(conn: Connection | Engine) -> None:
    if dialect(conn) != "postgresql":
        raise RoleError("roller finnes bare i PostgreSQL; i DuckDB er rapport- og lasteadressen den samme")


def _run(conn: Connection, name: str, **identifiers: str) -> None:
    """Run every statement of sql/<name> with the identifiers quoted in."""
    from psycopg import sql

    raw = conn.connection.driver_connection
    for stmt in statements(sql_file(name)):
        composed = sql.SQL(stmt).format(**{k: sql.Identifier(v) for k, v in identifiers.items()})
        conn.exec_driver_sql(composed.as_string(raw))


def role_exists(conn: Connection, role: str) -> bool:
    return int(query(conn, "roles/role_exists.sql", role=role).iloc[0, 0]) > 0


def current_schema(conn: Connection) -> str:
    return str(query(conn, "roles/current_schema.sql").iloc[0, 0])


def create_roles(engine: Engine, loader: str | None = None, reporting: str | None = None) -> list[str]:
    """As a database administrator: create the roles that are missing and let them use the warehouse schema
    (the loader may also create tables there). Repeatable. Returns the roles created."""
    _require_postgresql(engine)
    created = []
    with engine.begin() as conn:
        schema = current_schema(conn)
        for role, schema_file, key in (
            (loader, "roles/loader_schema.sql", "loader"),
            (reporting, "roles/reporting_schema.sql", "reporting"),
        ):
            if not role:
                continue
            if not role_exists(conn, check_role_name(role)):
                _run(conn, "roles/create_role.sql", role=role)
                created.append(role)
            _run(conn, schema_file, schema=schema, **{key: role})
    return created


def grant_reporting(engine: Engine, reporting: str) -> str:
    """As the loader (owner of the warehouse): the reporting role may read the aggregate views and the
    non-personal reference data, nothing else. Creates missing tables and views first. Returns the schema."""
    _require_postgresql(engine)
    check_role_name(reporting)
    ensure_schema(engine)
    with engine.begin() as conn:
        if not role_exists(conn, reporting):
            raise RoleError(
                f"rollen {reporting} finnes ikke; en databaseadministrator må opprette den først "
                "(hr warehouse roles --reporting-role NAVN)"
            )
        schema = current_schema(conn)
        _run(conn, "roles/reporting_grants.sql", reporting=reporting, schema=schema)
    return schema


def drop_role(engine: Engine, role: str) -> None:
    """As an administrator: take away what `role` owns or was granted in this database, and drop it."""
    _require_postgresql(engine)
    with engine.begin() as conn:
        if role_exists(conn, check_role_name(role)):
            _run(conn, "roles/drop_role.sql", role=role)
