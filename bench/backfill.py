"""`make bench-backfill`: a backfill run again with nothing changed is at least 5× faster, same files.

The acceptance test of "Scheduled runs and backfills": `hr backfill sykefravaer 2016H1 2018H2` on the
demo data renders six periods; run again with nothing changed it is at least 5× faster, and its figures
files are byte-identical. This runs it in a fresh working directory with an empty DuckDB warehouse:

  1. cold      (empty warehouse, empty caches): ingest, then compute + render + publish of every period
  2. unchanged (same command again): the up-to-date check finds nothing to do
  3. --force   (the full orchestrated path with its caches)
  4. server    (the unchanged backfill again, with PREFECT_API_URL of a temporary Prefect server as
                `make serve` starts it: the command finds every period up to date and records a Completed
                "uendret" run of the deployment per period, hr/server_runs.py; else the worker's runs do)

and prints the wall times, the speed-up of 2 over 1, the server's time beside the local up-to-date time
(2) with their ratio, and whether every figures file of runs 2, 3 and 4 is byte-identical to run 1's.
Exit status 1 when the speed-up is below 5, the server path takes more than twice the local up-to-date
path, a server period is not "uendret", the files differ or a period is missing. `--no-server` leaves
run 4 out. A benchmark, not a test: the times depend on the machine and its load.

    python -m bench.backfill                 # Bærum-sized demo data (made once into .bench/data/baerum)
    python -m bench.backfill --scale tiny    # the tiny preset: about two minutes
    python -m bench.backfill --scale tiny --from 2018H2 --to 2018H2   # one period (tests/test_bench_smoke.py)
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
from pathlib import Path

from bench.run import ROOT, Bench, dataset, measure, prefect_home, warehouse

REQUIRED_SPEEDUP = 5.0
MAX_SERVER_RATIO = 2.0  # the unchanged backfill through the server against the local up-to-date path


def figures_files(out: Path) -> list[str]:
    return sorted(p.name for p in out.glob("*.figures.csv"))


def keep(out: Path, target: Path) -> None:
    """A copy of this run's figures files, to compare with the next run's (which rewrites them in place)."""
    target.mkdir(parents=True)
    for name in figures_files(out):
        shutil.copy2(out / name, target / name)


def identical(a: Path, b: Path) -> bool:
    """Same figures files, byte for byte (as `cmp`)."""
    names = figures_files(a)
    return names == figures_files(b) and all(filecmp.cmp(a / n, b / n, shallow=False) for n in names)


def current_code_version() -> str:
    """The metric and report code's version now (hr.code_version, read afresh: not the cached value)."""
    from hr import code_version as cv

    cv.compute_code_version.cache_clear()
    cv.render_code_version.cache_clear()
    return cv.code_version()


def server_unchanged(cmd: list[str], workdir: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """The backfill `cmd` through a temporary Prefect server, work pool, deployments and worker as
    `make serve` starts them (flows/serve.py); only the backfill itself is timed, not starting them."""
    from flows.serve import prepare, start_server, start_worker

    lp = start_server(workdir / "prefect-server", ui=False, extra_env=env)
    try:
        prepare(lp)
        start_worker(lp)
        worker_online(lp)  # as under a `make serve` that has been up a while: not timing the worker's start
        return measure(cmd, env={**lp.env, "COLUMNS": "200"}, cwd=workdir)
    finally:
        lp.stop()


def worker_online(lp, timeout: float = 180) -> None:
    """Wait until the work pool's worker has checked in with the server (it has started up)."""
    import time

    import httpx

    from flows.serve import POOL

    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=lp.api_url, timeout=30) as client:
        while time.monotonic() < deadline:
            found = client.post(f"/work_pools/{POOL}/workers/filter", json={})
            if found.is_success and any(w.get("status") == "ONLINE" for w in found.json()):
                return
            time.sleep(1)
    raise RuntimeError(f"arbeideren i {POOL} meldte seg ikke innen {timeout:.0f} s:\n{lp.log('worker')[-1500:]}")


def uendret_periods(stdout: str) -> list[str]:
    """The periods the backfill's closing table calls "uendret"."""
    cells = [[c.strip() for c in line.split("│")] for line in stdout.splitlines() if line.count("│") > 3]
    return [c[1] for c in cells if len(c) > 2 and c[2] == "uendret"]


