"""One measured step of the benchmark, run in a fresh Python process by bench/run.py.

    python -m bench.steps io_floor LANDING
    python -m bench.steps ingest   LANDING WORKDIR URL
    python -m bench.steps compute  WORKDIR URL KOMMUNENUMMER RAPPORT PERIOD
    python -m bench.steps render   WORKDIR URL KOMMUNENUMMER RAPPORT PERIOD OUT

Each prints one JSON line {"seconds": ...} with the wall time of the measured work only (imports and
set-up excluded); the parent measures the process's peak memory. A fresh process per step means one
step's caches and memory never flatter the next.
"""

from __future__ import annotations

import io
import json
import pickle
import sys
import time
from pathlib import Path


def io_floor(landing: Path) -> dict:
    """Read every extract file into a table of strings and do nothing else: the floor any ingest stands on.

    pyarrow is not installed here, so CSV goes through pandas' C parser (its fastest without pyarrow);
    the pension xlsx files through openpyxl, as the ingest must read them too.
    """
    import openpyxl  # noqa: F401 - imported before the clock starts, as pandas
    import pandas as pd

    start = time.perf_counter()
    rows = files = size = 0
    for path in sorted(p for p in landing.rglob("*") if p.is_file() and not p.name.startswith(".")):
        data = path.read_bytes()
        size += len(data)
        files += 1
        if path.suffix == ".csv":
            encoding = "utf-8-sig"
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                encoding = "cp1252"
            frame = pd.read_csv(
                io.BytesIO(data),
                sep=";",
                dtype=str,
                keep_default_na=False,
                encoding=encoding,
                engine="c",
                on_bad_lines="skip",
            )
            rows += len(frame)
        elif path.suffix == ".xlsx":
            rows += len(pd.read_excel(io.BytesIO(data), dtype=str))
    return {"seconds": time.perf_counter() - start, "files": files, "rows": rows, "bytes": size}


def ingest(landing: Path, workdir: Path, url: str) -> dict:
    """The ingest pipeline as plain functions (no Prefect): read + validate + load + rebuild, with the
    time spent in Great Expectations (import included) and in the rebuild of the intermediate layer."""
    from hr import transform
    from hr.ingest import ingest_landing
    from hr.ingest import validate as validate_mod
    from hr.settings import build_settings

    spent = {"ge": 0.0, "rebuild": 0.0}

    def timed(key, fn):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[key] += time.perf_counter() - t

        return wrapper

    validate_mod.run_suite = timed("ge", validate_mod.run_suite)
    transform.rebuild_intermediate = timed("rebuild", transform.rebuild_intermediate)
    settings = build_settings(workdir=workdir, warehouse_url=url)
    start = time.perf_counter()
    summary = ingest_landing(landing, settings)
    return {
        "seconds": time.perf_counter() - start,
        "rows_quarantined": summary.rows_quarantined,
        "ge_seconds": spent["ge"],
        "rebuild_seconds": spent["rebuild"],
    }


def _figures(workdir: Path, url: str, kommunenummer: str, report: str, period: str):
    """The report's figures and metadata as a report run computes them (hr/core.py render_draft): the plain
    core's steps, each period's sums asked of the warehouse once and shared by both."""
    from hr.metrics.sykefravaer import period_sums_shared
    from hr.periods import Period
    from hr.report_steps import compute_figures, load_report_meta
    from hr.settings import build_settings

    settings = build_settings(workdir=workdir, warehouse_url=url)
    per = Period.parse(period)
    with period_sums_shared():
        figures = compute_figures(settings, kommunenummer, report, per)
        meta = load_report_meta(settings, kommunenummer, report, per)
    return figures, meta


def compute(workdir: Path, url: str, kommunenummer: str, report: str, period: str) -> dict:
    """Every figure of the report and its metadata, from a loaded warehouse. Imports and the first
    connection happen before the clock starts: they are the process's cost, not the figures'."""
    import hr.metrics.medarbeidere  # noqa: F401 - imported by compute_figures on first use
    import hr.metrics.sykefravaer  # noqa: F401
    import hr.report_steps  # noqa: F401
    import reports.render  # noqa: F401 - load_report_meta builds its metadata classes
    from hr.settings import build_settings
    from hr.warehouse import engine_for

    engine_for(build_settings(workdir=workdir, warehouse_url=url).warehouse_url).connect().close()
    start = time.perf_counter()
    figures, meta = _figures(workdir, url, kommunenummer, report, period)
    seconds = time.perf_counter() - start
    _computed(workdir, report, period).write_bytes(pickle.dumps((figures, meta)))  # for the render step
    return {"seconds": seconds, "figures": len(figures)}


def _computed(workdir: Path, report: str, period: str) -> Path:
    return workdir / f"bench-figures-{report}-{period}.pickle"


def render(workdir: Path, url: str, kommunenummer: str, report: str, period: str, out: Path) -> dict:
    """The PDF (and figures file, web edition) from figures already computed: those the compute step
    left (computing them again here costs up to 20 s on Oslo/PostgreSQL), else computed before the clock."""
    from hr.report_steps import render_report

    saved = _computed(workdir, report, period)
    if saved.exists():
        figures, meta = pickle.loads(saved.read_bytes())
    else:
        figures, meta = _figures(workdir, url, kommunenummer, report, period)
    start = time.perf_counter()
    pdf, _csv, _headline = render_report(report, figures, meta, out)  # as a report run: PDF, web edition, figures
    return {"seconds": time.perf_counter() - start, "pdf_bytes": Path(pdf).stat().st_size}


STEPS = {"io_floor": io_floor, "ingest": ingest, "compute": compute, "render": render}


def main(argv: list[str]) -> None:
    from hr.settings import quiet_libraries

    quiet_libraries()
    name, *args = argv
    fn = STEPS[name]
    converted = [Path(a) if ("/" in a and not a.startswith(("duckdb:", "postgresql"))) else a for a in args]
    print(json.dumps(fn(*converted)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
