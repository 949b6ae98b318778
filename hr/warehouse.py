"""The warehouse: an SQLAlchemy engine on DuckDB (embedded default) or PostgreSQL, and the SQL files in sql/.

All SQL lives in sql/; Python only names a file and passes parameters. The one dialect-specific
piece is bulk loading (DuckDB reads a DataFrame directly, PostgreSQL gets COPY).
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from hr.env_numbers import duckdb_threads
from hr.errors import HrError, exception_chain
from hr.paths import SQL_DIR

_ENGINES: dict[str, Engine] = {}

CALENDAR_FIRST = date(2000, 1, 1)
CALENDAR_LAST = date(2040, 12, 31)


class WarehouseError(HrError):
    """The warehouse cannot be reached or used; the message says which and why (exit status 1, no traceback)."""


def create_engine(url: str) -> Engine:
    if not url.startswith(("duckdb:///", "postgresql")):
        from hr.errors import UsageError

        scheme = url.split(":", 1)[0] if ":" in url else url[:20]
        raise UsageError(
            f"ukjent datavarehus «{scheme}»: bruk duckdb:///FIL eller postgresql+psycopg://bruker@vert:5432/database"
        )
    if url.startswith("duckdb:///"):
        from pathlib import Path

        from hr.paths import private_duckdb_file

        private_duckdb_file(Path(url.removeprefix("duckdb:///")))
        engine = sa.create_engine(url)
        sa.event.listen(engine, "connect", _quiet_duckdb)
    else:
        engine = sa.create_engine(url, connect_args={"options": pg_session_options(url)})
    sa.event.listen(engine, "handle_error", _name_the_warehouse)
    return engine


def _name_the_warehouse(context: sa.engine.ExceptionContext) -> None:
    """A connection that could not be opened: its error carries the warehouse in words (`where`), so whoever
    reports it far from the engine (the CLI, unreachable_message) can name it."""
    if context.connection is None and context.sqlalchemy_exception is not None and context.engine is not None:
        context.sqlalchemy_exception.hr_warehouse = where(context.engine)  # type: ignore[attr-defined]


def pg_session_options(url: str) -> str:
    """The `options` of a PostgreSQL connection: those of the URL (e.g. `-csearch_path=…`) followed by
    PG_SESSION_SETTINGS, except a setting the URL already makes (the URL wins)."""
    given = sa.engine.make_url(url).query.get("options", "")
    given = " ".join(given) if isinstance(given, tuple) else given
    extra = [
        f"-c {name}={value}" for name, value in PG_SESSION_SETTINGS.items() if not re.search(rf"-c\s*{name}\s*=", given)
    ]
    return " ".join(part for part in (given, *extra) if part)


# Session settings of every PostgreSQL connection, after the URL's own `options=` (pg_session_options).
# JIT off: PostgreSQL compiles a query to machine code when its cost estimate is high, which the
# rebuild's and the marts' window and range joins always are; on this data the compilation (up to 2 s
# for int_sykefravaer_segment, ~0.3 s for a mart) costs more than it saves in queries that run in
# tenths of a second. docs/scale.md has the measurements.
PG_SESSION_SETTINGS = {"jit": "off"}


def _quiet_duckdb(dbapi_conn: Any, _record: object) -> None:  # duckdb_engine's wrapper of a DuckDB connection
    # No progress bars on stdout from long queries: the CLI's output is for people and scripts.
    dbapi_conn.execute("set enable_progress_bar = false")
    # HR_DUCKDB_THREADS: DuckDB's worker threads (its default: one per core), for a machine that runs other
    # work beside the command (docs/scale.md); the test suite sets 1 (three test processes on two cores).
    threads = duckdb_threads(os.environ)
    if threads is not None:
        dbapi_conn.execute(f"set threads = {threads}")


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
    # a list after `in` (`in :name`) is one bound value per element; elsewhere (`= any(:name)` on
    # PostgreSQL) it stays one array value
    # (a list of tuples after `(a, b) in :name` is one row value per element)
    lists: list[sa.BindParameter[Any]] = [
        sa.bindparam(k, expanding=True, type_=_row_type(v))
        for k, v in used.items()
        if isinstance(v, (list, tuple)) and re.search(rf"\bin\s+:{k}\b", stmts[0], re.IGNORECASE)
    ]
    if lists:
        clause = clause.bindparams(*lists)
    result = conn.execute(clause, used)
    # plain tuples: pandas builds a frame from them 3-4x faster than from SQLAlchemy's Row objects
    # (49 000 employment ids: 69 ms against 246 ms), with the same columns and dtypes
    return pd.DataFrame([tuple(row) for row in result.fetchall()], columns=list(result.keys()))


def _row_type(values: list[Any] | tuple[Any, ...]) -> Any:
    """The bound type of an expanding `in` list: a row type where its elements are tuples, else left to the driver."""
    first = values[0] if len(values) else None
    if isinstance(first, tuple):
        return sa.types.TupleType(*(sa.types.NullType() for _ in first))
    return None


def ensure_schema(engine: Engine) -> None:
    """Create every table of sql/schema/ that is missing, add the columns of sql/migrations/, fill the calendar
    once and create the views of sql/views/ that changed; then record schema_fingerprint() in meta_schema.
    Where that fingerprint is already recorded (the usual case: every ingest and report asks), one query."""
    if _schema_current(engine):
        return
    with engine.begin() as conn:
        if dialect(conn) == "postgresql":
            execute_file(conn, "load/schema_lock.sql")
        for path in sorted((SQL_DIR / "schema").glob("*.sql")):
            execute_file(conn, f"schema/{path.name}")
        _add_missing_columns(conn)
        have = conn.execute(sa.text("select count(*) from dim_kalender")).scalar_one()
        if not have:
            bulk_insert(conn, "dim_kalender", calendar_frame(CALENDAR_FIRST, CALENDAR_LAST))
        from hr.warehouse_views import ensure_views  # the aggregate views for the reporting role

        ensure_views(conn)
        _record_fingerprint(conn)


def _record_fingerprint(conn: Connection) -> None:
    execute_file(conn, "transform/record_schema_fingerprint.sql", fingerprint=schema_fingerprint())


def _schema_current(engine: Engine) -> bool:
    """True when the warehouse records the fingerprint of this code's schema. A warehouse made before
    meta_schema existed has no such table: not current (the failed query's transaction ends with its
    connection, before the full run starts its own)."""
    try:
        with engine.connect() as conn:
            recorded: list[str] = query(conn, "transform/schema_fingerprint.sql")["fingerprint"].tolist()
    except sa.exc.ProgrammingError:
        return False
    return recorded == [schema_fingerprint()]


@functools.cache
def schema_fingerprint() -> str:
    """sha256 of what ensure_schema applies: every file of sql/schema/, sql/migrations/, sql/views/, the
    schema lock, and this module and hr/warehouse_views.py (the code that applies them, the calendar's
    range). Any change to one of them makes the next ensure_schema run in full once."""
    digest = hashlib.sha256()
    files = [SQL_DIR / "load" / "schema_lock.sql"]
    for folder in ("schema", "migrations", "views"):
        files += sorted((SQL_DIR / folder).glob("*.sql"))
    files += [Path(__file__), Path(__file__).with_name("warehouse_views.py")]
    for path in files:
        digest.update(f"{path.parent.name}/{path.name}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# Columns added to a table after warehouses with it existed: (table, column) -> the file that adds it.
MIGRATIONS = {("ref_kommune", "fravaer_fra"): "migrations/ref_kommune_fravaer_fra.sql"}


def _add_missing_columns(conn: Connection) -> None:
    """Run each migration whose column is missing. Never an ALTER where the column is there: it would take
    an exclusive lock on the table and wait for any open load transaction of another municipality."""
    for (table, column), name in MIGRATIONS.items():
        if not int(query(conn, "migrations/has_column.sql", table_name=table, column_name=column).iloc[0, 0]):
            execute_file(conn, name)


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
        assert raw is not None  # a checked-out connection has its driver's connection
        raw.register("_bulk_frame", frame)
        try:
            collist = ", ".join(cols)
            raw.execute(f"insert into {table} ({collist}) select {collist} from _bulk_frame")
        finally:
            raw.unregister("_bulk_frame")
        return len(frame)
    if dialect(conn) == "postgresql":
        raw = conn.connection.driver_connection
        assert raw is not None
        collist = ", ".join(cols)
        text = _copy_csv(frame)
        with raw.cursor() as cur:
            if text is not None:
                # pandas writes the CSV in C; COPY parses it in the server: ~10x faster than row by row.
                with cur.copy(f"copy {table} ({collist}) from stdin with (format csv, null '{_PG_NULL}')") as copy:
                    copy.write(text)
            else:
                with cur.copy(f"copy {table} ({collist}) from stdin") as copy:
                    for row in frame.itertuples(index=False, name=None):
                        copy.write_row([_pg_value(v) for v in row])
        return len(frame)
    tbl = sa.Table(table, sa.MetaData(), autoload_with=conn)
    conn.execute(tbl.insert(), frame.to_dict("records"))
    return len(frame)


_PG_NULL = r"\N"


def _copy_csv(frame: pd.DataFrame) -> str | None:
    """The frame as CSV for COPY (missing values as \\N, empty strings stay empty strings), or None where a
    text value is the null marker itself or the frame holds values CSV would not carry faithfully."""
    for col in frame.columns:
        values = frame[col]
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            kind = pd.api.types.infer_dtype(values, skipna=True)
            if kind not in _CSV_SAFE_KINDS:
                return None
            if kind == "string" and values.eq(_PG_NULL).any():
                return None
    text: str = frame.to_csv(index=False, header=False, na_rep=_PG_NULL, lineterminator="\n")
    return text


# What pandas' infer_dtype calls the contents of object columns that CSV carries as COPY reads them.
_CSV_SAFE_KINDS = {
    "empty",
    "string",
    "integer",
    "floating",
    "mixed-integer-float",
    "decimal",
    "boolean",
    "date",
    "datetime",
    "datetime64",
}


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


def close_engines() -> None:
    """Close and forget every cached engine (engine_for makes a new one when asked again)."""
    while _ENGINES:
        _ENGINES.popitem()[1].dispose()


@atexit.register
def dispose_engines() -> None:
    """Close every cached engine before the interpreter tears down: an open DuckDB connection at exit
    makes its bindings print "leaked" warnings on stderr."""
    import gc

    close_engines()
    gc.collect()


# ---------------------------------------------------------------------------- reaching and holding the warehouse
def where(engine: Engine) -> str:
    """The warehouse in words for messages: host:port/database, or the DuckDB file (never a password)."""
    url = engine.url
    if url.get_backend_name() == "duckdb":
        return url.database or ":memory:"
    return f"{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def unreachable(exc: BaseException) -> bool:
    """A failure to reach the warehouse (server down or restarting, DuckDB file held by another process),
    as opposed to a bug or bad data: worth another attempt."""
    return isinstance(exc, (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.DisconnectionError))


def _cause(exc: BaseException) -> str:
    """The driver's own first line (the server's or DuckDB's reason), without SQLAlchemy's wrapping and link."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def unreachable_message(exc: BaseException) -> str | None:
    """The one-line message for an error that is the warehouse failing to open a connection (server down,
    database that does not exist, DuckDB file held by another process), anywhere in `exc`'s chain:
    «datavarehuset <where> kan ikke nås (<cause>)», as `hr ingest` says it after its attempts. None for any
    other error: a failed statement is not an unreachable warehouse. Never the URL's password."""
    for current in exception_chain(exc):
        # A connect failure has no statement; one that SQLAlchemy wrapped here names its warehouse.
        if unreachable(current) and getattr(current, "statement", None) is None:
            place = getattr(current, "hr_warehouse", None)
            return f"datavarehuset {place + ' ' if place else ''}kan ikke nås ({_cause(current)})"
    return None


