"""`make bench-cold`: a cold and a warm `hr report sykefravaer` against the floor, median of three, one run.

The floor is a fresh Python process that reads every extract of the landing directory once, with pandas'
C parser and openpyxl, and does nothing else (`python -m bench.steps io_floor`, timed from outside,
interpreter start and imports included). Cold: the same command as a user types it, on an empty DuckDB
warehouse in a fresh working directory, without PREFECT_API_URL (so without Prefect). Warm: the same
command again with nothing changed. The three kinds of run take turns (floor, cold, warm, floor, …), so a
machine whose speed drifts moves all three alike. The section «Kaldstart» of bench/results.md is
replaced with the table (issue 17: cold ≤ 10 × the floor, warm ≤ 1,5 × the floor).

    python -m bench.cold [--scale baerum] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

from bench.run import ROOT, Bench, dataset, measure, periods_of

COLD_X_FLOOR = 10.0
WARM_X_FLOOR = 1.5
SECTION = "## Kaldstart"


def run(scale: str, runs: int, work: Path) -> dict[str, list[float]]:
    b = Bench(work, sys.executable, str(Path(sys.executable).parent / "hr"))
    landing = dataset(b, scale)
    half, _ = periods_of(landing)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    times: dict[str, list[float]] = {"floor": [], "cold": [], "warm": []}
    for i in range(runs):
        wall, _, _ = measure([sys.executable, "-m", "bench.steps", "io_floor", str(landing)], cwd=ROOT)
        times["floor"].append(wall)
        workdir = work / "runs" / f"cold-{i}"
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        cmd = [
            b.hr,
            "report",
            "sykefravaer",
            half,
            "--landing",
            str(landing),
            "--out",
            str(workdir / "out"),
            "--warehouse",
            f"duckdb:///{workdir / 'warehouse.duckdb'}",
        ]
        run_env = {**env, "HR_HOME": str(workdir)}
        for kind in ("cold", "warm"):
            wall, _, _ = _measure_env(cmd, run_env, workdir)
            times[kind].append(wall)
            b.say(f"  {kind} {i + 1}: {wall:.1f} s (gulv {times['floor'][-1]:.1f} s)")
        shutil.rmtree(workdir, ignore_errors=True)
    return times


def _measure_env(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    """measure() adds to os.environ; here the environment is exactly `env` (no PREFECT_API_URL)."""
    saved = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        return measure(cmd, cwd=cwd)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def section(scale: str, times: dict[str, list[float]]) -> str:
    floor, cold, warm = (statistics.median(times[k]) for k in ("floor", "cold", "warm"))
    load = os.getloadavg()
    fmt = lambda xs: ", ".join(f"{x:.1f}" for x in xs)  # noqa: E731
    return "\n".join(
        [
            f"{SECTION} ({scale}, DuckDB, uten Prefect-server)",
            "",
            f"Kjørt {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} med `make bench-cold` "
            f"(`python -m bench.cold`), last etterpå {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}. Median av "
            f"{len(times['floor'])} kjøringer, tatt på omgang (gulv, kald, varm, gulv, …). Gulvet er en ny "
            "Python-prosess som leser hvert uttrekk én gang (pandas' C-parser, openpyxl), målt utenfra med "
            "oppstart og import. Kald: `hr report sykefravaer` på et tomt DuckDB-varehus i en ny arbeidskatalog, "
            "uten `PREFECT_API_URL`. Varm: samme kommando igjen, ingenting endret.",
            "",
            "| måling | kjøringer (s) | median (s) | × gulv | krav | holder |",
            "|---|---|---:|---:|---:|---|",
            f"| gulv (les alle uttrekk, ny prosess) | {fmt(times['floor'])} | {floor:.1f} | 1.0 | | |",
            f"| hr report sykefravaer, kald | {fmt(times['cold'])} | {cold:.1f} | {cold / floor:.1f} | "
            f"≤ {COLD_X_FLOOR:g} × | {'ja' if cold / floor <= COLD_X_FLOOR else '**nei**'} |",
            f"| hr report sykefravaer, varm | {fmt(times['warm'])} | {warm:.1f} | {warm / floor:.1f} | "
            f"≤ {WARM_X_FLOOR:g} × | {'ja' if warm / floor <= WARM_X_FLOOR else '**nei**'} |",
            "",
        ]
    )


def write_section(path: Path, text: str) -> None:
    """Replace the «Kaldstart» section of results.md (up to the next `## `), or append it."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if SECTION in old:
        start = old.index(SECTION)
        end = old.find("\n## ", start + len(SECTION))
        old = old[:start].rstrip("\n") + ("\n\n" + old[end + 1 :] if end != -1 else "")
    path.write_text(old.rstrip("\n") + "\n\n" + text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", default="baerum")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", type=Path, default=ROOT / ".bench")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    args = ap.parse_args(argv)
    times = run(args.scale, args.runs, args.work.resolve())
    text = section(args.scale, times)
    write_section(args.out, text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
