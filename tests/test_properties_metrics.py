"""Property-based tests (hypothesis) of the sick-leave figures on random but valid extracts.

DEFINITIONS.md "Sick leave" implies invariants that must hold for any data, not just the hand-made
cases of test_sykefravaer_rules.py:
- korttid + langtid = total, the four duration groups add up to the total, egenmeldt + legemeldt = total;
- every percentage lies in [0, 100] and lost day-works never exceed agreed ones;
- SYKT_BARN, PERMISJON and ANNET registrations never change sick leave;
- splitting a registration into two adjacent ones changes nothing;
- loading the same extracts twice (unchanged, or delivered again under a later date) equals loading once.

Hypothesis runs on the embedded DuckDB warehouse (one engine per test, tables emptied per example);
one fixed example of each invariant runs on DuckDB and PostgreSQL through the `engine` fixture.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hr.figures import HELE_KOMMUNEN
from hr.metrics import sykefravaer as sf
from hr.periods import Period
from hr.warehouse import create_engine, ensure_schema
from tests.factory import KOMMUNE, absence, emp, load

PERIOD = Period.parse("2018H1")
AREAS_UNITS = ("A1", "A2", "B1")
SICK = ("EGENMELDING", "SYKMELDING")
NOT_SICK = ("SYKT_BARN", "PERMISJON", "ANNET")
# Tables tests.factory.load writes; emptied between examples (int_* are rebuilt by load itself).
FACTORY_TABLES = (
    "ref_kommune",
    "stg_organisasjon",
    "stg_ansatte",
    "stg_fravaer",
    "stg_rekruttering",
    "stg_lonn",
    "stg_pensjon",
    "ref_stillingskode",
    "ref_mal",
    "ref_innbyggere",
)
EXAMPLES = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ------------------------------------------------------------------ random valid extracts


@dataclass
class Extract:
    ansatte: list[dict]
    fravaer: list[dict] = field(default_factory=list)


def _d(day: date) -> str:
    return day.strftime("%d.%m.%Y")


@st.composite
def employments(draw, count: int) -> list[dict]:
    """1-2 consecutive versions per employment; a version may change unit, percentage or pay form."""
    rows = []
    persons = [f"p{i}" for i in range(1, draw(st.integers(1, count)) + 1)]
    for i in range(1, count + 1):
        person = draw(st.sampled_from(persons))
        start = draw(st.dates(date(2016, 1, 1), date(2018, 5, 1)))
        versions = draw(st.integers(1, 2))
        for v in range(versions):
            last = v == versions - 1
            end = None if last and draw(st.booleans()) else draw(st.dates(start, date(2019, 1, 10)))
            lonnsform = draw(st.sampled_from(["MAANED", "MAANED", "MAANED", "TIME"]))
            pst = 0 if lonnsform == "TIME" else draw(st.sampled_from([20, 50, 62.5, 80, 100]))
            rows.append(
                emp(
                    f"AF{i}",
                    person,
                    draw(st.sampled_from(AREAS_UNITS)),
                    start,
                    end,
                    pst=pst,
                    lonnsform=lonnsform,
                    kjonn="K" if person in ("p1", "p3") else "M",
                )
            )
            if end is None or end >= date(2019, 1, 10):
                break
            start = end + timedelta(days=1)
    return rows


@st.composite
def registration(draw, ids: list[str], nr: int, types=SICK + NOT_SICK) -> dict:
    fra = draw(st.dates(date(2017, 11, 15), date(2018, 7, 10)))
    til = fra + timedelta(days=draw(st.one_of(st.integers(0, 5), st.integers(0, 70))))
    grad = draw(st.one_of(st.sampled_from([100, 100, 50, 20, 33.333, 66.667]), st.integers(1, 100)))
    return absence(f"F{nr}", draw(st.sampled_from(ids)), draw(st.sampled_from(types)), fra, til, grad)


@st.composite
def extracts(draw, min_fravaer: int = 0) -> Extract:
    ansatte = draw(employments(draw(st.integers(1, 4))))
    ids = sorted({r["arbeidsforhold_id"] for r in ansatte})
    fravaer = [draw(registration(ids, nr)) for nr in range(1, draw(st.integers(min_fravaer, 7)) + 1)]
    return Extract(ansatte, fravaer)


# ------------------------------------------------------------------ warehouse helpers


@pytest.fixture(scope="module")
def duck(tmp_path_factory):
    """One DuckDB warehouse for all examples of a module: creating the schema per example is too slow."""
    eng = create_engine(f"duckdb:///{tmp_path_factory.mktemp('props') / 'warehouse.duckdb'}")
    ensure_schema(eng)
    yield eng
    eng.dispose()


def _reset(engine) -> None:
    with engine.begin() as conn:
        for table in FACTORY_TABLES:
            conn.execute(sa.delete(sa.table(table)))


def figures_of(engine, extract: Extract, reset: bool = True, full: bool = False) -> dict:
    """The figures of this extract by key: with `full`, everything the report computes (eight
    half-years of trend and more); else, to keep hypothesis quick, every figure of 2018H1 and its quarters."""
    if reset:
        _reset(engine)
    load(engine, ansatte=extract.ansatte, fravaer=extract.fravaer)
    with engine.connect() as conn:
        if full:
            return {f.key: f for f in sf.compute_sykefravaer(conn, KOMMUNE, PERIOD, 0)}
        return {
            f.key: f
            for p in (PERIOD, *PERIOD.quarters())
            for f in sf._full_figures(p, sf.period_sums(conn, KOMMUNE, p))
        }


def _values(figs: dict) -> dict:
    return {k: (f.verdi, f.n, f.prikket) for k, f in figs.items()}


# ------------------------------------------------------------------ the invariants


def check_parts_add_up(figs: dict) -> int:
    """korttid + langtid, the duration groups and egenmeldt + legemeldt all equal the total; [0, 100]."""
    checked = 0
    for (metric, period, omrade, gruppe), f in figs.items():
        if f.enhet == "prosent" and metric != sf.MAL and f.verdi is not None:
            assert -1e-12 <= f.verdi <= 100 + 1e-9, f
        if metric != sf.PROSENT or gruppe or f.verdi is None:
            continue
        total = f.verdi

        def part(m, g="", period=period, omrade=omrade):
            return figs[(m, period, omrade, g)].verdi

        assert part(sf.KORTTID) + part(sf.LANGTID) == pytest.approx(total, abs=1e-9)
        assert part(sf.KORTTID) >= 0 and part(sf.LANGTID) >= -1e-12
        if (sf.EGENMELDT, period, omrade, "") in figs:
            assert part(sf.EGENMELDT) + part(sf.LEGEMELDT) == pytest.approx(total, abs=1e-9)
            assert part(sf.EGENMELDT) >= 0 and part(sf.LEGEMELDT) >= -1e-12
            assert sum(part(sf.VARIGHET, g) for g in sf.DURATION_COLUMNS) == pytest.approx(total, abs=1e-9)
            assert 0 <= part(sf.TAPTE) <= part(sf.AVTALTE) + 1e-9
        checked += 1
    return checked


def check_not_sick_registrations_change_nothing(engine, extract: Extract, extra: list[dict], full=False) -> None:
    before = _values(figures_of(engine, extract, full=full))
    after = _values(figures_of(engine, Extract(extract.ansatte, extract.fravaer + extra), full=full))
    assert after == before


def split(extract: Extract, index: int, offset: int) -> Extract:
    """Registration `index` cut in two adjacent ones: [fra, fra + offset] and [fra + offset + 1, til]."""
    r = extract.fravaer[index]
    cut = r["fra_dato"] + timedelta(days=offset)
    first = {**r, "til_dato": cut}
    second = {**r, "fravaer_id": r["fravaer_id"] + "b", "fra_dato": cut + timedelta(days=1)}
    return Extract(extract.ansatte, extract.fravaer[:index] + [first, second] + extract.fravaer[index + 1 :])


def check_split_changes_nothing(engine, extract: Extract, index: int, offset: int, full=False) -> None:
    before = _values(figures_of(engine, extract, full=full))
    after = _values(figures_of(engine, split(extract, index, offset), full=full))
    assert after == before


# ------------------------------------------------------------------ hypothesis on DuckDB


@EXAMPLES
@given(extract=extracts())
def test_parts_add_up_to_the_total_and_percentages_stay_within_0_and_100(duck, extract):
    check_parts_add_up(figures_of(duck, extract))


@EXAMPLES
@given(extract=extracts(), data=st.data())
def test_sykt_barn_permisjon_and_annet_never_change_sick_leave(duck, extract, data):
    ids = sorted({r["arbeidsforhold_id"] for r in extract.ansatte})
    extra = [data.draw(registration(ids, 100 + i, NOT_SICK)) for i in range(data.draw(st.integers(1, 3)))]
    check_not_sick_registrations_change_nothing(duck, extract, extra)


@EXAMPLES
@given(extract=extracts(), data=st.data())
def test_splitting_a_registration_in_two_adjacent_ones_changes_nothing(duck, extract, data):
    long_enough = [i for i, r in enumerate(extract.fravaer) if r["til_dato"] > r["fra_dato"]]
    if not long_enough:
        extract = Extract(
            extract.ansatte,
            extract.fravaer
            + [
                absence(
                    "F99", extract.ansatte[0]["arbeidsforhold_id"], "SYKMELDING", date(2018, 2, 1), date(2018, 3, 20)
                )
            ],
        )
        long_enough = [len(extract.fravaer) - 1]
    index = data.draw(st.sampled_from(long_enough))
    r = extract.fravaer[index]
    offset = data.draw(st.integers(0, (r["til_dato"] - r["fra_dato"]).days - 1))
    check_split_changes_nothing(duck, extract, index, offset)


# ------------------------------------------------------------------ one fixed example on both backends

FIXED = Extract(
    ansatte=[
        emp("AF1", "p1", "A1", "01.01.2017", "31.03.2018", pst=80),
        emp("AF1", "p1", "A2", "01.04.2018", None, pst=100),
        emp("AF2", "p2", "B1", "01.06.2016", None, pst=62.5, kjonn="M"),
        emp("AF3", "p3", "A1", "01.01.2018", "30.04.2018", pst=50),
    ],
    fravaer=[
        absence("F1", "AF1", "EGENMELDING", "26.03.2018", "28.03.2018"),
        absence("F2", "AF1", "SYKMELDING", "03.04.2018", "30.04.2018", 60),  # one case across Easter
        absence("F3", "AF1", "SYKMELDING", "16.04.2018", "20.04.2018", 60),  # overlaps: capped at 100 %
        absence("F4", "AF2", "EGENMELDING", "08.01.2018", "10.01.2018"),
        absence("F5", "AF2", "SYKMELDING", "20.12.2017", "12.01.2018", 50),
        absence("F6", "AF3", "SYKMELDING", "10.04.2018", "15.05.2018"),
    ],
)  # past the employment's end


def test_fixed_example_parts_add_up(engine):
    figs = figures_of(engine, FIXED, reset=False, full=True)
    assert check_parts_add_up(figs) >= 3  # at least the total and two areas of 2018H1 were checked
    assert figs[(sf.PROSENT, "2018H1", HELE_KOMMUNEN, "")].verdi > 0


def test_fixed_example_not_sick_registrations_change_nothing(engine):
    check_not_sick_registrations_change_nothing(
        engine,
        FIXED,
        [
            absence("F7", "AF1", "SYKT_BARN", "05.03.2018", "09.03.2018"),
            absence("F8", "AF2", "PERMISJON", "01.01.2018", "30.06.2018", 40),
            absence("F9", "AF1", "ANNET", "16.04.2018", "18.04.2018"),
        ],
        full=True,
    )


def test_fixed_example_split_changes_nothing(engine):
    check_split_changes_nothing(engine, FIXED, 1, 9, full=True)  # F2 cut after 12.04
    check_split_changes_nothing(engine, FIXED, 4, 11, full=True)  # F5 cut at the new year


# ------------------------------------------------------------------ loading twice equals loading once


def _landing_of(root, extract: Extract):
    """The extract as contract CSV files (fødselsnummer per person, org tree of tests.landing)."""
    from tests.landing import Landing, fnr

    landing = Landing(root)
    # min_n 3 is the floor (the figures below are computed without suppression); the register is declared
    # complete from 2014, so an extract whose first absence starts after January is still covered
    landing.kommune(min_n=3, fravaer_fra="01.01.2014")
    landing.stillingskoder([dict(stillingskode="7174", tittel="Sykepleier", kompetansegruppe="HOYSKOLE")])
    org = [
        dict(org_enhet=c, navn=n, overordnet=p, niva=str(lvl), gyldig_fra="01.01.2000", gyldig_til="")
        for c, n, p, lvl in (
            ("0219", "Kommunen", "", 1),
            ("A", "Område A", "0219", 2),
            ("B", "Område B", "0219", 2),
            ("A1", "Enhet A1", "A", 3),
            ("A2", "Enhet A2", "A", 3),
            ("B1", "Enhet B1", "B", 3),
        )
    ]
    landing.organisasjon(org)
    numbers = {p: fnr(date(1980, 1, int(p[1:])), 100 + int(p[1:])) for p in {r["person_id"] for r in extract.ansatte}}
    landing.ansatte(
        [
            dict(
                ansattnr=r["person_id"],
                fodselsnummer=numbers[r["person_id"]],
                kjonn=r["kjonn"],
                fodselsdato=_d(r["fodselsdato"]),
                arbeidsforhold_id=r["arbeidsforhold_id"],
                org_enhet=r["org_enhet"],
                stillingskode="7174",
                stillingsprosent=str(r["stillingsprosent"]).replace(".", ","),
                lonnsform=r["lonnsform"],
                ansettelsesform="FAST",
                gyldig_fra=_d(r["gyldig_fra"]),
                gyldig_til=_d(r["gyldig_til"]) if r["gyldig_til"] else "",
                sluttarsak="",
                innvandrerbakgrunn="N",
                leder="N",
            )
            for r in extract.ansatte
        ]
    )
    landing.fravaer(
        [
            dict(
                fravaer_id=r["fravaer_id"],
                arbeidsforhold_id=r["arbeidsforhold_id"],
                fravaerstype=r["fravaerstype"],
                fra_dato=_d(r["fra_dato"]),
                til_dato=_d(r["til_dato"]),
                grad=str(r["grad"]).replace(".", ","),
            )
            for r in extract.fravaer
        ]
    )
    return landing


def _state(url: str) -> tuple[dict, dict]:
    """The figures and the row count of every staging and intermediate table."""
    from tests.landing import rows

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            figs = _values({f.key: f for f in sf.compute_sykefravaer(conn, KOMMUNE, PERIOD, 0)})
        tables = {
            t: len(rows(engine, t)) for t in sa.inspect(engine).get_table_names() if t.startswith(("stg_", "int_"))
        }
    finally:
        engine.dispose()
    return figs, tables


def check_loading_twice_equals_loading_once(root, url: str, extract: Extract) -> None:
    from tests.landing import ingest

    landing = _landing_of(root / "landing", extract)
    first = ingest(landing, root, url)
    assert {f.status for f in first.files} == {"loaded"}, first.files
    assert first.rows_quarantined == 0, first.files  # the strategy makes valid extracts only
    once = _state(url)
    again = ingest(landing, root, url)
    assert {f.status for f in again.files} == {"unchanged"}
    assert _state(url) == once
    # The same content delivered again under a later date replaces, never adds to, the first delivery.
    for kind in ("ansatte", "fravaer"):
        old = landing.root / f"hr/{kind}_20190115.csv"
        shutil.copy(old, landing.root / f"hr/{kind}_20190116.csv")
    redelivered = ingest(landing, root, url)
    assert {(f.kind, f.status) for f in redelivered.files if f.status not in ("unchanged", "superseded")} == {
        ("ansatte", "loaded"),
        ("fravaer", "loaded"),
    }
    assert _state(url) == once


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extract=extracts(min_fravaer=1))  # an empty full snapshot is rejected by contract
def test_loading_the_same_extracts_twice_equals_loading_once(tmp_path_factory, extract):
    root = tmp_path_factory.mktemp("twice")
    check_loading_twice_equals_loading_once(root, f"duckdb:///{root / 'w.duckdb'}", extract)


def test_fixed_example_loading_twice_equals_loading_once(warehouse_url, tmp_path):
    check_loading_twice_equals_loading_once(tmp_path, warehouse_url, FIXED)
