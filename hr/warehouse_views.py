"""The views of sql/views/: one file per view, the file named after the view (docs/architecture.md).

The rpt_* views are the aggregates the reporting role reads (docs/personvern.md); the person_* views are
person-level helpers beneath them and dim_periode* the calendar grids, both granted to nobody. Created by
whoever creates the schema (the loader), so in PostgreSQL they read their tables with the loader's rights.

The build order is derived from the files: a view reads the views whose names appear in its text as
identifiers, and the views are created in topological order of that graph. A view is (re)created only
when its fingerprint differs from the one recorded in meta_views; the fingerprint covers its own text and
the fingerprints of the views it reads, so a change reaches every view above it. Replacing a view takes an
exclusive lock on it, and doing that on every ingest could deadlock with a report reading it.

A changed view is dropped and created, not `create or replace`d: PostgreSQL cannot change the columns of a
view that way. The views above it are created again too (their fingerprints cover it), so they are dropped first
and created after it; the privileges on the dropped views (the reporting role's SELECT) are given again.
"""

from __future__ import annotations

import hashlib
import re
from graphlib import CycleError, TopologicalSorter

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from hr.errors import HrError
from hr.paths import SQL_DIR
from hr.warehouse import dialect, execute_file, query, sql_file, statements

# Warehouses built before the views had one file each recorded this one file for all of them. Its views, in
# the order the file created them (each after those it read), are dropped when that row is found, so the
# views are created again from their own files; the person-level helpers had other names then.
LEGACY_FILE = "views/reporting.sql"
LEGACY_VIEWS = (
    "dim_periode",
    "dim_periode_fravaer",
    "int_sykefravaer_dagsverk_v",
    "rpt_sykefravaer_periode",
    "int_sykefravaer_gruppe_v",
    "rpt_sykefravaer_gruppe",
    "int_arbeidsforhold_status_v",
    "int_arsverk_person_v",
    "rpt_arsverk_status",
    "rpt_alder_status",
    "int_stillingsstorrelse_status_v",
    "rpt_heltid_status",
    "rpt_heltid_stilling_status",
    "rpt_stillingskode",
    "int_kompetanse_status_v",
    "rpt_kompetanse_status",
    "rpt_laerlinger_status",
    "rpt_minoritet_status",
    "int_turnover_person_v",
    "rpt_turnover",
    "int_lonn_maaned_v",
    "rpt_lonn_kjonn",
    "rpt_lonnskostnad",
    "rpt_pensjon",
    "rpt_rekruttering",
    "rpt_fravaer_dekning",
    "rpt_omrade_navn",
    "rpt_org_rot",
    "rpt_karantene_regel",
)

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]*")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
# a relation read by a view: the name after FROM or JOIN, unless it is qualified (alias.column) or the
# FROM of extract(part from value)
_RELATION = re.compile(r"(?<![a-z0-9_])(?:from|join)\s+([a-z_][a-z0-9_]*)\b(?!\s*\.)")
_EXTRACT = re.compile(r"extract\s*\(\s*[a-z]+\s*$")
_CTE = re.compile(r"(?<![a-z0-9_])([a-z_][a-z0-9_]*)\s+as\s*\(")
_TABLE = re.compile(r"create\s+table\s+(?:if\s+not\s+exists\s+)?([a-z_][a-z0-9_]*)")


class ViewOrderError(HrError):
    """The files of sql/views/ do not make a buildable set of views (a cycle, a missing view, a bad file)."""


def view_files() -> dict[str, str]:
    """Every view of sql/views/: the view's name (the file's name) -> the file's text."""
    return {path.stem: sql_file(f"views/{path.name}") for path in sorted((SQL_DIR / "views").glob("*.sql"))}


def schema_tables() -> set[str]:
    """The tables of sql/schema/, the relations below the views."""
    text = "\n".join(sql_file(f"schema/{p.name}") for p in sorted((SQL_DIR / "schema").glob("*.sql")))
    return set(_TABLE.findall(_code(text)))


def _code(text: str) -> str:
    return re.sub(r"--[^\n]*", "", text).lower()


def dependencies(views: dict[str, str], tables: set[str]) -> dict[str, set[str]]:
    """The views each view reads: the names of the other views appearing in its text as identifiers.

    Raises ViewOrderError for a file that is not one `create or replace view <its name> as` statement, and
    for a relation read after FROM or JOIN that is neither a view, a table of sql/schema/ nor a CTE of the
    same file (a view that does not exist, or a misspelt name)."""
    reads = {}
    for name, text in views.items():
        if not _NAME.fullmatch(name):
            raise ViewOrderError(f"sql/views/{name}.sql: filnavnet er ikke et gyldig viewnavn")
        code = _code(text)
        parts = statements(text)
        if len(parts) != 1 or not re.match(rf"create\s+or\s+replace\s+view\s+{name}\s+as\b", parts[0].lower()):
            raise ViewOrderError(
                f"sql/views/{name}.sql må inneholde nøyaktig én setning, «create or replace view {name} as …»"
            )
        head = re.search(rf"view\s+{name}\s+as\b", code)
        assert head is not None  # the statement was checked just above
        body = code[head.end() :]
        ctes = set(_CTE.findall(body))
        for match in _RELATION.finditer(body):
            relation = match.group(1)
            if _EXTRACT.search(body[: match.start()]):
                continue
            if relation not in views and relation not in tables and relation not in ctes:
                raise ViewOrderError(
                    f"sql/views/{name}.sql leser {relation}, som verken er et view i sql/views/ "
                    "eller en tabell i sql/schema/"
                )
        reads[name] = (set(_IDENTIFIER.findall(body)) & set(views)) - {name}
    return reads


