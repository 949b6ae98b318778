"""Shared fixtures: a fresh warehouse per test on the embedded default (DuckDB) and on PostgreSQL.

PostgreSQL runs for real on 127.0.0.1:5432 (user postgres, trust auth): one fresh database per test
run, one fresh schema per test. When CI=true and the server is unreachable the tests fail; on a
developer machine without it they are skipped with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pytest

# Each test run gets its own Prefect home (database of the temporary API server, settings), so that
# runs never share state with a developer's ~/.prefect or with another test run on the same machine.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="hr-test-prefect-"))
if os.environ.get("PYTEST_XDIST_WORKER"):
    # pytest-xdist's workers inherit the controller's environment: each gets a Prefect home of its own.
    os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix=f"hr-test-prefect-{os.environ['PYTEST_XDIST_WORKER']}-")
    # xdist hands its workers COLUMNS=80 (the width of a terminal they do not have). hr.cli's consoles
    # would fix that width when imported, and the CLI tests that set COLUMNS for wide tables could not.
    os.environ.pop("COLUMNS", None)

# One DuckDB thread per connection (hr/warehouse.py), inherited by every `hr` and flow-run process of the tests:
# three test processes share two cores and the data sets are tiny, so DuckDB's default of a thread per core
# only adds hand-overs (DuckDB-heavy modules: 94 -> 88 CPU-s, 51 -> 46.5 s, measured). A test may override it.
os.environ.setdefault("HR_DUCKDB_THREADS", "1")
# Some tests call a Prefect task outside any flow (tests/test_extract_retries.py: the task's own retries); its
# log lines have no flow run to go to, which Prefect's API log handler would report as a UserWarning each time.
# A run of the product always calls its tasks inside a flow.
os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")

from hr.gc_tuning import hold_back_full_collections  # noqa: E402
from hr.settings import quiet_libraries  # noqa: E402

quiet_libraries()
# Full collections of the cycle collector held back for the whole test process, as an ingest or a report
# holds them back in a command (hr/gc_tuning.py): a test worker's heap (every module, the fixtures) is large
# and each full collection walks all of it (16 of them took 2.9 of 36 CPU-s in two report test modules).
hold_back_full_collections()

# Prefect binds its console log handler to sys.stderr when it is first imported. Imported here, that is
# pytest's capture for the whole session. Imported first inside an in-process `hr` command (typer's
# CliRunner), it would be that invocation's stream, closed afterwards: every later Prefect console line
# would then end in "--- Logging error ---" and a traceback in the output of whichever test runs next.
import prefect  # noqa: E402,F401

PG_ADMIN_DSN = os.environ.get("HR_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/postgres")


def _register_hypothesis_prng() -> None:
    """Hypothesis registers its own PRNG at the first @given example of a process, and checks the registration
    with a full gc.collect(). In a test worker that has run other modules by then, with full collections held
    back (above), that one collection took 3.3-3.7 s (three times in a run, measured with py-spy); done when
    the process starts (pytest_configure), the heap is the imported modules only. (hypothesis.internal.entropy
    is Hypothesis' own module; it does the same at that first example.)"""
    from hypothesis.internal.entropy import deterministic_PRNG

    with deterministic_PRNG():
        pass


# One Prefect server for the flows the test workers run in their own process (no PREFECT_API_URL: Prefect's
# "temporary server"). Left to Prefect, each worker starts its own (8.6 CPU-s to start, then ~0.8 CPU-s a
# minute, measured); under pytest-xdist the controller starts one with Prefect's public command (`prefect
# server start`, flows/serve.py) when the run begins, and each worker's temporary server is that one.
# PREFECT_API_URL stays unset in the workers, so the code under test sees exactly what it sees without a
# server (hr.cli's plain path, flows.backfill.server_configured() False). Read by _share_the_runs_server.
SHARED_PREFECT_SERVER = "HR_TEST_SHARED_PREFECT_SERVER"


def _share_the_runs_server(api_url: str) -> None:
    """Make this process's temporary Prefect server (prefect.server.api.server.SubprocessASGIServer, which
    get_client, the event and log clients start on first use) the run's shared server at `api_url`,
    instead of a new one: its start waits for that server's health and starts nothing."""
    import urllib.parse

    from prefect.server.api.server import SubprocessASGIServer

    from flows.serve import wait_healthy

    port = urllib.parse.urlsplit(api_url).port

    class _TheRunsServer:
        """Stands in for the subprocess Prefect would have started (get_client asserts there is one); the
        server belongs to the run and is stopped by the controller (pytest_unconfigure)."""

        pid = None

        @staticmethod
        def poll() -> None:
            return None

    def start(self: SubprocessASGIServer, timeout: int | None = None) -> None:
        if self.running:
            return
        if not wait_healthy(_TheRunsServer(), api_url, timeout or 180):  # type: ignore[arg-type]
            raise RuntimeError(f"the test run's Prefect server at {api_url} did not answer")
        self.port, self.server_process, self.running = port, _TheRunsServer(), True  # type: ignore[assignment]

    SubprocessASGIServer.start = start  # type: ignore[method-assign]


if os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get(SHARED_PREFECT_SERVER):
    _share_the_runs_server(os.environ[SHARED_PREFECT_SERVER])


def local_http(base_url: str):
    """An httpx client for a test server on 127.0.0.1 (plain HTTP). verify=False: httpx otherwise loads the
    system's CA bundle for every client (~27 ms of CPU each, 0.3 ms without; 7 CPU-s of the tests that poll
    an API, measured), which plain HTTP never uses."""
    import httpx

    return httpx.Client(base_url=base_url, timeout=30, verify=False)


def server_flow_runs(api_url: str) -> list[dict]:
    """Every flow run a test's Prefect server holds, oldest start first (its REST API, as the UI reads it)."""
    with local_http(api_url) as client:
        response = client.post("/flow_runs/filter", json={"sort": "START_TIME_ASC"})
        response.raise_for_status()
        return response.json()


def server_artifacts(api_url: str, flow_run_id: str) -> list[dict]:
    """The artifacts (summary tables, links) a flow run left on a test's Prefect server."""
    with local_http(api_url) as client:
        response = client.post("/artifacts/filter", json={"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}})
        response.raise_for_status()
        return response.json()


def _pg_reachable() -> str | None:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_DSN, connect_timeout=3) as conn:
            conn.execute("select 1")
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable", reported below
        return f"{type(exc).__name__}: {exc}".splitlines()[0]


def _create_database(prefix: str, template: str | None = None) -> str:
    """A new, uniquely named PostgreSQL database (a copy of `template` where given); its name."""
    import psycopg

    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'create database "{name}"' + (f' template "{template}"' if template else ""))
        # A test database is thrown away: its commits need not wait for the disk (a copy does not inherit
        # the setting from its template). Its data is small: parallel query workers (a process each, started
        # per query) cost more than they save; in a full run they took ~19 CPU-s of the server (process
        # accounting, 6 Dec), and ten PostgreSQL-heavy modules ran in 87.5 s against 93.8 s with them (median
        # of three pairs). The results do not depend on either setting.
        conn.execute(f'alter database "{name}" set synchronous_commit = off')
        conn.execute(f'alter database "{name}" set max_parallel_workers_per_gather = 0')
    return name


def _drop_databases(*names: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_DSN, autocommit=True) as conn:
        for name in names:
            conn.execute(f'drop database if exists "{name}" with (force)')


@pytest.fixture(scope="session")
def pg_database():
    """A fresh PostgreSQL database for this test run; dropped afterwards. Yields its SQLAlchemy base URL."""
    problem = _pg_reachable()
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL on 127.0.0.1:5432 is required in CI but unreachable: {problem}")
        pytest.skip(f"PostgreSQL unreachable: {problem}")
    name = _create_database("hr_test")
    yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    _drop_databases(name)


@pytest.fixture(scope="session")
def prefect_database(pg_database):
    """A factory of fresh PostgreSQL databases for the real Prefect servers of the tests; each call returns
    the environment that points a server at its own (PREFECT_SERVER_DATABASE_CONNECTION_URL). All are
    dropped at the end of the session.

    On SQLite, Prefect's default, a server under a full test run on two cores refused writes at once
    («database is locked», 503 on create_flow_run); production is advised to use PostgreSQL too
    (docs/operations.md)."""
    made: list[str] = []

    def make() -> dict[str, str]:
        name, env = _new_prefect_database("prefect_test")
        made.append(name)
        return env

    yield make
    _drop_databases(*made)


def _new_prefect_database(prefix: str) -> tuple[str, dict[str, str]]:
    """A new PostgreSQL database for a Prefect server: its name, and the environment that points the server
    at it."""
    name = _create_database(prefix)
    return name, {"PREFECT_SERVER_DATABASE_CONNECTION_URL": f"postgresql+asyncpg://postgres@127.0.0.1:5432/{name}"}


def _pg_schema_url(base_url: str) -> str:
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
        conn.execute(f'create schema "{schema}"')
    return f"{base_url}?options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def duckdb_template(tmp_path_factory) -> Path:
    """An embedded warehouse with every table, view and the calendar and no data, made once per process:
    new_warehouse_url copies the file (milliseconds) where creating the schema takes 0.15-0.3 s."""
    from hr.warehouse import create_engine, ensure_schema

    path = tmp_path_factory.mktemp("template") / "warehouse.duckdb"
    engine = create_engine(f"duckdb:///{path}")
    ensure_schema(engine)
    engine.dispose()  # DuckDB checkpoints on close: the copy is the whole warehouse
    assert not path.with_name(path.name + ".wal").exists()
    return path


@pytest.fixture(scope="session")
def pg_template(pg_database) -> str:
    """A PostgreSQL database with every table, view and the calendar and no data, made once per process:
    new_warehouse_url copies it with CREATE DATABASE … TEMPLATE (0.12 s of wall and ~0.1 CPU-s of the
    test process and the server's, measured, where ensure_schema in a fresh schema takes 0.24 s). Dropped
    at the end of the session. No connection to it may stay open: PostgreSQL copies only an idle template."""
    from hr.warehouse import create_engine, ensure_schema

    name = _create_database("hr_template")
    engine = create_engine(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}")
    ensure_schema(engine)
    engine.dispose()
    yield name
    _drop_databases(name)


class _Dropper:
    """Drops the test databases of this process in a thread of its own. PostgreSQL 15 ends every DROP
    DATABASE with a checkpoint (0.5-1.3 s of wall, measured with the suite running): a test's teardown
    hands its database over and goes on; `finish` (end of the session) waits for the last drops."""

    def __init__(self) -> None:
        import queue
        import threading

        self._names: queue.Queue[str | None] = queue.Queue()
        self._failed: list[str] = []
        self._thread = threading.Thread(target=self._run, name="drop-test-databases", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (name := self._names.get()) is not None:
            try:
                _drop_databases(name)
            except Exception as exc:  # noqa: BLE001 - reported by finish(), the other drops go on
                self._failed.append(f"{name}: {exc}")

    def drop(self, name: str) -> None:
        self._names.put(name)

    def finish(self) -> None:
        self._names.put(None)
        self._thread.join()
        if self._failed:
            raise RuntimeError("test databases not dropped:\n" + "\n".join(self._failed))


@pytest.fixture(scope="session")
def _dropper(pg_database):
    """The session's _Dropper; it finishes before pg_database is dropped."""
    dropper = _Dropper()
    yield dropper
    dropper.finish()


def _pg_copy_url(request) -> str:
    """A new database copied from `pg_template` (schema current, no data), dropped when the test or module
    that asked for it ends (its connections closed then, the drop itself in the background); its URL."""
    name = _create_database("hr_test", template=request.getfixturevalue("pg_template"))
    dropper = request.getfixturevalue("_dropper")

    def drop() -> None:
        from hr.warehouse import close_engines

        close_engines()
        dropper.drop(name)

    request.addfinalizer(drop)
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def new_warehouse_url(request, directory: Path, template: bool = True) -> str:
    """An empty warehouse for a fixture parametrised by backend (`request.param`): a copy of the DuckDB
    template in `directory`, or a copy of the PostgreSQL template database (both: no data, schema current).
    Module fixtures use it too. (The templates themselves are made by ensure_schema from nothing, as is
    the warehouse of every command-level test with its own working directory, e.g. tests/test_end_to_end.py.)
    `template=False`: not even the schema (a DuckDB file not yet made; a fresh, empty schema of the run's
    PostgreSQL test database)."""
    if request.param == "duckdb":
        target = directory / "warehouse.duckdb"
        if template:
            shutil.copyfile(request.getfixturevalue("duckdb_template"), target)
        return f"duckdb:///{target}"
    if template:
        return _pg_copy_url(request)
    return _pg_schema_url(request.getfixturevalue("pg_database"))


@pytest.fixture(params=["duckdb", "postgresql"])
def warehouse_url(request, tmp_path):
    """An empty warehouse URL, once on DuckDB and once on PostgreSQL (fresh schema)."""
    return new_warehouse_url(request, tmp_path)


@pytest.fixture(params=["duckdb", "postgresql"])
def bare_warehouse_url(request, tmp_path):
    """A warehouse URL with nothing in it, not even the schema (a DuckDB file not yet made, or a fresh
    PostgreSQL schema): for tests that build a warehouse as an older release left it."""
    return new_warehouse_url(request, tmp_path, template=False)


@pytest.fixture
def held_duckdb(tmp_path):
    """A DuckDB file another process holds open (DuckDB lets one process have it): (path, that process's id)."""
    import subprocess
    import sys

    path = tmp_path / "warehouse.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('open', flush=True); time.sleep(120)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        yield path, holder.pid
    finally:
        holder.kill()
        holder.wait()


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


def once_per_run(tmp_path_factory, name: str, build):
    """`build(directory)` once for the whole test run, its (picklable) result shared.

    Without pytest-xdist that is once per session. Under xdist (`make test`) the workers share the run's
    base directory: the first to ask builds under a file lock, the others wait for it and read the pickled
    result, so the Bærum-sized demo is generated, ingested and rendered once, not once per worker."""
    import fcntl
    import pickle

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return build(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent
    done = root / f"{name}.pickle"
    with open(root / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.exists():
            return pickle.loads(done.read_bytes())
        base = root / name
        base.mkdir(exist_ok=True)
        value = build(base)
        done.write_bytes(pickle.dumps(value))
        return value


@pytest.fixture(scope="session", autouse=True)
def _memoised_steps(tmp_path_factory):
    """The suite runs, PDF layouts and charts of the run, each input computed once (tests/memo.py); the xdist
    workers share them in the run's base directory, as once_per_run's builds."""
    from tests import memo

    if os.environ.get("HR_TEST_MEMO") == "0":
        yield
        return
    base = tmp_path_factory.getbasetemp()
    memo.install((base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "memo")
    try:
        yield
    finally:
        memo.uninstall()
        stats = os.environ.get("HR_TEST_MEMO_STATS")
        if stats:
            Path(stats).mkdir(parents=True, exist_ok=True)
            (Path(stats) / f"{os.getpid()}.json").write_text(json.dumps(memo.STATS))


@pytest.fixture(autouse=True)
def _fresh_steps(request):
    """A test marked `fresh_steps` (about a memoised step itself, tests/memo.py) computes every call."""
    if request.node.get_closest_marker("fresh_steps") is None or os.environ.get("HR_TEST_MEMO") == "0":
        yield
        return
    from tests import memo

    memo.uninstall()
    try:
        yield
    finally:
        memo.install()


@pytest.fixture(scope="session")
def tiny_demo(tmp_path_factory):
    """`tiny_demo(target)`: a copy at `target` of the tiny demo landing (seed 2018), which is generated once
    per run (1-1.5 CPU-s each time a module or test generated it); the copy is the test's own to change."""
    from hr.demo import generate_landing

    source = once_per_run(
        tmp_path_factory, "tiny-demo", lambda base: generate_landing(base / "landing", scale="tiny", seed=2018)
    )

    def copy(target: Path) -> Path:
        shutil.copytree(source, target)
        return Path(target)

    return copy


@pytest.fixture(scope="session")
def baerum_demo_loaded(tmp_path_factory):
    """The Bærum-sized demo landing, generated and ingested into an embedded (DuckDB) warehouse once per
    run (tests/report_fixtures.py load_baerum_demo): a dict of its landing, settings and ingest summary.
    Each xdist worker gets its own copy of the working directory (DuckDB lets one process write a file).
    Read-only: a test that changes the warehouse works on a copy of settings.workdir."""
    from tests.report_fixtures import baerum_demo_copy, load_baerum_demo

    built = once_per_run(tmp_path_factory, "baerum-loaded", load_baerum_demo)
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return built
    return baerum_demo_copy(built, tmp_path_factory.mktemp("baerum-work") / "work")


@pytest.fixture(scope="session")
def baerum_demo_figures(tmp_path_factory, baerum_demo_loaded):
    """(landing, every Figure computed without suppression) of the Bærum-sized demo, once per run
    (tests/report_fixtures.py compute_baerum_demo)."""
    from tests.report_fixtures import compute_baerum_demo

    return once_per_run(tmp_path_factory, "baerum-figures", lambda _: compute_baerum_demo(baerum_demo_loaded))


@pytest.fixture(scope="session")
def baerum_demo_reports(tmp_path_factory, baerum_demo_loaded):
    """Both reports of the Bærum-sized demo, rendered once for every PDF-level test of the run
    (tests/report_fixtures.py render_baerum_demo). Read-only."""
    from tests.report_fixtures import render_baerum_demo

    return once_per_run(tmp_path_factory, "baerum-demo", lambda base: render_baerum_demo(base, baerum_demo_loaded))


# Modules that take a minute or more of one worker (real Prefect servers, the Bærum-sized demo, subprocess
# runs), heaviest first, from a full run's per-module times: `make test` (--dist loadscope) starts them
# first, so that the run does not end waiting for one of them on one worker while the others are idle.
# Only the order changes; a module missing here is scheduled after them, larger modules first.
HEAVY_MODULES = (
    "tests/test_bench_smoke.py",
    "tests/test_prefect_server_e2e.py",
    "tests/test_ingest_mutations.py",
    "tests/test_personvern_scan.py",
    "tests/test_delivery_recompute.py",
    "tests/test_reports_demo_pdf.py",
    "tests/test_end_to_end.py",
    "tests/test_personvern_suppression.py",
    "tests/test_plain_core.py",
    "tests/test_up_to_date.py",
    "tests/test_prefect_serve_heals.py",
    "tests/test_coverage_payroll_pensions.py",
    "tests/test_cli_through_server.py",
    "tests/test_prefect_scheduler_e2e.py",
    "tests/test_backfill_runs.py",
    "tests/test_approval_e2e.py",
)


def pytest_xdist_make_scheduler(config, log):
    """--dist loadscope, with HEAVY_MODULES handed out first (xdist orders by number of tests)."""
    if config.getvalue("dist") != "loadscope":
        return None
    from collections import Counter

    from xdist.scheduler import LoadScopeScheduling

    class HeavyFirst(LoadScopeScheduling):
        def schedule(self) -> None:
            if self.collection is None and self.collection_is_completed:
                heavy = {name: rank for rank, name in enumerate(HEAVY_MODULES)}
                ids = next(iter(self.registered_collections.values()))
                sizes = Counter(self._split_scope(nodeid) for nodeid in ids)
                self.config.option.loadscopereorder = False
                # super() fills these entries in place, so the queue keeps this order
                for scope in sorted(sizes, key=lambda s: (heavy.get(s, len(heavy)), -sizes[s])):
                    self.workqueue[scope] = {}
            super().schedule()

    return HeavyFirst(config, log)


_shared_server: dict = {}
_NOT_EPHEMERAL_SERVICES = (
    "SCHEDULER",
    "LATE_RUNS",
    "FOREMAN",
    "CANCELLATION_CLEANUP",
    "PAUSE_EXPIRATIONS",
    "REPOSSESSOR",
    "CLEANUP_RECONCILER",
)


def pytest_configure(config):
    """A process that runs tests registers Hypothesis' PRNG (_register_hypothesis_prng). The controller of an
    xdist run starts the Prefect server its workers share (SHARED_PREFECT_SERVER), without waiting for it:
    it starts while the workers start and collect, each waits at its first flow. Its database is PostgreSQL
    where reachable (one SQLite file refused concurrent writes under a full run: prefect_database), else
    SQLite in its home."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not getattr(config.option, "numprocesses", None):
        _register_hypothesis_prng()  # a process that runs tests (the controller of an xdist run runs none)
        return
    from flows.serve import launch_server

    home = Path(tempfile.mkdtemp(prefix="hr-test-prefect-shared-"))
    # It stands in for the temporary servers, which run only the services marked RunInEphemeralServers (task
    # runs, events, triggers, logs): the services of deployments and workers are off (idle 1.8 -> 1.2 CPU-s a
    # minute, measured on 6 Dec).
    extra: dict[str, str] = {f"PREFECT_SERVER_SERVICES_{name}_ENABLED": "false" for name in _NOT_EPHEMERAL_SERVICES}
    if _pg_reachable() is None:
        _shared_server["database"], database = _new_prefect_database("prefect_shared")
        extra |= database
    lp, _ = launch_server(home, extra_env=extra, ui=False)
    _shared_server.update(lp=lp, home=home)
    os.environ[SHARED_PREFECT_SERVER] = lp.api_url  # the workers are started after this, with it


def _stop_shared_server() -> None:
    lp = _shared_server.pop("lp", None)
    if lp is None:
        return
    lp.stop()
    os.environ.pop(SHARED_PREFECT_SERVER, None)
    if "database" in _shared_server:
        _drop_databases(_shared_server.pop("database"))
    shutil.rmtree(_shared_server.pop("home"), ignore_errors=True)


def pytest_unconfigure(config):
    """Stop the run's shared Prefect server (pytest_configure; the controller of an xdist run only), and
    keep the test summary the last thing printed.

    At interpreter teardown DuckDB's bindings report objects still alive ("nanobind: leaked …") on
    stderr; nothing is wrong by then, and the noise would bury the summary line CI reads. The
    redirect runs at exit, after pytest has restored its captured file descriptors.
    """
    import atexit

    _stop_shared_server()
    atexit.register(_silence_stderr_at_exit)


def _silence_stderr_at_exit() -> None:
    import sys

    sys.stderr.flush()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
