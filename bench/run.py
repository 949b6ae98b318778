"""`make bench`: how fast the pipeline is at municipal scale, measured in one run, written to bench/results.md.

For each preset (Bærum, Oslo) and each warehouse (DuckDB, PostgreSQL):
  I/O floor (read every extract, nothing else), `hr ingest` cold, the figures of each report with the
  data loaded (as a report run computes them: the period sums shared), each report's rendering (PDF, web
  edition and figures file, as a report run writes them), `hr report sykefravaer` cold and warm, `hr report medarbeidere`
  after it; then the size curve (1× and 2× Bærum, Oslo ≈ 4× its persons), the ten-year Oslo backfill
  (20 half-years), and the many-municipality flow on 1 and 2 Dask workers (PostgreSQL).

Every step runs in a fresh process (the `hr` command itself, or bench/steps.py); wall time is the
step's, peak memory the highest sum of RSS over the step's process tree (sampled every 50 ms, so
the ingest's read-ahead process counts too). PostgreSQL gets a fresh database per measurement,
dropped afterwards. Generated data sets are kept under the bench directory (.bench/data) and reused.

    python -m bench.run                      # everything (what `make bench` runs)
    python -m bench.run --smoke              # tiny preset, minutes → seconds (tests/test_bench_smoke.py)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
# The targets of the issue "Fast at municipal scale" (bench/results.md says which hold).
TARGETS = {
    "baerum": {
        "report_cold": 30.0,
        "report_warm": 5.0,
        "peak_mb": 1536.0,
        "ingest_x_floor": 4.0,
        "figures_x_floor": 1.0,
    },
    "oslo": {"ingest_reports": 180.0, "peak_mb": 4096.0},
}


@dataclass
class Row:
    preset: str
    backend: str
    step: str
    seconds: float
    peak_mb: float
    floor: float | None = None  # the preset's I/O floor in seconds
    note: str = ""

    @property
    def ratio(self) -> str:
        return "" if not self.floor else f"{self.seconds / self.floor:.1f}"


@dataclass
class Bench:
    work: Path
    python: str
    hr: str
    rows: list[Row] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    def say(self, text: str) -> None:
        print(text, file=sys.stderr, flush=True)


# ---- processes ---------------------------------------------------------------------------------------
def measure(
    cmd: list[str], *, env: dict | None = None, cwd: Path | None = None, timeout: float = 1800
) -> tuple[float, float, str]:
    """Run `cmd`; return (wall seconds, peak MB of the process tree's summed RSS, stdout)."""
    import psutil

    full_env = {**os.environ, **(env or {})}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=full_env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    try:
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        total += p.memory_info().rss
            except psutil.Error:
                pass
            peak = max(peak, total)
            if time.perf_counter() - start > timeout:
                proc.kill()
                break
            time.sleep(0.05)
    except psutil.NoSuchProcess:
        pass
    stdout, stderr = proc.communicate()
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} … exit {proc.returncode}: {stderr.strip()[-800:]}")
    return wall, peak / 2**20, stdout


def step(b: Bench, name: str, *args: str, env: dict | None = None) -> tuple[dict, float, float]:
    """bench/steps.py in a fresh process: (its JSON, its own seconds, peak MB)."""
    wall, peak, out = measure([b.python, "-m", "bench.steps", name, *args], env=env, cwd=ROOT)
    data = json.loads(out.strip().splitlines()[-1])
    return data, float(data["seconds"]), peak


# ---- warehouses ---------------------------------------------------------------------------------------
@contextlib.contextmanager
def warehouse(b: Bench, backend: str, tag: str):
    """A fresh working directory and warehouse; a PostgreSQL database is dropped afterwards."""
    workdir = b.work / "runs" / f"{tag}-{backend}-{uuid.uuid4().hex[:6]}"
    workdir.mkdir(parents=True)
    if backend == "duckdb":
        yield workdir, f"duckdb:///{workdir / 'warehouse.duckdb'}"
        shutil.rmtree(workdir, ignore_errors=True)
        return
    import psycopg

    name = f"hr_bench_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'create database "{name}"')
    try:
        yield workdir, f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'drop database if exists "{name}" with (force)')
        shutil.rmtree(workdir, ignore_errors=True)


