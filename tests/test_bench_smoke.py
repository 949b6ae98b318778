"""The benchmark's code cannot rot: its measuring and reporting run for real on a tiny data set.

The full `make bench` takes up to 20 minutes and is not part of `make test`; this runs the same
functions on the tiny preset with one step each, so a broken step or results writer fails here.
The tests that assert wall-clock times are marked `bench`: `make bench` runs them (pytest -m bench).
"""

from __future__ import annotations

import json
import sys

import pytest

from bench import run as bench


def test_measure_reports_wall_time_and_peak_memory_of_the_child():
    # a child that holds ~60 MB for a moment: the sampled peak must see it, the wall time cover the sleep
    code = "import time; x = bytearray(60 * 2**20); x[::4096] = b'x' * len(x[::4096]); time.sleep(0.6); print('ok')"
    wall, peak, out = bench.measure([sys.executable, "-c", code])
    assert out.strip() == "ok"
    assert wall >= 0.6
    assert peak >= 60


def test_measure_raises_with_the_childs_error():
    with pytest.raises(RuntimeError, match="exit 3"):
        bench.measure([sys.executable, "-c", "import sys; sys.exit(3)"])


@pytest.fixture(scope="module")
def tiny_bench(tmp_path_factory):
    work = tmp_path_factory.mktemp("bench")
    b = bench.Bench(work, sys.executable, str(__import__("pathlib").Path(sys.executable).parent / "hr"))
    landing = bench.dataset(b, "tiny")
    return b, landing