def build_order(reads: dict[str, set[str]]) -> list[str]:
    """The views in an order that creates each one after every view it reads (ties by name)."""
    sorter = TopologicalSorter(reads)
    try:
        sorter.prepare()
    except CycleError as exc:
        cycle = " → ".join(exc.args[1])
        raise ViewOrderError(f"viewene i sql/views/ leser hverandre i ring: {cycle}") from None
    order = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order.extend(ready)
        sorter.done(*ready)
    return order


def fingerprints(views: dict[str, str], reads: dict[str, set[str]], order: list[str]) -> dict[str, str]:
    """sha256 of each view's text and of the fingerprints of the views it reads, by name."""
    result: dict[str, str] = {}
    for name in order:
        digest = hashlib.sha256(views[name].encode("utf-8"))
        for dep in sorted(reads[name]):
            digest.update(f"\n{dep}:{result[dep]}".encode())
        result[name] = digest.hexdigest()
    return result


def ensure_views(conn: Connection) -> list[str]:
    """Create every view of sql/views/ whose fingerprint changed, in build order; returns their files.

    Views of files no longer in sql/views/ (and those of the single file of old warehouses) are dropped."""
    views = view_files()
    reads = dependencies(views, schema_tables())
    order = build_order(reads)
    prints = fingerprints(views, reads, order)
    recorded = dict(query(conn, "transform/view_fingerprints.sql").itertuples(index=False, name=None))
    changed: list[str] = []
    for name in order:  # a view reading a view that is created again is created again too
        if recorded.get(f"views/{name}.sql") != prints[name] or reads[name] & set(changed):
            changed.append(name)
    retired = sorted(f for f in recorded if f.removeprefix("views/").removesuffix(".sql") not in views)
    if retired:
        # the retired views may read (or be read by) one another and views of ours in an order no file tells
        # any more, so they go with cascade, and every view of ours is created again after them
        changed = list(order)
    if not changed:
        return []
    # what goes: first the retired views, then the changed ones, those above a changed view before it
    gone: list[tuple[str, bool]] = []
    for file_name in retired:
        old = (
            LEGACY_VIEWS[::-1] if file_name == LEGACY_FILE else (file_name.removeprefix("views/").removesuffix(".sql"),)
        )
        gone.extend((name, True) for name in old)
    gone.extend((name, False) for name in reversed(changed))
    grants = _grants(conn, {name for name, _ in gone})
    for name, cascade in gone:
        _run(conn, "transform/drop_view_cascade.sql" if cascade else "transform/drop_view.sql", view=name)
    for file_name in retired:
        execute_file(conn, "transform/forget_view.sql", file_name=file_name)
    for name in changed:
        for stmt in statements(views[name]):
            conn.execute(sa.text(stmt))
        execute_file(
            conn, "transform/record_view_fingerprint.sql", file_name=f"views/{name}.sql", fingerprint=prints[name]
        )
    for view, grantee, privilege in grants:
        if view in views:
            _run(conn, "transform/grant_view.sql", view=view, grantee=grantee, privilege=privilege)
    return [f"views/{name}.sql" for name in changed]


def _grants(conn: Connection, names: set[str]) -> list[tuple[str, str, str]]:
    """(view, grantee, privilege) of the privileges others hold on these views (PostgreSQL; none in DuckDB)."""
    if dialect(conn) != "postgresql" or not names:
        return []
    rows = query(conn, "transform/view_grants.sql", names=sorted(names))
    return [tuple(row) for row in rows.itertuples(index=False, name=None)]


_PRIVILEGES = {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER", "MAINTAIN"}


def _run(conn: Connection, name: str, **identifiers: str) -> None:
    """Run every statement of sql/<name> with the names in braces filled in: quoted identifiers, except a
    privilege keyword and PUBLIC."""
    quote = conn.dialect.identifier_preparer.quote_identifier
    words = {
        key: value
        if (key == "privilege" and value in _PRIVILEGES) or (key == "grantee" and value == "PUBLIC")
        else quote(value)
        for key, value in identifiers.items()
    }
    for stmt in statements(sql_file(name)):
        conn.exec_driver_sql(stmt.format(**words))