def pg_reachable() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3) as conn:
            conn.execute("select 1")
        return True
    except Exception:  # noqa: BLE001 - any failure: PostgreSQL is left out and results.md says so
        return False


# ---- data sets ----------------------------------------------------------------------------------------
def dataset(b: Bench, scale: str) -> Path:
    """The generated landing directory of a preset (or a float scale), made once and reused."""
    target = b.work / "data" / scale
    _generate(
        b, scale, target, f"from hr.demo import generate_landing; generate_landing({str(target)!r}, scale={scale!r})"
    )
    return target


def municipalities_dataset(b: Bench, n: int, base: str) -> Path:
    """N municipalities of `base`'s shape, one landing directory each under the returned directory."""
    target = b.work / "data" / f"kommuner{n}x{base}"
    _generate(
        b,
        f"{n} kommuner × {base}",
        target,
        f"from hr.demo import generate_municipalities; generate_municipalities({str(target)!r}, {n}, scale={base!r})",
    )
    return target


def _generate(b: Bench, label: str, target: Path, code: str) -> None:
    done = target / ".complete"  # {"seconds": ..., "peak_mb": ...} of the generation that made it
    if not done.exists():
        shutil.rmtree(target, ignore_errors=True)
        wall, peak, _ = measure([b.python, "-c", code], cwd=ROOT)
        b.say(f"  generert {label}: {wall:.1f} s, {peak:.0f} MB")
        done.write_text(json.dumps({"seconds": wall, "peak_mb": peak}))
    with contextlib.suppress(ValueError, KeyError):
        made = json.loads(done.read_text())
        b.extra.setdefault("generation", {})[label] = (made["seconds"], made["peak_mb"])


