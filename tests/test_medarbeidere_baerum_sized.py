"""The annual chapter on a Bærum-sized warehouse (about 12 600 persons, 2014-2018): the same figures
on both engines. How fast belongs to `make bench`, never to a timed unit test."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from hr.metrics.medarbeidere import compute_medarbeidere, workforce_figures
from hr.transform import rebuild_intermediate
from hr.warehouse import bulk_insert, create_engine, ensure_schema
from tests.factory import DEFAULT_CODES, KOMMUNE, record_deliveries

PERSONS = 12_600
START = date(2014, 1, 1)


def _days(rng, n, first, last):
    return [first + timedelta(days=int(x)) for x in rng.integers(0, (last - first).days + 1, n)]


def _warehouse_frames(seed: int = 2018) -> dict[str, pd.DataFrame]:
    """Synthetic staff of 7 areas with 10 units each, one or two employments per person, some of them in
    two versions, 24 payroll months of about 15 000 lines, pensions and postings. No absence rows: the
    sick-leave layer's volume is tested in its own performance test; here it computes agreed day-works only."""
    rng = np.random.default_rng(seed)
    areas = [f"O{i}" for i in range(7)]
    units = [f"{a}U{j}" for a in areas for j in range(10)]
    org = (
        [{"org_enhet": KOMMUNE, "navn": "Testkommune", "overordnet": None, "niva": 1}]
        + [{"org_enhet": a, "navn": f"Område {a}", "overordnet": KOMMUNE, "niva": 2} for a in areas]
        + [{"org_enhet": u, "navn": u, "overordnet": u[:2], "niva": 3} for u in units]
    )
    for row in org:
        row.update(gyldig_fra=date(2000, 1, 1), gyldig_til=None)

    n_emp = int(PERSONS * 1.3)
    person = np.concatenate([np.arange(PERSONS), rng.integers(0, PERSONS, n_emp - PERSONS)])
    hourly = rng.random(n_emp) < 0.22
    fra = np.array(_days(rng, n_emp, date(2008, 1, 1), date(2018, 10, 1)))
    ends = rng.random(n_emp) < 0.25
    til = np.array([f + timedelta(days=int(rng.integers(60, 2500))) if e else None for f, e in zip(fra, ends)])
    til = np.array([t if t is None or t <= date(2018, 12, 30) else None for t in til])
    codes = [c["stillingskode"] for c in DEFAULT_CODES]
    rows = []
    for i in range(n_emp):
        base = {
            "person_id": f"P{person[i]:05d}",
            "ansattnr": str(person[i]),
            "kjonn": "K" if person[i] % 4 else "M",
            "fodselsdato": date(1950 + int(person[i]) % 50, 1 + int(person[i]) % 12, 1 + int(person[i]) % 28),
            "arbeidsforhold_id": f"AF{i:06d}",
            "org_enhet": units[int(rng.integers(0, len(units)))],
            "stillingskode": codes[int(rng.integers(0, len(codes)))],
            "lonnsform": "TIME" if hourly[i] else "MAANED",
            "ansettelsesform": "MIDLERTIDIG" if hourly[i] or rng.random() < 0.15 else "FAST",
            "innvandrerbakgrunn": bool(rng.random() < 0.14),
            "leder": bool(rng.random() < 0.05),
        }
        pst = 0.0 if hourly[i] else float(rng.choice([20, 50, 62.5, 80, 100, 100, 100]))
        if rng.random() < 0.3 and (til[i] is None or (til[i] - fra[i]).days > 400):
            mid = fra[i] + timedelta(days=200)
            rows.append({**base, "stillingsprosent": pst, "gyldig_fra": fra[i], "gyldig_til": mid, "sluttarsak": None})
            rows.append(
                {
                    **base,
                    "stillingsprosent": pst if hourly[i] else 100.0,
                    "gyldig_fra": mid + timedelta(days=1),
                    "gyldig_til": til[i],
                    "sluttarsak": "OPPSIGELSE" if til[i] else None,
                }
            )
        else:
            rows.append(
                {
                    **base,
                    "stillingsprosent": pst,
                    "gyldig_fra": fra[i],
                    "gyldig_til": til[i],
                    "sluttarsak": "PENSJON" if til[i] else None,
                }
            )
    ansatte = pd.DataFrame(rows)

    monthly = ansatte[ansatte.lonnsform == "MAANED"].drop_duplicates("arbeidsforhold_id").arbeidsforhold_id.to_numpy()
    lonn = []
    for m in range(24):
        period = f"{2017 + m // 12}-{m % 12 + 1:02d}"
        ids = rng.choice(monthly, 15_000)
        lonn.append(
            pd.DataFrame(
                {
                    "periode": period,
                    "linje": np.arange(2, 15_002),
                    "arbeidsforhold_id": ids,
                    "lonnsart": "1000",
                    "lonnsartgruppe": rng.choice(["FASTLONN", "FASTLONN", "TILLEGG"], 15_000),
                    "timer": None,
                    "belop": np.round(rng.uniform(-500, 60_000, 15_000), 2),
                }
            )
        )
    pensjon = pd.DataFrame(
        {
            "leverandor": rng.choice(["KLP", "SPK", "BKP"], 3_000),
            "linje": np.arange(3_000),
            "person_id": [f"P{i:05d}" for i in rng.integers(0, PERSONS, 3_000)],
            "pensjonstype": rng.choice(["AFP", "ALDER", "UFORE"], 3_000),
            "uttaksdato": _days(rng, 3_000, date(2007, 1, 1), date(2018, 12, 31)),
            "uttaksgrad": rng.choice([40.0, 100.0], 3_000),
        }
    )
    pensjon["aar"] = [d.year for d in pensjon.uttaksdato]
    rekruttering = pd.DataFrame(
        {
            "utlysning_id": [f"U{i}" for i in range(8_000)],
            "org_enhet": rng.choice(units, 8_000),
            "stillingskode": "7174",
            "publisert_dato": _days(rng, 8_000, START, date(2018, 12, 31)),
            "antall_stillinger": rng.integers(1, 3, 8_000),
            "antall_sokere": rng.integers(0, 30, 8_000),
        }
    )
    return {
        "stg_organisasjon": pd.DataFrame(org),
        "stg_ansatte": ansatte,
        "stg_lonn": pd.concat(lonn),
        "stg_pensjon": pensjon,
        "stg_rekruttering": rekruttering,
        "ref_stillingskode": pd.DataFrame(DEFAULT_CODES),
        "ref_innbyggere": pd.DataFrame([{"aar": 2018, "innbyggere": 126_000}, {"aar": 2019, "innbyggere": 127_000}]),
    }


