"""The views of sql/views/ (one file per view): built in an order derived from the files, created once and
left alone while their SQL is unchanged, and a warehouse of the old single views/reporting.sql upgraded."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

import hr.warehouse as warehouse
import hr.warehouse_views as warehouse_views
from hr.warehouse import ensure_schema, statements
from hr.warehouse_views import (
    LEGACY_VIEWS,
    ViewOrderError,
    build_order,
    dependencies,
    ensure_views,
    schema_tables,
    view_files,
)
from tests.test_personvern_roles import READABLE

LEGACY_SQL = Path(__file__).parent / "legacy" / "reporting_views_before_split.sql"


def _recorded(conn) -> list[str]:
    return sorted(conn.execute(sa.text("select file_name from meta_views")).scalars())


def test_views_are_created_once_and_left_alone_while_their_sql_is_unchanged(engine):
    with engine.begin() as conn:
        assert ensure_views(conn) == []  # the fixture's ensure_schema created them
    ensure_schema(engine)
    with engine.connect() as conn:
        assert _recorded(conn) == sorted(f"views/{name}.sql" for name in view_files())
        for name in sorted(n for n in READABLE if n.startswith("rpt_")):
            conn.execute(sa.select(sa.literal(1)).select_from(sa.table(name)).limit(0)).fetchall()


def test_a_changed_view_file_is_run_again(engine):
    with engine.begin() as conn:
        conn.execute(sa.text("update meta_views set fingerprint = 'gammel'"))
        assert sorted(ensure_views(conn)) == sorted(f"views/{name}.sql" for name in view_files())
        assert ensure_views(conn) == []


def test_a_changed_view_is_created_again_with_every_view_above_it_and_no_other(engine):
    with engine.begin() as conn:
        conn.execute(sa.text("update meta_views set fingerprint = 'gammel' where file_name = 'views/dim_periode.sql'"))
        ran = ensure_views(conn)
    assert ran[0] == "views/dim_periode.sql"
    assert set(ran) == {
        f"views/{name}.sql"
        for name in (
            "dim_periode",
            "dim_periode_fravaer",
            "person_sykefravaer_dagsverk",
            "person_sykefravaer_gruppe",
            "rpt_sykefravaer_periode",
            "rpt_sykefravaer_gruppe",
            "person_turnover",
            "rpt_turnover",
        )
    }


def test_the_derived_order_puts_every_view_after_the_views_it_reads():
    views = view_files()
    reads = dependencies(views, schema_tables())
    order = build_order(reads)
    assert sorted(order) == sorted(views)
    position = {name: i for i, name in enumerate(order)}
    for name, text in views.items():
        # independently of dependencies(): every other view named in the file's code comes before it
        code = " ".join(statements(text)).lower()
        named = {other for other in views if other != name and re.search(rf"(?<![a-z0-9_]){other}(?![a-z0-9_])", code)}
        assert named <= reads[name], name
        for dep in reads[name]:
            assert position[dep] < position[name], (dep, name)
    # not vacuous: the chains of sick leave and of the status-date views are there
    assert reads["rpt_sykefravaer_gruppe"] == {"person_sykefravaer_gruppe"}
    assert reads["person_sykefravaer_gruppe"] == {"person_sykefravaer_dagsverk"}
    assert reads["person_sykefravaer_dagsverk"] == {"dim_periode_fravaer"}
    assert reads["rpt_heltid_stilling_status"] == {"person_arbeidsforhold_status", "person_stillingsstorrelse_status"}
    assert reads["rpt_pensjon"] == set()


def test_every_view_file_states_its_grain_and_purpose_first():
    for name, text in view_files().items():
        head = text.split("create or replace view")[0]
        assert head.startswith("-- Grain: one row per "), name
        assert "-- For: " in head, name


def test_a_cycle_is_an_error_naming_it():
    views = {
        "v_a": "create or replace view v_a as select x from v_b;",
        "v_b": "create or replace view v_b as select x from v_c;",
        "v_c": "create or replace view v_c as select x from v_a join t on true;",
    }
    reads = dependencies(views, {"t"})
    with pytest.raises(ViewOrderError, match="i ring: v_. → v_. → v_. → v_."):
        build_order(reads)


def test_a_view_reading_a_missing_relation_is_an_error_naming_it():
    views = {
        "v_a": "create or replace view v_a as\nwith c as (select x from t)\n"
        "select extract(year from c.d) from c join v_mangler m on true;"
    }
    with pytest.raises(ViewOrderError, match="sql/views/v_a.sql leser v_mangler, som verken"):
        dependencies(views, {"t"})
    # the CTE, the table and extract(… from …) are not missing relations
    assert dependencies({"v_a": views["v_a"].replace("v_mangler", "t")}, {"t"}) == {"v_a": set()}


def test_a_file_must_create_the_view_it_is_named_after():
    with pytest.raises(ViewOrderError, match="create or replace view v_a as"):
        dependencies({"v_a": "create or replace view v_b as select 1 as x;"}, set())
    with pytest.raises(ViewOrderError, match="nøyaktig én setning"):
        dependencies({"v_a": "create or replace view v_a as select 1 as x; select 2;"}, set())


def test_ensure_views_refuses_a_cycle_before_touching_the_warehouse(engine, monkeypatch):
    views = view_files()
    views["dim_periode"] = views["dim_periode"].replace("from dim_kalender s", "from dim_periode_fravaer s", 1)
    monkeypatch.setattr(warehouse_views, "view_files", lambda: views)
    with engine.begin() as conn:
        conn.execute(sa.text("update meta_views set fingerprint = 'gammel'"))
        with pytest.raises(ViewOrderError, match="dim_periode"):
            ensure_views(conn)


def test_a_view_whose_columns_change_is_created_again_with_the_views_above_it(engine, monkeypatch):
    """PostgreSQL's `create or replace view` cannot put a column before others; the view is dropped and
    created with the views that read it, and the privileges on them stay."""
    views = view_files()
    views["dim_periode"] = views["dim_periode"].replace(
        "select fra, til, maaneder\nfrom paired", "select fra, til, 0 as ny, maaneder\nfrom paired"
    )
    assert views["dim_periode"] != view_files()["dim_periode"]
    monkeypatch.setattr(warehouse_views, "view_files", lambda: views)
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as conn:
        if postgres:
            conn.execute(sa.text("grant select on rpt_turnover to public"))
        ran = ensure_views(conn)
        assert "views/dim_periode.sql" in ran and "views/rpt_turnover.sql" in ran
        columns = [c["name"] for c in sa.inspect(conn).get_columns("dim_periode")]
        assert columns == ["fra", "til", "ny", "maaneder"]
        conn.execute(sa.text("select count(*) from rpt_turnover")).scalar_one()
        if postgres:
            assert _public_grants(conn) == [("rpt_turnover", "SELECT")]


def _public_grants(conn) -> list[tuple[str, str]]:
    return [
        tuple(r)
        for r in conn.execute(
            sa.text(
                "select table_name, privilege_type from information_schema.table_privileges "
                "where table_schema = current_schema() and grantee = 'PUBLIC' order by 1, 2"
            )
        )
    ]


def _rows(conn, name: str) -> list[tuple]:
    rows = conn.execute(sa.text(f"select * from {name}")).fetchall()  # noqa: S608 - names of the test
    return sorted((tuple(r) for r in rows), key=repr)


def test_a_warehouse_of_the_single_views_file_is_upgraded_on_the_next_ingest(
    bare_warehouse_url, tmp_path, monkeypatch, tiny_demo
):
    """A warehouse whose views came from the one file sql/views/reporting.sql (meta_views holds that row) is
    built and loaded; the next ensure_schema drops its views and creates those of the files, which answer
    with the same rows (on PostgreSQL the reporting role's SELECT stays)."""
    from hr.ingest.pipeline import run_ingest
    from hr.settings import build_settings
    from hr.warehouse import create_engine

    legacy = LEGACY_SQL.read_text(encoding="utf-8")
    engine = create_engine(bare_warehouse_url)
    try:
        with monkeypatch.context() as old:
            old.setattr(warehouse_views, "ensure_views", lambda conn: [])  # the code of then, below
            old.setattr(warehouse, "_record_fingerprint", lambda conn: None)  # ...which recorded no fingerprint
            ensure_schema(engine)
            with engine.begin() as conn:
                for stmt in statements(legacy):
                    conn.execute(sa.text(stmt))
                conn.execute(
                    sa.text("insert into meta_views (file_name, fingerprint) values (:f, :p)"),
                    {"f": "views/reporting.sql", "p": hashlib.sha256(legacy.encode()).hexdigest()},
                )
            landing = tiny_demo(tmp_path / "landing")
            run_ingest(landing, build_settings(workdir=tmp_path / "work", warehouse_url=bare_warehouse_url))
        postgres = engine.dialect.name == "postgresql"
        # the aggregates of then (a view added since, as rpt_org_omrade, is only created by the upgrade)
        aggregates = sorted(n for n in READABLE if n.startswith("rpt_") and n in LEGACY_VIEWS)
        with engine.begin() as conn:
            assert sorted(sa.inspect(conn).get_view_names()) == sorted(LEGACY_VIEWS)
            before = {name: _rows(conn, name) for name in aggregates}
            assert before["rpt_sykefravaer_periode"] and before["rpt_turnover"]  # the check is not vacuous
            if postgres:
                for name in aggregates:
                    conn.execute(sa.text(f"grant select on {name} to public"))
        ensure_schema(engine)  # what the next ingest does first
        with engine.connect() as conn:
            assert _recorded(conn) == sorted(f"views/{name}.sql" for name in view_files())
            assert sorted(sa.inspect(conn).get_view_names()) == sorted(view_files())
            for name in view_files():  # every view answers; the aggregates are read whole below
                if name not in aggregates:
                    conn.execute(sa.text(f"select count(*) from {name}")).scalar_one()
            assert {name: _rows(conn, name) for name in aggregates} == before
            if postgres:
                assert _public_grants(conn) == [(name, "SELECT") for name in aggregates]
        with engine.begin() as conn:
            assert ensure_views(conn) == []
            # old code run again on the upgraded warehouse (a rollback) brings back its views and its row
            # beside those of the files; the next ensure_views drops them and creates every view again
            for stmt in statements(legacy):
                conn.execute(sa.text(stmt))
            conn.execute(sa.text("insert into meta_views (file_name, fingerprint) values ('views/reporting.sql', 'x')"))
        with engine.begin() as conn:
            assert len(ensure_views(conn)) == len(view_files())
            assert sorted(sa.inspect(conn).get_view_names()) == sorted(view_files())
            # the same files as in the upgrade above, whose rows were compared there (the sick-leave
            # aggregates over every period take 3-4 s each on PostgreSQL): here each answers
            for name in aggregates:
                conn.execute(sa.text(f"select 1 from {name} limit 1")).all()
            if postgres:
                assert _public_grants(conn) == [(name, "SELECT") for name in aggregates]
    finally:
        engine.dispose()