def prepare(b: Bench, jobs: list, parallel: int = 2) -> None:
    """Generate the data sets that are missing before anything is measured, `parallel` at a time (the
    generator is single-threaded; two generations use this machine's two cores). Nothing is timed
    against the pipeline meanwhile."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=parallel) as pool:
        for future in [pool.submit(job) for job in jobs]:
            future.result()


def dataset_size(landing: Path) -> dict:
    files = [p for p in landing.rglob("*") if p.is_file() and not p.name.startswith(".")]
    return {"files": len(files), "mb": sum(p.stat().st_size for p in files) / 2**20}


def periods_of(landing: Path) -> tuple[str, str]:
    sys.path.insert(0, str(ROOT))
    from flows.demo import latest_periods

    half, year = latest_periods(landing)
    return half.code, year.code


def kommunenummer(landing: Path) -> str:
    text = (landing / "referanse" / "kommune.yaml").read_text(encoding="utf-8")
    return text.split("kommunenummer:")[1].strip().strip('"').splitlines()[0].strip('"')


def prefect_home(b: Bench) -> None:
    """A Prefect home (its SQLite database) of the bench's own, made once before anything is measured.

    The `hr` commands run without PREFECT_API_URL (the plain core, no Prefect); the Dask scale-out starts
    its own server. Prefect's database is kept apart from other users' runs (~/.prefect), whose locks
    would be measured too, and made before the first measurement.
    """
    home = b.work / "prefect-home"
    home.mkdir(parents=True, exist_ok=True)
    os.environ["PREFECT_HOME"] = str(home)
    code = (
        "import hr.settings\nfrom prefect import flow\n@flow(name='oppvarming')\ndef f():\n    return 1\n"
        "if __name__ == '__main__':\n    f()\n"
    )
    script = home / "warmup.py"
    script.write_text(code)
    measure([b.python, str(script)], cwd=ROOT)


# ---- the measurements ---------------------------------------------------------------------------------
def hr_cmd(b: Bench, *args: str) -> list[str]:
    return [b.hr, *args]


def bench_preset(b: Bench, preset: str, backend: str) -> None:
    landing = dataset(b, preset)
    half, year = periods_of(landing)
    knr = kommunenummer(landing)
    floor_data, floor, floor_peak = step(b, "io_floor", str(landing))
    add = lambda s, sec, mb, note="": b.rows.append(Row(preset, backend, s, sec, mb, floor, note))  # noqa: E731
    add("I/O-gulv (les alle uttrekk)", floor, floor_peak, f"{floor_data['files']} filer, {floor_data['rows']} rader")
    b.say(f"  {preset}/{backend}: I/O-gulv {floor:.1f} s")

    with warehouse(b, backend, preset) as (workdir, url):
        env = {"HR_HOME": str(workdir)}
        wall, peak, _ = measure(
            hr_cmd(b, "ingest", "--landing", str(landing), "--warehouse", url), env=env, cwd=workdir
        )
        add("hr ingest, kald", wall, peak)
        b.say(f"  {preset}/{backend}: hr ingest kald {wall:.1f} s")

    # where ingest's time goes, once: the GE validation's share (the Oslo run and PostgreSQL are long enough
    # without a third ingest; the rebuild's share on PostgreSQL is in docs/scale.md)
    if preset != "oslo" and backend == "duckdb":
        with warehouse(b, backend, preset) as (workdir, url):
            data, sec, peak = step(b, "ingest", str(landing), str(workdir), url)
            add(
                "innlesing uten Prefect, kald",
                sec,
                peak,
                f"GE-validering {data['ge_seconds']:.1f} s (med import), "
                f"ombygging av int_* {data['rebuild_seconds']:.1f} s",
            )

    with warehouse(b, backend, preset) as (workdir, url):
        env = {"HR_HOME": str(workdir)}
        out = workdir / "out"
        report_args = ["report", "sykefravaer", half, "--landing", str(landing), "--out", str(out), "--warehouse", url]
        wall, peak, _ = measure(hr_cmd(b, *report_args), env=env, cwd=workdir)
        add(f"hr report sykefravaer {half}, kald", wall, peak)
        cold = wall
        b.say(f"  {preset}/{backend}: hr report sykefravaer kald {wall:.1f} s")
        wall, peak, _ = measure(hr_cmd(b, *report_args), env=env, cwd=workdir)
        add(f"hr report sykefravaer {half}, varm", wall, peak, "ingenting endret")
        wall, peak, _ = measure(
            hr_cmd(b, "report", "medarbeidere", year, "--landing", str(landing), "--out", str(out), "--warehouse", url),
            env=env,
            cwd=workdir,
        )
        add(f"hr report medarbeidere {year} (etter sykefravær)", wall, peak, "innlesing varm")
        b.extra.setdefault("ingest_plus_reports", {})[(preset, backend)] = cold + wall
        b.extra.setdefault("cold_runs", {})[(preset, backend)] = (
            cold,
            wall,
            max(r.peak_mb for r in b.rows if r.preset == preset),
        )
        for report, period in (("sykefravaer", half), ("medarbeidere", year)):
            _, sec, peak = step(b, "compute", str(workdir), url, knr, report, period)
            add(f"alle tall, {report} {period}", sec, peak, "data lastet")
        for report, period in (("sykefravaer", half), ("medarbeidere", year)):
            _, sec, peak = step(b, "render", str(workdir), url, knr, report, period, str(workdir / "render"))
            add(f"PDF, {report} {period}", sec, peak)
        if preset == "oslo" and backend == "duckdb" and b.extra.get("backfill", True):
            first = f"{int(half[:4]) - 9}H1"
            wall, peak, _ = measure(
                hr_cmd(
                    b,
                    "backfill",
                    "sykefravaer",
                    first,
                    half,
                    "--landing",
                    str(landing),
                    "--out",
                    str(workdir / "backfill"),
                    "--warehouse",
                    url,
                ),
                env=env,
                cwd=workdir,
            )
            b.extra["backfill_result"] = (first, half, wall, peak)
            b.say(f"  oslo/duckdb: etterkjøring {first}–{half} {wall:.1f} s")


def bench_curve(b: Bench, scales: list[str]) -> None:
    """Cold ingest + both reports on DuckDB for growing sizes of Bærum's shape (same history)."""
    out = []
    for scale in scales:
        landing = dataset(b, scale)
        half, year = periods_of(landing)
        done = b.extra.get("cold_runs", {}).get((scale, "duckdb"))
        if done:  # the preset's own cold run, measured above
            out.append((scale, dataset_size(landing)["mb"], *done))
            continue
        with warehouse(b, "duckdb", f"curve{scale}") as (workdir, url):
            env = {"HR_HOME": str(workdir)}
            o = workdir / "out"
            w1, p1, _ = measure(
                hr_cmd(
                    b, "report", "sykefravaer", half, "--landing", str(landing), "--out", str(o), "--warehouse", url
                ),
                env=env,
                cwd=workdir,
            )
            w2, p2, _ = measure(
                hr_cmd(
                    b, "report", "medarbeidere", year, "--landing", str(landing), "--out", str(o), "--warehouse", url
                ),
                env=env,
                cwd=workdir,
            )
        size = dataset_size(landing)
        out.append((scale, size["mb"], w1, w2, max(p1, p2)))
        b.say(f"  kurve {scale}: {w1 + w2:.1f} s")
    b.extra["curve"] = out