@pytest.mark.bench  # a wall-clock limit: `make bench`, not `make test`
def test_io_floor_reads_every_extract_file(tiny_bench):
    b, landing = tiny_bench
    data, seconds, peak = bench.step(b, "io_floor", str(landing))
    files = [p for p in landing.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert data["files"] == len(files)
    assert data["rows"] > 1000
    assert 0 < seconds < 60 and peak > 10


def test_steps_and_results_on_the_tiny_preset(tiny_bench, tmp_path):
    """Ingest, figures and rendering of both reports through bench/steps.py, then results.md written."""
    b, landing = tiny_bench
    half, year = bench.periods_of(landing)
    knr = bench.kommunenummer(landing)
    assert (half, year, knr) == ("2018H2", "2018", "0219")
    with bench.warehouse(b, "duckdb", "smoke") as (workdir, url):
        data, sec, _ = bench.step(b, "ingest", str(landing), str(workdir), url)
        assert data["rows_quarantined"] > 0  # the demo's planted bad rows
        rows = [bench.Row("tiny", "duckdb", "hr ingest, kald", sec, 100.0, 0.5)]
        # one report is enough to exercise the steps (each is a fresh process; the bench runs both)
        data, sec, peak = bench.step(b, "compute", str(workdir), url, knr, "sykefravaer", half)
        assert data["figures"] > 50
        rows.append(bench.Row("tiny", "duckdb", f"alle tall, sykefravaer {half}", sec, peak, 0.5))
        data, sec, peak = bench.step(b, "render", str(workdir), url, knr, "sykefravaer", half, str(tmp_path / "r"))
        assert data["pdf_bytes"] > 10_000
        assert (tmp_path / "r" / f"sykefravaer_{half}.pdf").is_file()
    b.rows = rows
    out = tmp_path / "results.md"
    text = bench.write_results(b, out, started=0.0, load_before=(0.0, 0.0, 0.0), notes=[])
    assert out.read_text(encoding="utf-8") == text
    assert "## Maskinen" in text and "DuckDB" in text and "kjerner" in text
    assert "| tiny | duckdb | alle tall, sykefravaer 2018H2 |" in text
    assert json.dumps(bench.machine()["cores"]).isdigit()


@pytest.fixture(scope="module")
def two_municipalities(tmp_path_factory):
    """Two tiny municipalities run one after the other through flows/scale.py in one DuckDB warehouse:
    (landings, DuckDB URL, results), shared by the sequential and the Dask test below."""
    from flows.scale import run_municipalities
    from hr.demo import generate_municipalities

    tmp = tmp_path_factory.mktemp("municipalities")
    landings = generate_municipalities(tmp / "landing", 2, scale="tiny")
    url = f"duckdb:///{tmp / 'wh.duckdb'}"
    return landings, url, run_municipalities(landings, tmp / "out", warehouse_url=url, workdir=tmp / "hr")


def test_many_municipalities_share_one_warehouse(two_municipalities, tmp_path):
    """flows/scale.py's per-municipality work on two tiny municipalities in one DuckDB warehouse:
    each gets its own reports, and Dask workers are refused on a DuckDB file."""
    from flows.scale import run_municipalities
    from hr.warehouse import engine_for, query

    landings, url, results = two_municipalities
    with pytest.raises(ValueError, match="PostgreSQL"):
        run_municipalities(landings, tmp_path / "out", warehouse_url=url, workdir=tmp_path / "hr", workers=2)
    assert [r.kommunenummer for r in results] == ["0219", "0807"]
    for r in results:
        assert [p.rsplit("/", 2)[-2:] for p in r.pdfs] == [
            [r.kommunenummer, "sykefravaer_2018H2.pdf"],
            [r.kommunenummer, "medarbeidere_2018.pdf"],
        ]
        assert 0 < r.ingest_seconds < r.seconds
    with engine_for(url).connect() as conn:
        names = {k: query(conn, "marts/ref_kommune.sql", kommunenummer=k).iloc[0].navn for k in ("0219", "0807")}
    assert names == {"0219": "Bærum kommune", "0807": "Notodden kommune"}


@pytest.mark.bench  # times three backfills and asserts the speed-up: `make bench`, not `make test`
def test_backfill_bench_runs_and_checks_speedup_and_identical_files(tmp_path):
    """`python -m bench.backfill` for real on one tiny period: cold, unchanged, --force; the second run is
    the up-to-date check, the figures files of all three runs are byte-identical, and it exits 0."""
    import subprocess

    from bench.run import ROOT

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.backfill",
            "--scale",
            "tiny",
            "--from",
            "2018H2",
            "--to",
            "2018H2",
            "--no-server",
            "--work",
            str(tmp_path),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = proc.stdout
    assert "hr backfill sykefravaer 2018H2 2018H2 (1 perioder, data: tiny" in out
    assert "(oppdatert-sjekken: ingenting å gjøre)" in out
    assert "tallfiler byte-identiske: ja (2 mot 1: ja, 3 mot 1: ja; 1 filer)" in out
    times = {k: float(v) for k, v in __import__("re").findall(r"(kald|endret|--force)\s+([\d.]+) s", out)}
    assert set(times) == {"kald", "endret", "--force"} and times["endret"] * 5 <= times["kald"]
    assert not list((tmp_path / "runs").iterdir())  # the working directory is removed afterwards


def test_backfill_bench_verdict_names_what_does_not_hold():
    from bench.backfill import verdict

    ok = {
        "periods": ["2018H1", "2018H2"],
        "rendered": ["2018H1", "2018H2"],
        "speedup": 12.0,
        "identical": {"uendret": True, "--force": True},
    }
    assert verdict(ok) == []
    bad = {
        **ok,
        "rendered": ["2018H1"],
        "speedup": 4.9,
        "identical": {"uendret": True, "--force": False},
        "code_changed": True,
    }
    problems = verdict(bad)
    assert len(problems) == 3
    assert "2018H1" in problems[0] and "4.9×" in problems[1] and "kjør igjen" in problems[1]
    assert "--force" in problems[2]


def test_backfill_bench_verdict_on_the_server_run():
    """Run 4 (through a Prefect server) fails the bench when it is over twice the local up-to-date time
    or a period is not "uendret"."""
    from bench.backfill import uendret_periods, verdict

    ok = {
        "periods": ["2018H1", "2018H2"],
        "rendered": ["2018H1", "2018H2"],
        "speedup": 12.0,
        "identical": {"uendret": True, "--force": True, "server": True},
        "server_ratio": 1.8,
        "server_uendret": ["2018H1", "2018H2"],
    }
    assert verdict(ok) == []
    problems = verdict({**ok, "server_ratio": 2.4, "server_uendret": ["2018H1"]})
    assert len(problems) == 2 and "2018H1" in problems[0] and "2.4×" in problems[1]
    table = (
        "┃ periode ┃ status  ┃ nøkkeltall ┃ PDF / årsak ┃\n"
        "│ 2018H1  │ uendret │ sykefravær 6,5 % │ /out/a.pdf │\n"
        "│ 2018H2  │ ok      │ sykefravær 6,9 % │ /out/b.pdf │\n"
    )
    assert uendret_periods(table) == ["2018H1"]


def test_many_municipalities_on_two_dask_workers_match_the_sequential_run(two_municipalities, tmp_path, postgres_url):
    """The Dask path of flows/scale.py for real: two tiny municipalities on two worker processes in one
    PostgreSQL warehouse (one Prefect server, `prefect server start`, shared by the workers) give each municipality
    its two PDFs and the same headline figures as the run one after the other on DuckDB."""
    from flows.scale import run_municipalities

    landings, _, sequential = two_municipalities
    parallel = run_municipalities(
        landings, tmp_path / "out-pg", warehouse_url=postgres_url, workdir=tmp_path / "hr", workers=2
    )
    assert sorted(r.kommunenummer for r in parallel) == ["0219", "0807"]
    by_knr = {r.kommunenummer: r for r in sequential}
    for r in parallel:
        assert r.headlines == by_knr[r.kommunenummer].headlines
        assert [p.rsplit("/", 2)[-2:] for p in r.pdfs] == [
            [r.kommunenummer, "sykefravaer_2018H2.pdf"],
            [r.kommunenummer, "medarbeidere_2018.pdf"],
        ]
        assert all(
            (tmp_path / "out-pg" / r.kommunenummer / p.rsplit("/", 1)[-1]).stat().st_size > 10_000 for p in r.pdfs
        )
    # the workers' shared Prefect server (`prefect server start`) kept its database and log in the run's
    # working directory
    server_home = tmp_path / "hr" / "prefect-scale"
    assert (server_home / "prefect.db").is_file()
    assert "PREFECT_API_URL" in (server_home / "server.log").read_text()


def test_bench_cold_writes_its_section_once_with_medians_and_ratios(tmp_path):
    """bench/cold.py's table: medians of the runs taken in turns, ratios to the floor, the limits of issue 17;
    a second run replaces the section instead of adding one, and the rest of results.md stays."""
    from bench.cold import section, write_section

    results = tmp_path / "results.md"
    results.write_text("# Benchmark\n\n## Mål\n\ntabell\n", encoding="utf-8")
    text = section("baerum", {"floor": [1.2, 1.0, 1.4], "cold": [12.0, 9.0, 30.0], "warm": [1.9, 1.3, 1.5]})
    assert "| hr report sykefravaer, kald | 12.0, 9.0, 30.0 | 12.0 | 10.0 | ≤ 10 × | ja |" in text
    assert "| hr report sykefravaer, varm | 1.9, 1.3, 1.5 | 1.5 | 1.2 | ≤ 1.5 × | ja |" in text
    write_section(results, text)
    slower = section("baerum", {"floor": [1.0], "cold": [20.0], "warm": [2.0]})
    write_section(results, slower)
    written = results.read_text(encoding="utf-8")
    assert written.count("## Kaldstart") == 1 and written.startswith("# Benchmark\n\n## Mål\n\ntabell\n")
    assert (
        "| 20.0 | 20.0 | 20.0 | ≤ 10 × | **nei** |" in written and "| 2.0 | 2.0 | 2.0 | ≤ 1.5 × | **nei** |" in written
    )
