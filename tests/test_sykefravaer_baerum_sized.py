"""A Bærum-sized warehouse gives the same half-year sick-leave figures on both backends.

The data are random but shaped like Bærum's: about 12 600 persons, five years of employment
history, about 150 000 absence registrations. Only a few invariants and the byte-identity of the
figures files are checked here; the rules themselves are in the rule tests, and how fast it is
belongs to `make bench` (bench/results.md), never to a timed unit test.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from hr.figures import HELE_KOMMUNEN, figures_csv_text
from hr.metrics.sykefravaer import compute_sykefravaer
from hr.periods import Period
from hr.transform import rebuild_intermediate
from hr.warehouse import bulk_insert, create_engine, ensure_schema
from tests.factory import KOMMUNE

PERSONS = 12_600
REGISTRATIONS = 150_000
FIRST, LAST = np.datetime64("2014-01-01"), np.datetime64("2018-12-31")


def _org() -> pd.DataFrame:
    rows = [(KOMMUNE, "Kommunen", None, 1)]
    for a in range(7):
        rows.append((f"O{a}", f"Område {a}", KOMMUNE, 2))
        rows += [(f"O{a}U{u}", f"Enhet {a}.{u}", f"O{a}", 3) for u in range(12)]
    frame = pd.DataFrame(rows, columns=["org_enhet", "navn", "overordnet", "niva"])
    frame["gyldig_fra"], frame["gyldig_til"] = date(2000, 1, 1), None
    return frame


def _employment(rng: np.random.Generator) -> pd.DataFrame:
    """One or two employments per person, each in up to three versions (position size or unit changes)."""
    n_emp = int(PERSONS * 1.25)
    person = np.concatenate([np.arange(PERSONS), rng.integers(0, PERSONS, n_emp - PERSONS)])
    start = FIRST - rng.integers(0, 3000, n_emp)
    ended = rng.random(n_emp) < 0.15
    end = np.where(ended, start + rng.integers(200, 3000, n_emp), np.datetime64("NaT"))
    maaned = rng.random(n_emp) < 0.78
    rows = []
    for i in range(n_emp):
        cuts = sorted(rng.integers(1, 1800, rng.integers(0, 3)))
        bounds = [start[i]] + [FIRST + int(c) for c in cuts if FIRST + int(c) > start[i]]
        if not np.isnat(end[i]):
            bounds = [b for b in bounds if b < end[i]]
        unit = f"O{rng.integers(0, 7)}U{rng.integers(0, 12)}"
        for j, b in enumerate(bounds):
            til = bounds[j + 1] - 1 if j + 1 < len(bounds) else end[i]
            rows.append(
                (
                    f"p{person[i]}",
                    "K" if person[i] % 3 else "M",
                    f"AF{i}",
                    unit,
                    float(rng.choice([100, 100, 100, 80, 60, 50, 40])) if maaned[i] else 0.0,
                    "MAANED" if maaned[i] else "TIME",
                    b,
                    til,
                )
            )
    frame = pd.DataFrame(
        rows,
        columns=[
            "person_id",
            "kjonn",
            "arbeidsforhold_id",
            "org_enhet",
            "stillingsprosent",
            "lonnsform",
            "gyldig_fra",
            "gyldig_til",
        ],
    )
    frame["gyldig_fra"] = pd.to_datetime(frame["gyldig_fra"]).dt.date
    til = pd.to_datetime(frame["gyldig_til"])
    frame["gyldig_til"] = [None if pd.isna(t) else t.date() for t in til]
    frame["ansattnr"] = frame["person_id"]
    frame["fodselsdato"] = date(1975, 5, 5)
    frame["stillingskode"], frame["ansettelsesform"] = "7174", "FAST"
    frame["sluttarsak"], frame["innvandrerbakgrunn"], frame["leder"] = None, False, False
    return frame


def _absence(rng: np.random.Generator, employment: pd.DataFrame) -> pd.DataFrame:
    ids = employment["arbeidsforhold_id"].unique()
    af = rng.choice(ids, REGISTRATIONS)
    kind = rng.choice(
        ["EGENMELDING", "SYKMELDING", "SYKT_BARN", "PERMISJON", "ANNET"], REGISTRATIONS, p=[0.45, 0.4, 0.08, 0.05, 0.02]
    )
    length = np.where(kind == "SYKMELDING", rng.integers(3, 90, REGISTRATIONS), rng.integers(1, 4, REGISTRATIONS))
    fra = FIRST + rng.integers(0, (LAST - FIRST).astype(int), REGISTRATIONS)
    grad = np.where(rng.random(REGISTRATIONS) < 0.8, 100.0, rng.choice([20.0, 40.0, 50.0, 60.0], REGISTRATIONS))
    return pd.DataFrame(
        {
            "fravaer_id": [f"F{i}" for i in range(REGISTRATIONS)],
            "arbeidsforhold_id": af,
            "fravaerstype": kind,
            "fra_dato": pd.to_datetime(fra).date,
            "til_dato": pd.to_datetime(fra + length - 1).date,
            "grad": grad,
        }
    )


def _load(engine) -> None:
    rng = np.random.default_rng(2018)
    employment = _employment(rng)
    tables = {"stg_organisasjon": _org(), "stg_ansatte": employment, "stg_fravaer": _absence(rng, employment)}
    with engine.begin() as conn:
        bulk_insert(conn, "ref_kommune", pd.DataFrame([{"kommunenummer": KOMMUNE, "navn": "Test", "min_n": 5}]))
        for table, frame in tables.items():
            frame.insert(0, "load_id", "perf")
            frame.insert(0, "kommunenummer", KOMMUNE)
            bulk_insert(conn, table, frame.astype(object).where(frame.notna(), None))
        rebuild_intermediate(conn, KOMMUNE)


@pytest.mark.slow
def test_duckdb_and_postgresql_give_byte_identical_figures_on_a_baerum_sized_warehouse(duckdb_url, postgres_url):
    """The figures file must not depend on the backend (docs/architecture.md): exact sums, one division."""
    texts = []
    for url in (duckdb_url, postgres_url):
        engine = create_engine(url)
        ensure_schema(engine)
        _load(engine)
        with engine.connect() as conn:
            figures = compute_sykefravaer(conn, KOMMUNE, Period.parse("2018H1"), 5)
        engine.dispose()
        total = {f.metric: f for f in figures if f.period == "2018H1" and f.omrade == HELE_KOMMUNEN and f.gruppe == ""}
        assert 8_000 < total["sykefravaer_prosent"].n < PERSONS
        assert 2 < total["sykefravaer_prosent"].verdi < 15
        assert total["sykefravaer_korttid_prosent"].verdi + total["sykefravaer_langtid_prosent"].verdi == pytest.approx(
            total["sykefravaer_prosent"].verdi, rel=1e-12
        )
        texts.append(figures_csv_text(figures))
    assert texts[0].count("\n") > 200
    assert texts[0] == texts[1]
