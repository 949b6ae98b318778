"""The aggregate views of sql/views/ exist after ensure_schema and are not replaced on every ingest."""
from __future__ import annotations

import sqlalchemy as sa

from hr.warehouse import ensure_schema
from hr.warehouse_views import ensure_views
from tests.test_personvern_roles import READABLE


def test_views_are_created_once_and_left_alone_while_their_sql_is_unchanged(engine):
    with engine.begin() as conn:
        assert ensure_views(conn) == []  # the fixture's ensure_schema created them
    ensure_schema(engine)
    with engine.connect() as conn:
        recorded = conn.execute(sa.select(sa.literal_column("file_name")).select_from(sa.table("meta_views"))).scalars().all()
        assert recorded == ["views/reporting.sql"]
        for name in sorted(n for n in READABLE if n.startswith("rpt_")):
            conn.execute(sa.select(sa.literal(1)).select_from(sa.table(name)).limit(0)).fetchall()


def test_a_changed_view_file_is_run_again(engine):
    with engine.begin() as conn:
        conn.execute(sa.text("update meta_views set fingerprint = 'gammel'"))
        assert ensure_views(conn) == ["views/reporting.sql"]
        assert ensure_views(conn) == []