def run(b: Bench, scale: str, first: str, last: str, report: str = "sykefravaer", server: bool = True) -> dict:
    """The backfills in one fresh working directory; their times and what they left behind."""
    from hr.periods import period_range

    landing = dataset(b, scale)
    periods = [p.code for p in period_range(first, last)]
    result = {"scale": scale, "first": first, "last": last, "periods": periods, "seconds": {}}
    with warehouse(b, "duckdb", f"backfill-{scale}") as (workdir, url):
        out = workdir / "out"
        cmd = [b.hr, "backfill", report, first, last, "--landing", str(landing), "--out", str(out), "--warehouse", url]
        env = {"HR_HOME": str(workdir)}
        versions = [current_code_version()]
        for name, extra in (("kald", []), ("uendret", []), ("--force", ["--force"])):
            b.say(f"  hr backfill {report} {first} {last} {' '.join([*extra, ''])}({name}) …")
            wall, peak, stdout = measure(cmd + extra, env=env, cwd=workdir)
            versions.append(current_code_version())
            result["seconds"][name] = wall
            result.setdefault("peak_mb", {})[name] = peak
            result.setdefault("stdout", {})[name] = stdout
            keep(out, workdir / f"figures-{len(result['seconds'])}")
        if server:
            b.say(f"  hr backfill {report} {first} {last} (uendret, gjennom en Prefect-server) …")
            wall, peak, stdout = server_unchanged(cmd, workdir, env)
            versions.append(current_code_version())
            result["seconds"]["server"], result["peak_mb"]["server"], result["stdout"]["server"] = wall, peak, stdout
            keep(out, workdir / "figures-4")
            result["server_uendret"] = uendret_periods(stdout)
            # the command found every period up to date itself and recorded the runs (hr/server_runs.py)
            result["server_checked_here"] = "ingenting er endret" in stdout
        result["rendered"] = [
            n.removeprefix(f"{report}_").removesuffix(".figures.csv") for n in figures_files(workdir / "figures-1")
        ]
        result["identical"] = {
            "uendret": identical(workdir / "figures-1", workdir / "figures-2"),
            "--force": identical(workdir / "figures-1", workdir / "figures-3"),
        }
        if server:
            result["identical"]["server"] = identical(workdir / "figures-1", workdir / "figures-4")
        result["unchanged_skipped"] = "ingenting er endret" in result["stdout"]["uendret"]
        result["code_changed"] = len(set(versions)) > 1
    s = result["seconds"]
    result["speedup"] = s["kald"] / s["uendret"]
    if server:
        result["server_ratio"] = s["server"] / s["uendret"]
    return result


def verdict(result: dict, required: float = REQUIRED_SPEEDUP) -> list[str]:
    """What does not hold (empty when the acceptance criterion is met)."""
    problems = []
    if result["rendered"] != result["periods"]:
        problems.append(
            f"perioder laget: {', '.join(result['rendered']) or 'ingen'}; ventet {', '.join(result['periods'])}"
        )
    if result["speedup"] < required:
        problems.append(
            f"andre kjøring bare {result['speedup']:.1f}× raskere (krav ≥ {required:g}×)"
            + (
                "; koden (hr.code_version) ble endret mens benchmarken kjørte, så andre kjøring "
                "måtte regne og lage alt på nytt: kjør igjen"
                if result.get("code_changed")
                else ""
            )
        )
    if "server_ratio" in result:
        if result["server_uendret"] != result["periods"]:
            problems.append(
                f"gjennom serveren sa bare {', '.join(result['server_uendret']) or 'ingen'} «uendret»; "
                f"ventet {', '.join(result['periods'])}"
            )
        if result["server_ratio"] > MAX_SERVER_RATIO:
            problems.append(
                f"uendret etterkjøring gjennom serveren tok {result['server_ratio']:.1f}× tiden lokalt "
                f"(krav ≤ {MAX_SERVER_RATIO:g}×)"
            )
    for name, same in result["identical"].items():
        if not same:
            problems.append(f"tallfilene etter kjøringen {name} er ikke byte-identiske med første kjøring")
    return problems


def report(result: dict) -> str:
    s, same = result["seconds"], result["identical"]
    n = len(result["periods"])
    lines = [
        f"hr backfill sykefravaer {result['first']} {result['last']} ({n} perioder, data: {result['scale']}, "
        "DuckDB, ny arbeidskatalog)",
        f"  1. kald                   {s['kald']:7.1f} s",
        f"  2. ingenting endret       {s['uendret']:7.1f} s"
        + ("   (oppdatert-sjekken: ingenting å gjøre)" if result["unchanged_skipped"] else ""),
        f"  3. --force                {s['--force']:7.1f} s",
        f"  speed-up 1 → 2:           {result['speedup']:7.1f}×   (krav ≥ {REQUIRED_SPEEDUP:g}×)",
    ]
    if "server_ratio" in result:
        how = (
            "kommandoen fant alt oppdatert og registrerte kjøringene"
            if result.get("server_checked_here")
            else "én deployment-kjøring per periode på arbeideren"
        )
        lines += [
            f"  4. uendret, via server    {s['server']:7.1f} s   ({len(result['server_uendret'])} av {n} perioder "
            f"«uendret»; {how})",
            f"  server mot lokal (4 / 2): {result['server_ratio']:7.1f}×   (krav ≤ {MAX_SERVER_RATIO:g}×)",
        ]
    pairs = ", ".join(
        f"{i} mot 1: {'ja' if same[k] else 'nei'}"
        for i, k in ((2, "uendret"), (3, "--force"), (4, "server"))
        if k in same
    )
    lines.append(
        f"  tallfiler byte-identiske: {'ja' if all(same.values()) else 'NEI'} "
        f"({pairs}; {len(result['rendered'])} filer)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", default="baerum", help="demo preset: tiny or baerum (default), or a factor of Bærum")
    ap.add_argument("--from", dest="first", default="2016H1")
    ap.add_argument("--to", dest="last", default="2018H2")
    ap.add_argument("--no-server", action="store_true", help="without run 4 (the backfill through a Prefect server)")
    ap.add_argument(
        "--work",
        type=Path,
        default=ROOT / ".bench",
        help="where generated data (data/<scale>), Prefect's home and the run directories go",
    )
    args = ap.parse_args(argv)
    b = Bench(args.work.resolve(), sys.executable, str(Path(sys.executable).parent / "hr"))
    prefect_home(b)  # the bench's own Prefect database, made before anything is measured
    try:
        result = run(b, args.scale, args.first, args.last, server=not args.no_server)
    except RuntimeError as exc:  # a command failed (measure says which and its exit status)
        print(f"Feil: {exc}", file=sys.stderr)
        return 2
    print(report(result))
    problems = verdict(result)
    for p in problems:
        print(f"  IKKE OPPFYLT: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
