"""The warehouse schema and calendar behave the same on DuckDB and PostgreSQL."""

from datetime import date

import pytest
import sqlalchemy as sa

from hr.warehouse import workdays_between


def test_calendar_counts_norwegian_workdays_for_2018(engine):
    """2018 has 251 workdays: 261 weekdays less 10 public holidays on weekdays."""
    with engine.connect() as conn:
        n = conn.execute(
            sa.text(
                "select sum(case when er_arbeidsdag then 1 else 0 end) from dim_kalender where dato between :a and :b"
            ),
            {"a": date(2018, 1, 1), "b": date(2018, 12, 31)},
        ).scalar_one()
    assert n == 251 == workdays_between(date(2018, 1, 1), date(2018, 12, 31))


def test_calendar_running_count_gives_workdays_of_an_interval(engine):
    """Easter week 2018: skjærtorsdag, langfredag and 2. påskedag are not workdays."""
    with engine.connect() as conn:
        nr = dict(
            conn.execute(
                sa.text("select dato, arbeidsdag_nr from dim_kalender where dato in (:a, :b)"),
                {"a": date(2018, 3, 26), "b": date(2018, 4, 4)},
            ).fetchall()
        )
    # 26.03-03.04: Mon 26, Tue 27, Wed 28 and Tue 3 April are the only workdays.
    assert nr[date(2018, 4, 4)] - nr[date(2018, 3, 26)] == 4


def test_schema_creation_is_repeatable(engine):
    """ensure_schema on an existing warehouse changes nothing."""
    from hr.warehouse import ensure_schema

    ensure_schema(engine)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select count(*) from dim_kalender")).scalar_one() == 14976


def test_postgresql_sessions_keep_the_urls_options_and_add_jit_off(postgres_url):
    """The test URLs carry `options=-csearch_path=…` (as a production URL with its own schema would):
    the session must get both that search_path and jit=off; a jit setting in the URL wins."""
    from hr.warehouse import create_engine, pg_session_options

    schema = postgres_url.split("search_path%3D")[1]
    eng = create_engine(postgres_url)
    try:
        with eng.connect() as conn:
            assert conn.execute(sa.text("show jit")).scalar() == "off"
            assert conn.execute(sa.text("select current_schema()")).scalar() == schema
    finally:
        eng.dispose()
    assert pg_session_options("postgresql+psycopg://h/db?options=-c%20jit%3Don") == "-c jit=on"
    assert pg_session_options("postgresql+psycopg://h/db") == "-c jit=off"


@pytest.mark.parametrize("threads", ["1", "3", ""])
def test_duckdb_connections_use_hr_duckdb_threads_and_otherwise_duckdbs_default(tmp_path, monkeypatch, threads):
    """HR_DUCKDB_THREADS sets DuckDB's worker threads on every connection; unset, DuckDB's own default stays."""
    import duckdb

    from hr.warehouse import create_engine

    monkeypatch.setenv("HR_DUCKDB_THREADS", threads)
    eng = create_engine(f"duckdb:///{tmp_path / 'w.duckdb'}")
    try:
        with eng.connect() as conn:
            got = conn.execute(sa.text("select current_setting('threads')")).scalar()
    finally:
        eng.dispose()
    with duckdb.connect() as memory:
        default = memory.execute("select current_setting('threads')").fetchone()[0]
    assert got == (int(threads) if threads else default)


def test_a_warehouse_made_before_fravaer_fra_gets_the_column_and_keeps_its_rows(bare_warehouse_url):
    """sql/migrations/: ref_kommune as it was before the coverage rule (no fravaer_fra) is brought up to date
    by ensure_schema, its rows kept; a second ensure_schema finds nothing to do."""
    from hr.warehouse import create_engine, ensure_schema, query

    eng = create_engine(bare_warehouse_url)
    try:
        with eng.begin() as conn:
            conn.execute(
                sa.text(
                    "create table ref_kommune (kommunenummer text primary key, navn text not null, "
                    "min_n integer not null)"
                )
            )
            conn.execute(sa.text("insert into ref_kommune values ('0219', 'Bærum kommune', 5)"))
        for _ in range(2):
            ensure_schema(eng)
            with eng.connect() as conn:
                has = query(conn, "migrations/has_column.sql", table_name="ref_kommune", column_name="fravaer_fra")
                rows = conn.execute(sa.text("select kommunenummer, fravaer_fra from ref_kommune")).all()
            assert int(has.iloc[0, 0]) == 1
            assert [tuple(r) for r in rows] == [("0219", None)]
    finally:
        eng.dispose()


def test_a_current_warehouse_is_checked_with_one_query_and_a_changed_schema_is_applied_in_full(engine):
    """meta_schema records the fingerprint of what ensure_schema applied: a warehouse that holds this code's
    fingerprint costs every ingest and report one query; one that holds another (an older release: a table
    missing) is brought up to date, a missing table created, and the fingerprint recorded again."""
    from hr.warehouse import ensure_schema, schema_fingerprint

    statements: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", seen)
    try:
        ensure_schema(engine)
        assert len(statements) == 1 and "meta_schema" in statements[0]
        with engine.begin() as conn:
            conn.execute(sa.text("drop table meta_delivery"))
            conn.execute(sa.text("update meta_schema set fingerprint = 'en eldre versjon'"))
        statements.clear()
        ensure_schema(engine)
        assert any("create table if not exists meta_delivery" in s for s in statements)
    finally:
        sa.event.remove(engine, "before_cursor_execute", seen)
    with engine.connect() as conn:
        assert conn.execute(sa.text("select fingerprint from meta_schema")).scalars().all() == [schema_fingerprint()]
        assert conn.execute(sa.text("select count(*) from meta_delivery")).scalar_one() == 0


def test_the_schema_fingerprint_changes_with_a_schema_view_or_migration_file(tmp_path, monkeypatch):
    import shutil

    import hr.warehouse as warehouse

    sql = tmp_path / "sql"
    shutil.copytree(warehouse.SQL_DIR, sql)
    monkeypatch.setattr(warehouse, "SQL_DIR", sql)
    fingerprint = warehouse.schema_fingerprint.__wrapped__
    before = fingerprint()
    assert before == warehouse.schema_fingerprint()  # the copy is the same schema
    for name in ("schema/020_staging.sql", "views/rpt_turnover.sql", "migrations/ref_kommune_fravaer_fra.sql"):
        path = sql / name
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "\n-- endret\n", encoding="utf-8")
        assert fingerprint() != before, name
        path.write_text(text, encoding="utf-8")
    assert fingerprint() == before
