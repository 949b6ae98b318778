"""The warehouse: an SQLAlchemy engine on DuckDB (embedded default) or PostgreSQL, and the SQL files in sql/.

All SQL lives in sql/; Python only names a file and passes parameters. The one dialect-specific
piece is bulk loading (DuckDB reads a DataFrame directly, PostgreSQL gets COPY).
"""
from __future__ import annotations

import atexit
import functools
import re
from datetime import date, timedelta
from typing import Any, Iterable

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hr.paths import SQL_DIR

_ENGINES: dict[str, Engine] = {}

CALENDAR_FIRST = date(2000, 1, 1)
CALENDAR_LAST = date(2040, 12, 31)


class WarehouseError(RuntimeError):
    """The warehouse cannot be reached or used; the message says which and why."""


def create_engine(url: str) -> Engine:
    if url.startswith("duckdb:///"):
        from pathlib import Path

        Path(url.removeprefix("duckdb:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _quiet_duckdb)
        return engine
    return sa.create_engine(url)


def _quiet_duckdb(dbapi_conn, _record) -> None:
    # No progress bars on stdout from long queries: the CLI's output is for people and scripts.
    dbapi_conn.execute("set enable_progress_bar = false")


def dialect(conn: Connection | Engine) -> str:
    return conn.dialect.name  # "duckdb" or "postgresql"


@functools.cache
def sql_file(name: str) -> str:
    """The text of sql/<name> (e.g. 'marts/fct_sykefravaer.sql')."""
    path = SQL_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"SQL-fil mangler: sql/{name}")
    return path.read_text(encoding="utf-8")


def statements(text: str) -> list[str]:
    """Split a file of ;-terminated statements (no ; inside string literals in our files)."""
    text = re.sub(r"--[^\n]*", "", text)
    return [s.strip() for s in text.split(";") if s.strip()]


def execute_file(conn: Connection, name: str, **params: Any) -> None:
    """Run every statement of sql/<name> with the parameters each one uses."""
    for stmt in statements(sql_file(name)):
        clause = sa.text(stmt)
        used = {k: v for k, v in params.items() if k in clause._bindparams}
        conn.execute(clause, used)


def query(conn: Connection, name: str, **params: Any) -> pd.DataFrame:
    """Run the single query in sql/<name> and return its rows as a DataFrame."""
    stmts = statements(sql_file(name))
    if len(stmts) != 1:
        raise ValueError(f"sql/{name} must hold exactly one query, has {len(stmts)}")
    clause = sa.text(stmts[0])
    used = {k: v for k, v in params.items() if k in clause._bindparams}
    result = conn.execute(clause, used)
    return pd.DataFrame(result.fetchall(), columns=list(result.keys()))


def ensure_schema(engine: Engine) -> None:
    """Create every table of sql/schema/ that is missing, and fill the calendar once."""
    with engine.begin() as conn:
        for path in sorted((SQL_DIR / "schema").glob("*.sql")):
            execute_file(conn, f"schema/{path.name}")
        have = conn.execute(sa.text("select count(*) from dim_kalender")).scalar_one()
        if not have:
            bulk_insert(conn, "dim_kalender", calendar_frame(CALENDAR_FIRST, CALENDAR_LAST))


def calendar_frame(first: date, last: date) -> pd.DataFrame:
    """Every day with its workday flag (Mon-Fri, not a Norwegian public holiday) and the running workday count."""
    import holidays
    import numpy as np

    days = pd.date_range(first, last, freq="D")
    public = holidays.country_holidays("NO", years=range(first.year, last.year + 1))
    # `holidays` also lists every Sunday for Norway; only weekday public holidays matter here.
    public_days = np.array(sorted(public.keys()), dtype="datetime64[D]")
    is_work = np.is_busday(days.values.astype("datetime64[D]"), holidays=public_days)
    before = np.concatenate([[0], np.cumsum(is_work)[:-1]])
    return pd.DataFrame({"dato": days.date, "er_arbeidsdag": is_work, "arbeidsdag_nr": before.astype("int64")})


def bulk_insert(conn: Connection, table: str, frame: pd.DataFrame) -> int:
    """Insert a DataFrame's rows into `table` (columns by name) fast, inside the caller's transaction."""
    if frame.empty:
        return 0
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", table):
        raise ValueError(f"bad table name {table!r}")
    cols = list(frame.columns)
    if dialect(conn) == "duckdb":
        raw = conn.connection.driver_connection
        raw.register("_bulk_frame", frame)
        try:
            collist = ", ".join(cols)
            raw.execute(f"insert into {table} ({collist}) select {collist} from _bulk_frame")
        finally:
            raw.unregister("_bulk_frame")
        return len(frame)
    if dialect(conn) == "postgresql":
        raw = conn.connection.driver_connection
        collist = ", ".join(cols)
        with raw.cursor() as cur:
            with cur.copy(f"copy {table} ({collist}) from stdin") as copy:
                for row in frame.itertuples(index=False, name=None):
                    copy.write_row([_pg_value(v) for v in row])
        return len(frame)
    tbl = sa.Table(table, sa.MetaData(), autoload_with=conn)
    conn.execute(tbl.insert(), frame.to_dict("records"))
    return len(frame)


def _pg_value(v: Any) -> Any:
    if v is None:
        return None
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        return v.item()
    return v


def workdays_between(first: date, last: date, holidays_: Iterable[date] | None = None) -> int:
    """Workdays in [first, last] (numpy.busday_count with Norwegian public holidays); for tests and the demo."""
    import holidays
    import numpy as np

    if holidays_ is None:
        holidays_ = holidays.country_holidays("NO", years=range(first.year, last.year + 1)).keys()
    return int(np.busday_count(first, last + timedelta(days=1), holidays=sorted(holidays_)))


def engine_for(url: str) -> Engine:
    """One engine per warehouse URL in this process (DuckDB allows one writer process per file)."""
    if url not in _ENGINES:
        _ENGINES[url] = create_engine(url)
    return _ENGINES[url]


@atexit.register
def dispose_engines() -> None:
    """Close every cached engine before the interpreter tears down: an open DuckDB connection at exit
    makes its bindings print "leaked" warnings on stderr."""
    import gc

    while _ENGINES:
        _ENGINES.popitem()[1].dispose()
    gc.collect()