def bench_municipalities(b: Bench, n: int, base: str, workers: list[int]) -> None:
    """The many-municipality flow on PostgreSQL with 1 and 2 Dask worker processes."""
    landing_root = municipalities_dataset(b, n, base)
    landings = sorted(p for p in landing_root.iterdir() if p.is_dir())
    persons = {}
    results = []
    for w in workers:
        with warehouse(b, "postgresql", f"kommuner{w}") as (workdir, url):
            code = (
                "import json, sys; from pathlib import Path; from flows.scale import run_municipalities\n"
                "if __name__ == '__main__':\n"
                f"    r = run_municipalities([Path(p) for p in {[str(p) for p in landings]!r}], "
                f"Path({str(workdir / 'out')!r}), warehouse_url={url!r}, workdir=Path({str(workdir)!r}), workers={w})\n"
                "    print(json.dumps([[m.kommunenummer, m.seconds] for m in r]))\n"
            )
            script = workdir / "run_scale.py"
            script.write_text(code)
            wall, peak, out = measure([b.python, str(script)], cwd=ROOT, env={"HR_HOME": str(workdir)})
            per = json.loads(out.strip().splitlines()[-1])
        results.append((w, wall, peak, per))
        b.say(f"  {n} kommuner, {w} arbeider(e): {wall:.1f} s")
    for landing in landings:
        persons[landing.name] = count_persons(landing)
    b.extra["municipalities"] = {"n": n, "base": base, "runs": results, "persons": persons}


def count_persons(landing: Path) -> int:
    """Distinct ansattnr in the newest ansatte snapshot (persons with any employment in the history)."""
    newest = sorted((landing / "hr").glob("ansatte_*.csv"))[-1]
    lines = newest.read_text(encoding="utf-8-sig").splitlines()[1:]
    return len({line.split(";", 1)[0] for line in lines if line})


# ---- the report ---------------------------------------------------------------------------------------
def machine() -> dict:
    import psutil

    cpu = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for mod in ("duckdb", "sqlalchemy", "pandas", "prefect", "weasyprint", "great_expectations", "dask"):
        with contextlib.suppress(Exception):
            versions[mod] = __import__(mod).__version__
    pg = "ikke tilgjengelig"
    with contextlib.suppress(Exception):
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3) as conn:
            pg = conn.execute("show server_version").fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": psutil.virtual_memory().total / 2**30,
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": pg,
        "load": os.getloadavg(),
        **versions,
    }


def table(rows: list[Row]) -> str:
    lines = [
        "| datasett | varehus | steg | tid (s) | topp-RSS (MB) | × I/O-gulv | merknad |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.preset} | {r.backend} | {r.step} | {r.seconds:.1f} | {r.peak_mb:.0f} | {r.ratio} | {r.note} |"
        )
    return "\n".join(lines)


