"""Shared fixtures: a fresh warehouse per test on the embedded default (DuckDB) and on PostgreSQL.

PostgreSQL runs for real on 127.0.0.1:5432 (user postgres, trust auth): one fresh database per test
run, one fresh schema per test. When CI=true and the server is unreachable the tests fail; on a
developer machine without it they are skipped with the reason.
"""

from __future__ import annotations

import os
import tempfile
import uuid

import pytest

# Each test run gets its own Prefect home (database of the temporary API server, settings), so that
# runs never share state with a developer's ~/.prefect or with another test run on the same machine.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="hr-test-prefect-"))

from hr.settings import quiet_libraries  # noqa: E402

quiet_libraries()

# Prefect binds its console log handler to sys.stderr when it is first imported. Imported here, that is
# pytest's capture for the whole session. Imported first inside an in-process `hr` command (typer's
# CliRunner), it would be that invocation's stream, closed afterwards: every later Prefect console line
# would then end in "--- Logging error ---" and a traceback in the output of whichever test runs next.
import prefect  # noqa: E402,F401

PG_ADMIN_DSN = os.environ.get("HR_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


def _pg_reachable() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_DSN, connect_timeout=3) as conn:
            conn.execute("select 1")
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable", reported below
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


@pytest.fixture(scope="session")
def pg_database():
    """A fresh PostgreSQL database for this test run; dropped afterwards. Yields its SQLAlchemy base URL."""
    problem = _pg_reachable()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is required in CI but unreachable: {problem}")
        pytest.skip(f"PostgreSQL unreachable: {problem}")
    import psycopg

    name = f"hr_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture(scope="session")
def prefect_database(pg_database):
    """A factory of fresh PostgreSQL databases for the real Prefect servers of the tests; each call returns
    the environment that points a server at its own (PREFECT_SERVER_DATABASE_CONNECTION_URL). All are
    dropped at the end of the session.

    On SQLite, Prefect's default, a server under a full test run on two cores refused writes at once
    («database is locked», 503 on create_flow_run); production is advised to use PostgreSQL too
    (docs/operations.md)."""
    import psycopg

    made: list[str] = []

    def make() -> dict[str, str]:
        name = f"prefect_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
            conn.execute(f'create database "{name}"')
        made.append(name)
        return {"PREFECT_SERVER_DATABASE_CONNECTION_URL": f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"}

    yield make
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        for name in made:
            conn.execute(f'drop database if exists "{name}" with (force)')


def _pg_schema_url(base_url: str) -> str:
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(f'create schema "{schema}"')
    return f"{base_url}?options=-csearch_path%3D{schema}"


@pytest.fixture(params=["duckdb", "postgresql"])
def warehouse_url(request, tmp_path):
    """An empty warehouse URL, once on DuckDB and once on PostgreSQL (fresh schema)."""
    if request.param == "duckdb":
        return f"duckdb:///{tmp_path / 'warehouse.duckdb'}"
    return _pg_schema_url(request.getfixturevalue("pg_database"))


@pytest.fixture
def duckdb_url(tmp_path):
    return f"duckdb:///{tmp_path / 'warehouse.duckdb'}"


@pytest.fixture
def postgres_url(request):
    return _pg_schema_url(request.getfixturevalue("pg_database"))


@pytest.fixture(autouse=True)
def _close_cached_engines():
    """hr.warehouse.engine_for keeps one engine per URL for the life of a process, which is right for a
    command (one warehouse). A test session gives every test its own PostgreSQL schema, hence its own URL:
    without closing them after each test, the cached pools hold two connections per test until the
    server refuses new clients ("too many clients already")."""
    yield
    import sys

    if "hr.warehouse" in sys.modules:
        sys.modules["hr.warehouse"].close_engines()


@pytest.fixture
def engine(warehouse_url):
    """A ready warehouse (schema created, calendar filled) on each backend."""
    from hr.warehouse import create_engine, ensure_schema

    eng = create_engine(warehouse_url)
    ensure_schema(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def baerum_demo_loaded(tmp_path_factory):
    """The Bærum-sized demo landing, generated and ingested into an embedded (DuckDB) warehouse once per
    session (tests/report_fixtures.py load_baerum_demo): a dict of its landing, settings and ingest summary.
    Read-only: a test that changes the warehouse works on a copy of settings.workdir."""
    from tests.report_fixtures import load_baerum_demo

    return load_baerum_demo(tmp_path_factory.mktemp("baerum-loaded"))


@pytest.fixture(scope="session")
def baerum_demo_figures(baerum_demo_loaded):
    """(landing, every Figure computed without suppression) of the Bærum-sized demo, once per session
    (tests/report_fixtures.py compute_baerum_demo)."""
    from tests.report_fixtures import compute_baerum_demo

    return compute_baerum_demo(baerum_demo_loaded)


@pytest.fixture(scope="session")
def baerum_demo_reports(tmp_path_factory, baerum_demo_loaded):
    """Both reports of the Bærum-sized demo, rendered once for every PDF-level test of the session
    (tests/report_fixtures.py render_baerum_demo)."""
    from tests.report_fixtures import render_baerum_demo

    return render_baerum_demo(tmp_path_factory.mktemp("baerum-demo"), baerum_demo_loaded)


def pytest_unconfigure(config):
    """Keep the test summary the last thing printed.

    At interpreter teardown DuckDB's bindings report objects still alive ("nanobind: leaked …") on
    stderr; nothing is wrong by then, and the noise would bury the summary line CI reads. The
    redirect runs at exit, after pytest has restored its captured file descriptors.
    """
    import atexit

    atexit.register(_silence_stderr_at_exit)


def _silence_stderr_at_exit() -> None:
    import sys

    sys.stderr.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
