"""The intermediate layer resolves the area of an employment on each day through the org tree."""

import sqlalchemy as sa

from tests.factory import emp, load, org, standard_org


def _rows(engine, sql):
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql)).fetchall()]


def test_employment_is_split_where_its_unit_moves_to_another_area(engine):
    """A reorganisation moves a unit's staff to the new area from the day it takes effect."""
    tree = standard_org()[:3] + [
        org("U1", "Barnevernet", "A", 3, til="31.12.2017"),
        org("U1", "Barnevernet", "B", 3, fra="01.01.2018"),
    ]
    load(engine, org=tree, ansatte=[emp("AF1", "p1", "U1", fra="01.06.2017")])
    got = _rows(engine, "select omrade, fra_dato, til_dato from int_arbeidsforhold_omrade order by fra_dato")
    assert [(a, str(f), str(t)) for a, f, t in got] == [
        ("A", "2017-06-01", "2017-12-31"),
        ("B", "2018-01-01", "9999-12-31"),
    ]


def test_staff_placed_directly_on_an_area_belong_to_that_area(engine):
    """Level-2 units are their own area (EXTRACTS.md: level 2 for staff directly in an area)."""
    load(engine, ansatte=[emp("AF1", "p1", "B")])
    assert _rows(engine, "select omrade from int_arbeidsforhold_omrade") == [("B",)]