def wait_until_reachable(engine: Engine, delays: Iterable[float], sleep: Callable[[float], None] | None = None) -> None:
    """Open one connection, trying again after each of `delays` seconds; WarehouseError naming the
    warehouse and the last cause when every attempt failed."""
    import time

    sleep = sleep or time.sleep
    delays = list(delays)
    for attempt in range(len(delays) + 1):
        try:
            with engine.connect():
                return
        except Exception as exc:  # noqa: BLE001 - classified just below
            if not unreachable(exc):
                raise
            if attempt == len(delays):
                raise WarehouseError(
                    f"datavarehuset {where(engine)} kan ikke nås etter {attempt + 1} forsøk ({_cause(exc)})"
                ) from None
            engine.dispose()  # no half-open connection is kept for the next attempt
            sleep(delays[attempt])


class WarehouseBusy(WarehouseError):
    """Another ingest held the warehouse longer than this run was willing to wait."""


@contextmanager
def exclusive_writer(
    engine: Engine,
    *,
    retry_delays: Iterable[float],
    lock_timeout: float,
    on_wait: Callable[[], None] | None = None,
    poll: float = 0.2,
    kommunenummer: str = "",
) -> Iterator[None]:
    """Hold the warehouse for one writer of `kommunenummer` for the block: two ingests of a municipality
    never decide and load at once.

    PostgreSQL: a session advisory lock per schema and municipality (sql/load/try_ingest_lock.sql) on a
    connection of its own, so municipalities sharing the warehouse load in parallel; a killed process's
    lock goes with its session. DuckDB: an exclusive flock on
    `<file>.ingest-lock` beside the database, which the kernel releases when the process dies; on
    leaving, this process's connections are closed so the next writer can open the file at once.
    A run that finds the warehouse held calls `on_wait` once and waits up to `lock_timeout` seconds,
    then raises WarehouseBusy. The warehouse is first made reachable (`wait_until_reachable`).
    """
    if dialect(engine) == "duckdb":
        with _file_lock(engine, lock_timeout, on_wait, poll):
            try:
                wait_until_reachable(engine, retry_delays)
                yield
            finally:
                engine.dispose()
        return
    if dialect(engine) != "postgresql":
        wait_until_reachable(engine, retry_delays)
        yield
        return
    wait_until_reachable(engine, retry_delays)
    conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
    try:
        _wait_for(
            lambda: bool(query(conn, "load/try_ingest_lock.sql", kommunenummer=kommunenummer).iloc[0, 0]),
            engine,
            lock_timeout,
            on_wait,
            poll,
        )
        try:
            yield
        finally:
            try:
                execute_file(conn, "load/release_ingest_lock.sql", kommunenummer=kommunenummer)
            except Exception:  # noqa: BLE001 - the lock ends with the session: make sure the session ends
                conn.invalidate()
    finally:
        conn.close()


@contextmanager
def _file_lock(engine: Engine, timeout: float, on_wait: Callable[[], None] | None, poll: float) -> Iterator[None]:
    import fcntl
    import os
    from pathlib import Path

    database = engine.url.database
    if not database or database == ":memory:":
        yield  # an in-memory warehouse belongs to this process alone
        return
    path = Path(database).with_name(Path(database).name + ".ingest-lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)

    def take() -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    try:
        _wait_for(take, engine, timeout, on_wait, poll)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _wait_for(
    take: Callable[[], bool], engine: Engine, timeout: float, on_wait: Callable[[], None] | None, poll: float
) -> None:
    import time

    if take():
        return
    if on_wait:
        on_wait()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(poll)
        if take():
            return
    raise WarehouseBusy(
        f"en annen innlesing til datavarehuset {where(engine)} pågår fortsatt; ga opp etter "
        f"{timeout:g} s. Kjør på nytt når den er ferdig."
    )