@pytest.fixture(scope="module")
def baerum_sized(tmp_path_factory, pg_database):
    """One Bærum-sized warehouse on each engine, loaded and transformed once for the module."""
    from tests.conftest import _pg_schema_url

    frames = _warehouse_frames()
    engines = {
        "duckdb": create_engine(f"duckdb:///{tmp_path_factory.mktemp('baerum') / 'warehouse.duckdb'}"),
        "postgresql": create_engine(_pg_schema_url(pg_database)),
    }
    for eng in engines.values():
        ensure_schema(eng)
        with eng.begin() as conn:
            bulk_insert(
                conn, "ref_kommune", pd.DataFrame([{"kommunenummer": KOMMUNE, "navn": "Testkommune", "min_n": 5}])
            )
            for table, frame in frames.items():
                frame = frame.copy()
                frame.insert(0, "load_id", "perf")
                frame.insert(0, "kommunenummer", KOMMUNE)
                bulk_insert(conn, table, frame.astype(object).where(frame.notna(), None))
            # every payroll month and pension year delivered (DEFINITIONS.md "Coverage"), as an ingest records
            record_deliveries(
                conn, KOMMUNE, [f"{y}-{m:02d}" for y in (2017, 2018) for m in range(1, 13)], range(2007, 2019)
            )
            rebuild_intermediate(conn, KOMMUNE)
    yield engines
    for eng in engines.values():
        eng.dispose()


def _on_both(engines, compute):
    """The same computation on each engine (how fast it is belongs to `make bench`, not to this test)."""
    results = {}
    for name, eng in engines.items():
        with eng.connect() as conn:
            results[name] = compute(conn)
    return results


@pytest.mark.slow
def test_baerum_sized_workforce_figures_are_equal_on_both_engines(baerum_sized):
    """The chapter's own figures on a Bærum-sized warehouse: equal on both engines."""
    results = _on_both(baerum_sized, lambda conn: workforce_figures(conn, KOMMUNE, 2018))
    assert results["duckdb"] == results["postgresql"]
    assert len(results["duckdb"]) > 300
    assert {"lonnskostnad_kroner", "lonn_kvinner_andel_av_menn_prosent", "nye_pensjoner"} <= {
        f.metric for f in results["duckdb"]
    }  # every payroll month and pension year is delivered


@pytest.mark.slow
def test_baerum_sized_chapter_with_sick_leave_is_equal_on_both_engines(baerum_sized):
    """The whole chapter (with sick leave for five years and kpi rows): equal on both engines."""
    results = _on_both(baerum_sized, lambda conn: compute_medarbeidere(conn, KOMMUNE, 2018, min_n=5))
    assert sorted(results["duckdb"], key=lambda f: f.key) == sorted(results["postgresql"], key=lambda f: f.key)