def targets(b: Bench) -> list[str]:
    """Each target of the issue with the measured value and whether it holds."""
    out = []

    def check(label: str, value: float, limit: float, unit: str) -> None:
        ok = value <= limit
        out.append(f"| {label} | {value:.1f} {unit} | ≤ {limit:g} {unit} | {'ja' if ok else '**nei**'} |")

    for backend in ("duckdb", "postgresql"):
        rows = [r for r in b.rows if r.preset == "baerum" and r.backend == backend]
        if not rows:
            continue
        t = TARGETS["baerum"]
        cold = next(r for r in rows if r.step.startswith("hr report sykefravaer") and r.step.endswith("kald"))
        warm = next(r for r in rows if r.step.startswith("hr report sykefravaer") and r.step.endswith("varm"))
        ingest = next(r for r in rows if r.step.startswith("hr ingest"))
        check(f"Bærum/{backend}: hr report sykefravaer kald", cold.seconds, t["report_cold"], "s")
        check(f"Bærum/{backend}: hr report sykefravaer varm", warm.seconds, t["report_warm"], "s")
        check(f"Bærum/{backend}: topp-RSS (alle steg)", max(r.peak_mb for r in rows), t["peak_mb"], "MB")
        check(f"Bærum/{backend}: hr ingest kald / I/O-gulv", ingest.seconds / ingest.floor, t["ingest_x_floor"], "×")
        for r in rows:
            if r.step.startswith("alle tall"):
                check(f"Bærum/{backend}: {r.step} / I/O-gulv", r.seconds / r.floor, t["figures_x_floor"], "×")
    for backend in ("duckdb", "postgresql"):
        total = b.extra.get("ingest_plus_reports", {}).get(("oslo", backend))
        if total is None:
            continue
        rows = [r for r in b.rows if r.preset == "oslo" and r.backend == backend]
        check(f"Oslo/{backend}: kald innlesing + begge rapporter", total, TARGETS["oslo"]["ingest_reports"], "s")
        check(f"Oslo/{backend}: topp-RSS (alle steg)", max(r.peak_mb for r in rows), TARGETS["oslo"]["peak_mb"], "MB")
    return out


def norway_estimate(per: list, persons: dict) -> list[str]:
    """Fixed seconds per municipality and seconds per person, fitted over the one-worker task times, and
    what that gives for all of Norway (350 municipalities, ≈ 500 000 employed persons; a person employed
    on the status date stands for 1.7 persons in five years of history, as in the Bærum preset)."""
    import numpy as np

    x = np.array([persons[k] for k, _ in per], dtype=float)
    y = np.array([s for _, s in per], dtype=float)
    if len(x) < 2 or np.ptp(x) == 0:
        return []
    c, f = np.polyfit(x, y, 1)
    total = 350 * f + c * 500_000 * 1.7
    return [
        f"Tilpasset rett linje over kommunene (én arbeider): {max(f, 0):.1f} s fast per kommune + "
        f"{1000 * c:.2f} ms per person i historikken. Hele Norge (350 kommuner, ≈ 500 000 ansatte ≈ "
        f"850 000 personer i fem års historikk): ≈ {total / 60:.0f} minutter med én arbeidsprosess, "
        f"≈ {total / 60 / 16:.0f} minutter med 16 (forutsatt at innlesingene ikke venter på hverandre; "
        "se docs/scale.md).",
        "",
    ]


