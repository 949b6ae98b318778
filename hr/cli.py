"""The `hr` command (OUTPUTS.md). Every subcommand runs its work as Prefect flows.

Exit status: 0 done (quarantined rows are reported), 2 bad usage, 3 input rejected, 4 nothing to
report, 1 any other failure. Expected errors print one clear line, never a traceback.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from hr.settings import quiet_libraries

quiet_libraries()

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="HR-rapporter for kommuner: sykefravær (halvår) og Medarbeidere (år).")
report_app = typer.Typer(no_args_is_help=True, help="Lag én rapport.")
backfill_app = typer.Typer(no_args_is_help=True, help="Lag rapporter for mange perioder.")
app.add_typer(report_app, name="report")
app.add_typer(backfill_app, name="backfill")
quarantine_app = typer.Typer(no_args_is_help=True, help="Se rader som er satt i karantene.")
app.add_typer(quarantine_app, name="quarantine")

out = Console()
err = Console(stderr=True)

LandingOpt = typer.Option(..., "--landing", help="Mottakskatalogen med uttrekkene.", exists=True, file_okay=False)
OutOpt = typer.Option(..., "--out", help="Katalog for PDF og figures.csv.", file_okay=False)
WarehouseOpt = typer.Option(None, "--warehouse", envvar="HR_WAREHOUSE_URL",
                            help="SQLAlchemy-URL til datavarehuset (standard: innebygd DuckDB-fil).")


def _fail(exc: BaseException) -> "typer.Exit":
    from hr.errors import HrError

    code = exc.exit_code if isinstance(exc, HrError) else 1
    err.print(f"[bold red]Feil:[/] {exc}", highlight=False)
    return typer.Exit(code)


def _result(state):
    """The flow's return value, or exit with the error's status (no traceback for expected errors)."""
    value = state.result(raise_on_failure=False)
    if state.is_completed():
        return value
    if isinstance(value, BaseException):
        raise _fail(value)
    raise _fail(RuntimeError(state.message or "flyten feilet"))


def _print_ingest(summary) -> None:
    table = Table(title=f"Innlesing, kommune {summary.kommunenummer}")
    for col in ("fil", "status", "lest", "lastet", "i karantene"):
        table.add_column(col, justify="right" if col in ("lest", "lastet", "i karantene") else "left")
    for f in summary.files:
        table.add_row(f.file_name, f.status, str(f.rows_read), str(f.rows_loaded), str(f.rows_quarantined))
    out.print(table)
    rules: dict[str, int] = {}
    for f in summary.files:
        for rule, n in f.quarantine_by_rule.items():
            rules[rule] = rules.get(rule, 0) + n
    if rules:
        out.print(f"[yellow]{summary.rows_quarantined} rader i karantene:[/] "
                  + ", ".join(f"{r} ({n})" for r, n in sorted(rules.items())), highlight=False)
    for f in summary.rejected:
        err.print(f"[bold red]Avvist:[/] {f.file_name}: {f.message}", highlight=False)


@app.command()
def demo(out_dir: Path = typer.Option(Path("out/demo"), "--out", help="Katalog for demodata og rapporter."),
         scale: str = typer.Option("baerum", "--scale", help="Størrelse: baerum eller tiny.")):
    """Lag demodata (en syntetisk kommune kalibrert mot Bærum 2018), last dem og lag begge rapportene."""
    from flows.demo import demo_flow

    outcome = _result(demo_flow(str(out_dir), scale=scale, return_state=True))
    for r in outcome.reports:
        out.print(f"{r.rapport} {r.period}: {r.headline}", highlight=False)
        if r.rows_quarantined:
            out.print(f"  ({r.rows_quarantined} rader i karantene, se datakvalitet i rapporten)", highlight=False)
    for r in outcome.reports:
        print(r.pdf)


@app.command()
def ingest(landing: Path = LandingOpt, warehouse: Optional[str] = WarehouseOpt):
    """Valider og last alle nye uttrekk i mottakskatalogen (trygt å kjøre flere ganger)."""
    from flows.ingest import ingest_flow

    summary = _result(ingest_flow(str(landing), warehouse_url=warehouse, return_state=True))
    _print_ingest(summary)
    if summary.rejected:
        raise typer.Exit(3)


def _report(rapport: str, period: str, landing: Path, out_dir: Path, warehouse: Optional[str]) -> None:
    from flows.reports import medarbeidere_report_flow, sykefravaer_report_flow
    from hr.periods import Period, PeriodError

    try:
        per = Period.parse(period)
    except PeriodError as exc:
        err.print(f"[bold red]Feil:[/] {exc}", highlight=False)
        raise typer.Exit(2)
    if (rapport == "sykefravaer") != (per.kind == "half"):
        err.print(f"[bold red]Feil:[/] {rapport} tar {'et halvår som 2018H1' if rapport == 'sykefravaer' else 'et år som 2018'}",
                  highlight=False)
        raise typer.Exit(2)
    flow_fn = sykefravaer_report_flow if rapport == "sykefravaer" else medarbeidere_report_flow
    outcome = _result(flow_fn(per.code, str(landing), str(out_dir), warehouse_url=warehouse, return_state=True))
    out.print(f"{rapport} {outcome.period}: {outcome.headline}", highlight=False)
    if outcome.rows_quarantined:
        out.print(f"{outcome.rows_quarantined} rader i karantene (se datakvalitet i rapporten)", highlight=False)
    print(outcome.pdf)
    print(outcome.figures_csv)


@report_app.command("sykefravaer")
def report_sykefravaer(period: str = typer.Argument(..., help="Halvår, f.eks. 2018H1."),
                       landing: Path = LandingOpt, out_dir: Path = OutOpt, warehouse: Optional[str] = WarehouseOpt):
    """Halvårlig statusrapport for sykefravær."""
    _report("sykefravaer", period, landing, out_dir, warehouse)


@report_app.command("medarbeidere")
def report_medarbeidere(year: str = typer.Argument(..., help="År, f.eks. 2018."),
                        landing: Path = LandingOpt, out_dir: Path = OutOpt, warehouse: Optional[str] = WarehouseOpt):
    """Årskapittelet «Medarbeidere»."""
    _report("medarbeidere", year, landing, out_dir, warehouse)


def _backfill(rapport: str, first: str, last: str, landing: Path, out_dir: Path, warehouse: Optional[str]) -> None:
    from rich.progress import Progress

    from flows.backfill import run_backfill
    from hr.periods import PeriodError, period_range

    try:
        periods = period_range(first, last)
    except PeriodError as exc:
        err.print(f"[bold red]Feil:[/] {exc}", highlight=False)
        raise typer.Exit(2)
    with Progress(console=err, transient=True) as progress:
        bar = progress.add_task(f"{rapport} {first}–{last}", total=len(periods))
        result = run_backfill(rapport, first, last, str(landing), str(out_dir), warehouse,
                              on_done=lambda r: progress.advance(bar))
    table = Table(title=f"Etterkjøring {rapport} {first}–{last}")
    for col in ("periode", "status", "nøkkeltall", "PDF / årsak"):
        table.add_column(col)
    for r in result.results:
        table.add_row(r.period, "ok" if r.ok else f"feilet ({r.exit_code})", r.headline, r.pdf if r.ok else r.message)
    out.print(table)
    for r in result.results:
        if r.revision:
            out.print(f"[yellow]Revidert {r.period}:[/] {r.revision}", highlight=False)
    if not result.ok:
        raise typer.Exit(max(r.exit_code for r in result.results if not r.ok))


@backfill_app.command("sykefravaer")
def backfill_sykefravaer(first: str = typer.Argument(..., metavar="FROM"), last: str = typer.Argument(..., metavar="TO"),
                         landing: Path = LandingOpt, out_dir: Path = OutOpt, warehouse: Optional[str] = WarehouseOpt):
    """Alle halvår fra FROM til og med TO (f.eks. 2015H1 2018H2)."""
    _backfill("sykefravaer", first, last, landing, out_dir, warehouse)


@backfill_app.command("medarbeidere")
def backfill_medarbeidere(first: str = typer.Argument(..., metavar="FROM"), last: str = typer.Argument(..., metavar="TO"),
                          landing: Path = LandingOpt, out_dir: Path = OutOpt, warehouse: Optional[str] = WarehouseOpt):
    """Alle år fra FROM til og med TO (f.eks. 2014 2018)."""
    _backfill("medarbeidere", first, last, landing, out_dir, warehouse)


KommuneOpt = typer.Option(None, "--kommune", help="Bare denne kommunen (kommunenummer).")


@quarantine_app.command("list")
def quarantine_list(warehouse: Optional[str] = WarehouseOpt, kommune: Optional[str] = KommuneOpt):
    """Leveranser med rader i karantene, antall per regel."""
    from flows.quarantine import quarantine_flow

    rows = _result(quarantine_flow(kommunenummer=kommune, warehouse_url=warehouse, return_state=True))
    if not rows:
        out.print("Ingen rader i karantene.")
        return
    table = Table(title="Rader i karantene")
    for col in ("kommune", "fil", "status", "regel", "rader"):
        table.add_column(col, justify="right" if col == "rader" else "left")
    for r in rows:
        table.add_row(r["kommunenummer"], r["file_name"], r["status"], r["rule"], str(r["rader"]))
    out.print(table)


@quarantine_app.command("show")
def quarantine_show(file_name: str = typer.Argument(..., metavar="FIL", help="Filen, f.eks. hr/fravaer_20190115.csv."),
                    warehouse: Optional[str] = WarehouseOpt, kommune: Optional[str] = KommuneOpt):
    """Radene fra én fil som er satt i karantene: linje, kolonne, verdi, regel og forklaring."""
    from flows.quarantine import quarantine_flow

    rows = _result(quarantine_flow(file_name=file_name, kommunenummer=kommune, warehouse_url=warehouse,
                                   return_state=True))
    if not rows:
        out.print(f"Ingen rader i karantene fra {file_name}.", highlight=False)
        return
    table = Table(title=f"Karantene: {file_name}")
    for col in ("linje", "kolonne", "verdi", "regel", "forklaring"):
        table.add_column(col)
    for r in rows:
        table.add_row("" if r["line"] is None else str(r["line"]), r["column_name"] or "", r["verdi"] or "",
                      r["rule"], r["message"])
    out.print(table)


def main() -> None:
    code: int | str | None = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:
        err.print("Avbrutt.")
        code = 130
    finally:
        # Run the exit handlers (the temporary Prefect server stops, warehouse connections close and
        # DuckDB checkpoints), then leave without interpreter teardown, where DuckDB's bindings print
        # "leaked" warnings about objects the libraries still hold: noise on a clean exit.
        import atexit
        import os

        atexit._run_exitfuncs()
        if isinstance(code, str):
            err.print(code)
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code or 0)