def write_results(b: Bench, path: Path, started: float, load_before: tuple, notes: list[str]) -> str:
    m = machine()
    lines = [
        "# Benchmark: HR-rapport ved kommunal skala",
        "",
        f"Kjørt {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} med `make bench` "
        f"({(time.time() - started) / 60:.1f} minutter).",
        "",
        "## Maskinen",
        "",
        f"- CPU: {m['cpu']}, {m['cores']} kjerner; RAM {m['ram_gb']:.0f} GB; {m['os']}",
        f"- Python {m['python']}; DuckDB {m.get('duckdb')}; PostgreSQL {m['postgresql']}; "
        f"SQLAlchemy {m.get('sqlalchemy')}; pandas {m.get('pandas')}; Prefect {m.get('prefect')}; "
        f"WeasyPrint {m.get('weasyprint')}; Great Expectations {m.get('great_expectations')}; "
        f"Dask {m.get('dask')}",
        f"- Last (uptime, 1/5/15 min) før: {load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f}; "
        f"etter: {m['load'][0]:.2f} / {m['load'][1]:.2f} / {m['load'][2]:.2f}. Maskinen deles med andre "
        "jobber; høy last gjør tidene lengre.",
        "- I/O-gulvet leser hver fil med pandas' C-parser (pyarrow er ikke installert) og xlsx med openpyxl.",
        "- Topp-RSS er summen over kommandoens prosesstre (med innlesingens hjelpeprosess), målt hvert 50. ms.",
        "- `hr`-kommandoene kjøres uten `PREFECT_API_URL`: de kaller kjernen direkte og starter ingen "
        "Prefect-server. Dask-trinnet starter sin egen server; Prefects database ligger i en egen "
        "PREFECT_HOME for benchmarken (laget før målingene), ikke den som deles med andre kjøringer på maskinen.",
        "",
        "## Målinger",
        "",
        table(b.rows),
        "",
    ]
    gen = b.extra.get("generation", {})
    if gen:
        lines += [
            "## Generering av testdata (ikke en del av rørledningen; to om gangen før målingene; "
            "gjenbrukes fra .bench/data)",
            "",
            "| datasett | tid (s) | topp-RSS (MB) |",
            "|---|---:|---:|",
        ]
        lines += [f"| {k} | {w:.1f} | {p:.0f} |" for k, (w, p) in gen.items()]
        lines += [""]
    tgt = targets(b)
    if tgt:
        lines += ["## Mål", "", "| mål | målt | krav | holder |", "|---|---:|---:|---|", *tgt, ""]
    curve = b.extra.get("curve")
    if curve:
        base = curve[0]
        lines += [
            "## Størrelseskurve (DuckDB, kald innlesing + begge rapporter)",
            "",
            "| størrelse | data (MB) | sykefravær kald (s) | medarbeidere (s) | sum (s) | s per MB | topp-RSS (MB) |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        labels = {"baerum": "1× (Bærum)", "oslo": "Oslo: ≈4× personer, 2× år"}
        for scale, mb, w1, w2, peak in curve:
            label = labels.get(scale) or f"{float(scale):g}× Bærum"
            lines.append(
                f"| {label} | {mb:.0f} | {w1:.1f} | {w2:.1f} | {w1 + w2:.1f} | {(w1 + w2) / mb:.2f} | {peak:.0f} |"
            )
        last = curve[-1]
        growth = ((last[2] + last[3]) / (base[2] + base[3])) / (last[1] / base[1])
        lines += [
            "",
            f"Tid per MB data ved største mot minste størrelse: {growth:.2f} "
            "(≤ 1 betyr at ingenting vokser mer enn lineært; faste kostnader som import og oppstart gjør "
            "små datasett relativt dyrere).",
            "",
        ]
    bf = b.extra.get("backfill_result")
    if bf:
        first, last, wall, peak = bf
        lines += [
            "## Etterkjøring, Oslo, ti år (DuckDB)",
            "",
            f"`hr backfill sykefravaer {first} {last}` (20 halvår) på et varehus der Oslo-dataene alt er lastet: "
            f"**{wall:.1f} s**, topp-RSS {peak:.0f} MB ({wall / 20:.1f} s per halvår).",
            "",
        ]
    mun = b.extra.get("municipalities")
    if mun:
        total_persons = sum(mun["persons"].values())
        lines += [
            f"## Mange kommuner: {mun['n']} kommuner i ett varehus (PostgreSQL, Prefect + Dask)",
            "",
            "Kommuner (personer i historikken): "
            + ", ".join(f"{k} ({v})" for k, v in mun["persons"].items())
            + f"; sum {total_persons}.",
            "",
            "| arbeidsprosesser | veggtid (s) | topp-RSS (MB) | sum av oppgavetid (s) | oppgavetid per kommune (s) |",
            "|---:|---:|---:|---:|---|",
        ]
        for w, wall, peak, per in mun["runs"]:
            lines.append(
                f"| {w} | {wall:.1f} | {peak:.0f} | {sum(s for _, s in per):.1f} | "
                + ", ".join(f"{k} {s:.1f}" for k, s in per)
                + " |"
            )
        if len(mun["runs"]) >= 2:
            (w1, t1, *_), (w2, t2, *_) = mun["runs"][:2]
            task_sum = sum(s for _, s in mun["runs"][0][3])
            lines += [
                "",
                f"Speed-up fra {w1} til {w2} arbeidsprosesser: **{t1 / t2:.2f}×** i veggtid. "
                f"Målt kostnad per person (én arbeider, sum av oppgavetid / personer): "
                f"{1000 * task_sum / total_persons:.2f} ms.",
                "",
            ]
            lines += norway_estimate(mun["runs"][0][3], mun["persons"])
    lines += notes
    lines += ["Hvor tiden går, hvorfor et mål ikke nås og hva som vil hjelpe: docs/scale.md.", ""]
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--smoke", action="store_true", help="tiny preset only, DuckDB and (if reachable) PostgreSQL")
    ap.add_argument("--presets", default="baerum,oslo")
    ap.add_argument("--backends", default="duckdb,postgresql")
    ap.add_argument(
        "--curve",
        default="baerum,2.0,oslo",
        help="sizes of the growth curve: presets and factors of Bærum ('' to skip)",
    )
    ap.add_argument(
        "--stop-after",
        type=float,
        default=0,
        help="minutes: start no new stage after this (results.md names what was left out)",
    )
    ap.add_argument("--municipalities", type=int, default=4)
    ap.add_argument("--municipality-scale", default="0.35")
    ap.add_argument("--no-backfill", action="store_true")
    ap.add_argument("--work", type=Path, default=ROOT / ".bench")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = ap.parse_args(argv)
    if args.smoke:
        args.presets, args.curve, args.municipalities, args.municipality_scale = "tiny", "", 2, "tiny"
    b = Bench(args.work.resolve(), sys.executable, str(Path(sys.executable).parent / "hr"))
    b.extra["backfill"] = not args.no_backfill
    started, load_before = time.time(), os.getloadavg()
    prefect_home(b)
    backends = [x for x in args.backends.split(",") if x]
    notes = []
    if "postgresql" in backends and not pg_reachable():
        backends.remove("postgresql")
        notes.append("PostgreSQL på 127.0.0.1:5432 svarte ikke: bare DuckDB er målt.")
    presets = [p for p in args.presets.split(",") if p]
    curve = [c for c in args.curve.split(",") if c]
    # The data first, two generations at a time, largest first (nothing is measured meanwhile).
    b.say("testdata …")
    wanted = sorted(dict.fromkeys([*presets, *curve]), key=lambda s: s != "oslo")
    jobs = [lambda s=s: dataset(b, s) for s in wanted]
    if args.municipalities and "postgresql" in backends:
        jobs.append(lambda: municipalities_dataset(b, args.municipalities, args.municipality_scale))
    prepare(b, jobs)
    # DuckDB first, then the curve and the Dask run, then PostgreSQL; results.md is rewritten after every
    # stage, so an interrupted run still leaves what it measured.
    stages = [(f"{p}/duckdb", lambda p=p: bench_preset(b, p, "duckdb")) for p in presets if "duckdb" in backends]
    if curve:
        stages.append(("størrelseskurve", lambda: bench_curve(b, curve)))
    if args.municipalities and "postgresql" in backends:
        stages.append(
            (
                f"{args.municipalities} kommuner med Dask",
                lambda: bench_municipalities(b, args.municipalities, args.municipality_scale, [1, 2]),
            )
        )
    stages += [
        (f"{p}/postgresql", lambda p=p: bench_preset(b, p, "postgresql")) for p in presets if "postgresql" in backends
    ]
    skipped = []
    for name, run_stage in stages:
        if args.stop_after and time.time() - started > args.stop_after * 60:
            skipped.append(name)
            continue
        b.say(f"{name} …")
        try:
            run_stage()
        except Exception as exc:  # noqa: BLE001 - one failed stage must not lose the others' numbers
            notes.append(f"Steget «{name}» feilet: {str(exc).splitlines()[0][:300]}")
            b.say(f"  FEIL i {name}: {exc}")
        write_results(b, args.out, started, load_before, notes)
    if skipped:
        notes.append(
            f"Ikke målt i denne kjøringen (tidsgrensen --stop-after {args.stop_after:g} min nådd): "
            + ", ".join(skipped)
            + "."
        )
    print(write_results(b, args.out, started, load_before, notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
