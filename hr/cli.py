"""The `hr` command (docs/utdata.md). Without PREFECT_API_URL every subcommand calls the plain core
(hr/core.py) in this process: no Prefect server, no flow runs. With PREFECT_API_URL set, the work runs as
Prefect flows against that server, so the runs show in its UI (approval always needs the server).

Exit status: 0 done (quarantined rows are reported), 2 bad usage, 3 input rejected, 4 nothing to
report, 1 any other failure. Expected errors print one clear line, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
import typer.core
from rich.console import Console
from rich.table import Table
from rich.text import Text

from hr import cli_nb
from hr.load_status import ignored_status_nb, status_nb
from hr.settings import quiet_libraries
from hr.wording import count

quiet_libraries()
cli_nb.install()  # Click's and Typer's own texts (usage errors, help headings) in bokmål


def _fail(exc: BaseException, *, name_type: bool = False) -> typer.Exit:
    """Print the error as one line «Feil: …» on stderr and give the Exit with its status (HrError's, else 1).

    Every command's errors pass here, so a warehouse that cannot be opened reads the same whichever command
    met it: «datavarehuset <where> kan ikke nås (<cause>)», as `hr ingest` says it (hr.warehouse.
    unreachable_message), never SQLAlchemy's text with its link. `name_type`: an unexpected error is
    prefixed with its class name."""

    from hr.errors import HrError

    code = exc.exit_code if isinstance(exc, HrError) else 1
    message = None if isinstance(exc, HrError) else (_disk_message(exc) or _unreachable_message(exc))
    if message is None:
        message = f"{type(exc).__name__}: {exc}" if name_type and not isinstance(exc, HrError) else str(exc)
    # soft_wrap: one message is one line, also when stderr is a log file (rich would cut it at 80 columns).
    err.print(_styled("Feil:", "bold red", f" {message}"), highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _disk_message(exc: BaseException) -> str | None:
    """The Norwegian line for a file that could not be written, anywhere in `exc`'s chain: a full disk (also
    DuckDB's «No space left on device»), a read-only file system, no access. None for anything else."""
    import errno
    import os

    from hr.errors import exception_chain

    for current in exception_chain(exc):
        number = current.errno if isinstance(current, OSError) else None
        where = getattr(current, "filename", None)
        place = f" ({os.path.dirname(str(where)) or where})" if where else ""
        if number in (errno.ENOSPC, errno.EDQUOT) or "No space left on device" in str(current):
            return f"disken er full{place}: ingenting mer kunne skrives. Frigjør plass og kjør kommandoen på nytt."
        if number == errno.EROFS:
            return f"mappen er skrivebeskyttet{place}. Bruk en mappe som kan skrives til (HR_HOME, --out)."
        if number in (errno.EACCES, errno.EPERM):
            return f"ingen tilgang til {where or 'en fil'}. Gi brukeren som kjører hr, skrivetilgang, eller bruk en annen mappe."
    return None


def _usage(message: object) -> typer.Exit:
    """A usage error (exit 2) in the same one «Feil:» line `_fail` prints."""
    from hr.errors import UsageError

    return _fail(UsageError(str(message)))


def _unreachable_message(exc: BaseException) -> str | None:
    """hr.warehouse.unreachable_message, without importing the warehouse module for an error that cannot be one."""
    if "sqlalchemy" not in sys.modules:
        return None
    from hr.warehouse import unreachable_message

    return unreachable_message(exc)


class _Hr(typer.core.TyperGroup):
    """`hr` itself: a warehouse that cannot be opened, met anywhere outside a command's own error handling
    (an up-to-date check, a role command), exits 1 with the one line `_fail` gives it, not a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise  # already said: the Exit from _fail is chained to the error it reported
        except Exception as exc:
            if _unreachable_message(exc) is None:
                raise
            raise _fail(exc) from None


app = typer.Typer(
    cls=_Hr,
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="HR-rapporter for kommuner: sykefravær (halvår) og Medarbeidere (år).",
)


class _ReportCommands(typer.core.TyperGroup):
    """The subcommands of `hr report` / `hr backfill`: one per registered report (hr/report_registry.py),
    in the registry's order; an unknown report exits 2 with a Norwegian message naming the known ones."""

    kind = "report"

    def list_commands(self, ctx) -> list[str]:
        from hr.report_registry import names

        return names()

    def get_command(self, ctx, cmd_name: str):
        from hr.report_registry import UnknownReport, get

        try:
            return _command(get(cmd_name), self.kind)
        except UnknownReport:
            return None

    def resolve_command(self, ctx, args):
        if args and not args[0].startswith("-") and self.get_command(ctx, args[0]) is None:
            _definition(args[0])
        return super().resolve_command(ctx, args)


class _BackfillCommands(_ReportCommands):
    kind = "backfill"


# Their subcommands come from the report registry: one per registered report.
report_app = typer.Typer(no_args_is_help=True, help="Lag én rapport.", cls=_ReportCommands)
backfill_app = typer.Typer(no_args_is_help=True, help="Lag rapporter for mange perioder.", cls=_BackfillCommands)
app.add_typer(report_app, name="report")
app.add_typer(backfill_app, name="backfill")
quarantine_app = typer.Typer(no_args_is_help=True, help="Se rader som er satt i karantene.")
app.add_typer(quarantine_app, name="quarantine")

# No console markup: file names, messages and values are printed as they are. A name like «[/x]» once ended
# the output (rich read it as a closing tag and raised), and with it the command, with exit status 0.
out = Console(markup=False)
err = Console(stderr=True, markup=False)


# The width of the output written to a log or a pipe (no terminal to ask, no COLUMNS): a table row is one line.
LOG_WIDTH = 200


def _styled(head: str, style: str, rest: str = "") -> Text:
    """A line whose head is styled («Feil:» in bold red) and the rest printed as it is."""
    return Text.assemble((head, style), rest)


LandingOpt = typer.Option(..., "--landing", help="Mottakskatalogen med uttrekkene.", exists=True, file_okay=False)
OutOpt = typer.Option(..., "--out", help="Katalog for PDF og figures.csv.", file_okay=False)
WarehouseOpt = typer.Option(
    None,
    "--warehouse",
    envvar="HR_WAREHOUSE_URL",
    help="SQLAlchemy-URL til datavarehuset (standard: innebygd DuckDB-fil).",
)


def _server() -> bool:
    """True when a Prefect server is configured (PREFECT_API_URL): then the work runs as flows on it."""
    import os

    return bool(os.environ.get("PREFECT_API_URL"))


def _settings(warehouse: str | None):
    from hr.errors import HrError
    from hr.settings import build_settings

    try:
        return build_settings(warehouse_url=warehouse)
    except HrError as exc:
        raise _fail(exc) from exc


def _plain(fn, *args, **kwargs):
    """Call the core; an error exits with its status and one line on stderr, as a failed flow would."""
    from hr.errors import HrError

    try:
        return fn(*args, **kwargs)
    except HrError as exc:
        raise _fail(exc) from exc
    except Exception as exc:  # noqa: BLE001 - any other failure: exit 1 with one line, no traceback
        raise _fail(exc, name_type=True) from exc


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
        table.add_column(col, justify="right" if col in ("lest", "lastet", "i karantene") else "left", overflow="fold")
    for f in summary.files:
        table.add_row(f.file_name, status_nb(f.status), str(f.rows_read), str(f.rows_loaded), str(f.rows_quarantined))
    out.print(table)
    rules: dict[str, int] = {}
    for f in summary.files:
        if f.status == "rejected":
            continue  # a refused file is no quarantined row: it has its own «Avvist» line below
        for rule, n in f.quarantine_by_rule.items():
            rules[rule] = rules.get(rule, 0) + n
    if rules:
        out.print(
            _styled(
                f"{count(summary.rows_quarantined, 'rad', 'rader')} i karantene:",
                "yellow",
                " " + ", ".join(f"{r} ({n})" for r, n in sorted(rules.items())),
            ),
            highlight=False,
            soft_wrap=True,  # one line, also in a log
        )
    # The notes of a file this run loaded (unknown columns not read, a fødselsnummer masked in free text,
    # an earlier delivery replaced): once per file, as meta_load_log has them. They name columns and
    # lines, never a value (hr/ingest/load.py masks any number in them).
    for f in summary.files:
        if f.status in ("loaded", "replaced") and f.message:
            out.print(f"Merknad: {f.file_name}: {f.message}", highlight=False, soft_wrap=True)
    for f in summary.rejected:
        err.print(_styled("Avvist:", "bold red", f" {f.file_name}: {f.message}"), highlight=False, soft_wrap=True)
    # Every file not read, one line each: skipped on stdout, refused (may hold a delivery) with the rejections.
    for i in summary.ignored:
        if i.refused:
            err.print(_styled("Avvist:", "bold red", f" {i.file_name}: {i.reason}"), highlight=False, soft_wrap=True)
        else:
            out.print(f"Ikke lest: {i.file_name}: {i.reason}", highlight=False, soft_wrap=True)
    for f in summary.held:
        err.print(_styled(f.message or f.file_name, "bold yellow"), highlight=False, soft_wrap=True)


def _at_least(lowest: int):
    """A callback refusing a number below `lowest` in bokmål (Click's own range shows «[x>=0]» in the help)."""

    def check(value: int) -> int:
        if value < lowest:
            raise typer.BadParameter(f"må være minst {lowest}, ikke {value}.")
        return value

    return check


@app.command()
def demo(
    out_dir: Path = typer.Option(Path("out/demo"), "--out", help="Katalog for demodata og rapporter."),
    scale: str = typer.Option(
        "baerum",
        "--scale",
        help="Størrelse: baerum (≈12 600 personer, 2014–2018), oslo (≈50 000, 2009–2018), "
        "tiny, eller et tall ganger Bærum.",
    ),
    municipalities: int = typer.Option(
        0,
        "--municipalities",
        callback=_at_least(0),
        metavar="ANTALL",
        help="Så mange kommuner av ulik størrelse i ett datavarehus (0: bare én).",
    ),
    workers: int = typer.Option(
        1,
        "--workers",
        callback=_at_least(1),
        metavar="ANTALL",
        help="Dask-arbeidsprosesser med --municipalities (PostgreSQL).",
    ),
    warehouse: str | None = typer.Option(
        None, "--warehouse", help="SQLAlchemy-URL med --municipalities (standard: DuckDB under --out)."
    ),
):
    """Lag demodata (en syntetisk kommune kalibrert mot Bærum 2018), last dem og lag begge rapportene."""
    from hr.demo import preset_of

    try:
        preset_of(scale)
    except ValueError as exc:
        raise _usage(exc) from None
    if municipalities:
        _demo_municipalities(out_dir, scale, municipalities, workers, warehouse)
        return
    if _server():
        from flows.demo import demo_flow

        outcome = _result(demo_flow(str(out_dir), scale=scale, return_state=True))
    else:
        from hr.core import run_demo
        from hr.settings import build_settings

        workdir = out_dir.resolve() / ".hr"
        outcome = _plain(lambda: run_demo(build_settings(workdir=str(workdir)), out_dir, scale))
    for r in outcome.reports:
        out.print(f"{r.report} {r.period}: {r.headline}", highlight=False)
        if r.rows_quarantined:
            out.print(
                f"  ({count(r.rows_quarantined, 'rad', 'rader')} i karantene, se datakvalitet i rapporten)",
                highlight=False,
            )
    for r in outcome.reports:
        print(r.pdf)
    for r in outcome.reports:
        if getattr(r, "html", None) and Path(r.html).is_file():
            print(r.html)  # the web editions


def _demo_municipalities(out_dir: Path, scale: str, n: int, workers: int, warehouse: str | None) -> None:
    """`hr demo --municipalities N`: N landing directories under out/landing/<kommunenummer>, one warehouse."""
    from flows.scale import run_municipalities
    from hr.demo import MUNICIPALITIES, generate_municipalities
    from reports.format import tall

    problem = (
        f"--municipalities tar 1 til {len(MUNICIPALITIES)} kommuner"
        if n > len(MUNICIPALITIES)
        else "--workers over 1 krever --warehouse med PostgreSQL"
        if workers > 1 and not (warehouse or "").startswith("postgresql")
        else ""
    )
    if problem:
        raise _usage(problem)
    out_dir = out_dir.resolve()
    try:
        landings = generate_municipalities(out_dir / "landing", n, scale=scale)
        results = run_municipalities(
            landings, out_dir, warehouse_url=warehouse, workdir=out_dir / ".hr", workers=workers
        )
    except Exception as exc:  # noqa: BLE001 - expected errors exit with their status, others with 1
        raise _fail(exc) from exc
    for r in results:
        out.print(f"{r.kommunenummer}: " + "; ".join(r.headlines) + f" ({tall(r.seconds, 1)} s)", highlight=False)
    for r in results:
        for pdf in r.pdfs:
            print(pdf)


@app.command()
def ingest(
    landing: Path = LandingOpt,
    warehouse: str | None = WarehouseOpt,
    accept: list[str] | None = typer.Option(
        None,
        "--accept",
        metavar="FIL",
        help="Bekreft et øyeblikksbilde som er holdt tilbake fordi det sletter mange poster, "
        "f.eks. hr/ansatte_20190215.csv (kan gis flere ganger).",
    ),
):
    """Valider og last alle nye uttrekk i mottakskatalogen (trygt å kjøre flere ganger)."""
    if _server():
        from flows.ingest import ingest_flow

        summary = _result(
            ingest_flow(str(landing), warehouse_url=warehouse, accept=list(accept or []), return_state=True)
        )
    else:
        from hr.core import ingest as ingest_landing

        summary = _plain(ingest_landing, _settings(warehouse), landing, accept=list(accept or []))
    _print_ingest(summary)
    if summary.rejected or summary.refused or summary.held:
        raise typer.Exit(3)


ForceOpt = typer.Option(False, "--force", help="Kjør alt på nytt selv om ingenting er endret.")


def _up_to_date(
    report: str, periods: list[str], landing: Path, out_dir: Path, warehouse: str | None, backfill: bool = False
):
    """The published outcome of every period when nothing changed since (hr/up_to_date.py), else None.

    With PREFECT_API_URL set only for a backfill that passes the warehouse URL to its runs itself (without
    a password; it then records the periods on the server, hr/server_runs.py): otherwise the worker's own
    warehouse decides, so the check belongs in its runs.
    """
    import os

    if os.environ.get("PREFECT_API_URL"):
        from hr.settings import has_password

        if not backfill or not warehouse or has_password(warehouse):
            return None
    from hr import up_to_date
    from hr.errors import HrError
    from hr.settings import build_settings

    try:
        settings = build_settings(warehouse_url=warehouse)
    except HrError:
        return None  # e.g. HR_MIN_N below the floor: the full run says so, with its exit status
    return up_to_date.check(settings, landing, report, periods, out_dir)


def _report(report: str, period: str, landing: Path, out_dir: Path, warehouse: str | None, force: bool = False) -> None:
    from hr.core import parse_period

    _definition(report)
    per = _plain(parse_period, report, period)
    fresh = None if force else _up_to_date(report, [per.code], landing, out_dir, warehouse)
    if fresh:
        outcome = fresh[0]
        out.print(f"{report} {outcome.period}: {outcome.headline} (uendret siden forrige kjøring)", highlight=False)
    elif _server():
        from flows.reports import report_flow_for

        flow_fn = report_flow_for(report)
        outcome = _result(flow_fn(per.code, str(landing), str(out_dir), warehouse_url=warehouse, return_state=True))
        out.print(f"{report} {outcome.period}: {outcome.headline}", highlight=False)
    else:
        from hr.core import run_report

        outcome = _plain(run_report, _settings(warehouse), report, per.code, landing, out_dir)
        out.print(f"{report} {outcome.period}: {outcome.headline}", highlight=False)
    if outcome.rows_quarantined:
        out.print(
            f"{count(outcome.rows_quarantined, 'rad', 'rader')} i karantene (se datakvalitet i rapporten)",
            highlight=False,
        )
    print(outcome.pdf)
    print(outcome.figures_csv)
    web = Path(outcome.pdf).with_suffix(".html")  # the web edition, written beside the PDF
    if web.is_file():
        print(web)


def _definition(report: str):
    """The report's definition (hr/report_registry.py); an unknown name exits 2 with the known names."""
    from hr.report_registry import UnknownReport, get

    try:
        return get(report)
    except UnknownReport as exc:
        raise _usage(exc) from None


def _backfill(
    report: str, first: str, last: str, landing: Path, out_dir: Path, warehouse: str | None, force: bool = False
) -> None:
    import os

    from rich.progress import Progress

    from hr.periods import Period, PeriodError, period_range

    defn = _definition(report)
    try:
        for text in (first, last):
            Period.parse(text)  # an unknown form: named with the forms this report takes
    except PeriodError:
        raise _fail(defn.unknown_period(text)) from None
    try:
        periods = period_range(first, last)
    except PeriodError as exc:
        raise _usage(exc) from None
    fresh = (
        None if force else _up_to_date(report, [p.code for p in periods], landing, out_dir, warehouse, backfill=True)
    )
    if os.environ.get("PREFECT_API_URL"):
        from hr.warehouse import close_engines

        close_engines()  # the worker's runs open the warehouse next: DuckDB allows one process at a time
        if fresh:
            # Seen on the server as the worker's runs would be: one Completed "uendret" run per period.
            from hr.server_runs import record_unchanged

            if not record_unchanged(os.environ["PREFECT_API_URL"], report, fresh, landing, out_dir, warehouse):
                fresh = None
    if fresh:
        table = Table(title=f"Etterkjøring {report} {first}–{last}: ingenting er endret siden forrige kjøring")
        for col in ("periode", "status", "nøkkeltall", "PDF"):
            table.add_column(col, overflow="fold")
        for r in fresh:
            table.add_row(r.period, "uendret", r.headline, str(r.pdf))
        out.print(table)
        return
    with Progress(console=err, transient=True) as progress:
        bar = progress.add_task(f"{report} {first}–{last}", total=len(periods))
        if _server():  # the periods run on the server's workers
            from flows.backfill import run_backfill

            result = _plain(
                run_backfill,
                report,
                first,
                last,
                str(landing),
                str(out_dir),
                warehouse,
                on_done=lambda r: progress.advance(bar),
                force=force,
            )
        else:
            from hr.core import backfill

            result = _plain(
                backfill,
                _settings(warehouse),
                report,
                periods,
                landing,
                out_dir,
                on_done=lambda r: progress.advance(bar),
            )
    table = Table(title=f"Etterkjøring {report} {first}–{last}")
    for col in ("periode", "status", "nøkkeltall", "PDF / årsak"):
        table.add_column(col, overflow="fold")
    for r in result.results:
        status = ("uendret" if r.unchanged else "ok") if r.ok else f"feilet ({r.exit_code})"
        table.add_row(r.period, status, r.headline, r.pdf if r.ok else r.message)
    out.print(table)
    for r in result.results:
        if r.revision:
            # soft_wrap: one revised period is one line, also in a log file (rich would cut it at 80 columns)
            out.print(_styled(f"Revidert {r.period}:", "yellow", f" {r.revision}"), highlight=False, soft_wrap=True)
    if not result.ok:
        raise typer.Exit(max(r.exit_code for r in result.results if not r.ok))


def _command(defn, kind: str):
    """`hr report <name> PERIOD` or `hr backfill <name> FROM TO` of a registered report, as a click command.

    Built from the definition when asked for (so a report registered after this module was imported has
    its commands too): the period argument is named by the report's flow parameter (period, year) and its
    help texts are the definition's, as the hand-written commands of the two built-in reports were."""
    import inspect

    from typer.main import get_command

    def command(**kwargs):
        if kind == "report":
            _report(defn.name, kwargs.pop(defn.flow_param), **kwargs)
        else:
            _backfill(defn.name, kwargs.pop("first"), kwargs.pop("last"), **kwargs)

    if kind == "report":
        metavar = "HALVÅR" if defn.period_kind == "half" else "ÅR"
        periods = [(defn.flow_param, str, typer.Argument(..., metavar=metavar, help=defn.period_help))]
    else:
        periods = [
            ("first", str, typer.Argument(..., metavar="FRA")),
            ("last", str, typer.Argument(..., metavar="TIL")),
        ]
    params = [
        *periods,
        ("landing", Path, LandingOpt),
        ("out_dir", Path, OutOpt),
        ("warehouse", str | None, WarehouseOpt),
        ("force", bool, ForceOpt),
    ]
    signature = inspect.Signature(
        [
            inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=default, annotation=annotation)
            for name, annotation, default in params
        ]
    )
    command.__signature__ = signature  # type: ignore[attr-defined]  # Typer reads the signature
    command.__annotations__ = {name: annotation for name, annotation, _ in params}
    command.__doc__ = defn.command_help if kind == "report" else defn.backfill_help
    single = typer.Typer(add_completion=False)
    single.command(defn.name)(command)
    return get_command(single)


KommuneOpt = typer.Option(None, "--kommune", help="Bare denne kommunen (kommunenummer).")


@quarantine_app.command("list")
def quarantine_list(warehouse: str | None = WarehouseOpt, kommune: str | None = KommuneOpt):
    """Leveranser med rader i karantene, antall per regel."""
    rows = _quarantine(warehouse, kommunenummer=kommune)
    if not rows:
        out.print("Ingen rader i karantene.")
    else:
        table = Table(title="Rader i karantene")
        for col in ("kommune", "fil", "status", "regel", "rader"):
            table.add_column(col, justify="right" if col == "rader" else "left", overflow="fold")
        for r in rows:
            # a file refused whole (empty, unreadable, a required column missing) is one record, not one row
            rader = "hele filen" if r["status"] == "rejected" else str(r["rader"])
            table.add_row(r["kommunenummer"], r["file_name"], status_nb(r["status"]), r["rule"], rader)
        out.print(table)
    _print_ignored(_quarantine(warehouse, ignored=True, kommunenummer=kommune))


def _quarantine(warehouse: str | None, **kwargs) -> list[dict]:
    if _server():
        from flows.quarantine import quarantine_flow

        return _result(quarantine_flow(warehouse_url=warehouse, return_state=True, **kwargs))
    from hr.core import quarantine_rows

    return _plain(quarantine_rows, _settings(warehouse), **kwargs)


def _print_ignored(rows: list[dict]) -> None:
    """The files the last ingest did not read (meta_ignored_file), one line each."""
    if not rows:
        return
    table = Table(title="Filer som ikke er lest (siste innlesing)")
    for col in ("kommune", "fil", "status", "regel", "årsak"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(r["kommunenummer"], r["file_name"], ignored_status_nb(r["status"]), r["rule"], r["message"])
    out.print(table)


@quarantine_app.command("show")
def quarantine_show(
    file_name: str = typer.Argument(..., metavar="FIL", help="Filen, f.eks. hr/fravaer_20190115.csv."),
    warehouse: str | None = WarehouseOpt,
    kommune: str | None = KommuneOpt,
):
    """Radene fra én fil som er satt i karantene: linje, kolonne, verdi, regel og forklaring."""
    rows = _quarantine(warehouse, file_name=file_name, kommunenummer=kommune)
    if not rows:
        from hr.core import file_delivered

        # (through a server the warehouse is the worker's: there only the quarantine flow looks at it)
        if not _server() and not _plain(file_delivered, _settings(warehouse), file_name, kommune):
            raise _usage(
                f"ingen fil med navnet {file_name} er levert"
                + (f" for kommune {kommune}" if kommune else "")
                + ". Oppgi navnet slik hr ingest og hr quarantine list skriver det, for eksempel "
                "hr/fravaer_20190115.csv."
            )
        out.print(f"Ingen rader i karantene fra {file_name}.", highlight=False)
        return
    table = Table(title=f"Karantene: {file_name}")
    for col in ("linje", "kolonne", "verdi", "regel", "forklaring"):
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            "" if r["line"] is None else str(r["line"]),
            r["column_name"] or "",
            r["verdi"] or "",
            r["rule"],
            r["message"],
        )
    out.print(table)


# ---------------------------------------------------------------- delivery: approval, e-mail, archive (docs/delivery.md)

archive_app = typer.Typer(no_args_is_help=True, help="Se hva som er sendt ut, når og til hvor mange.")
app.add_typer(archive_app, name="archive")


def _check_report(report: str) -> None:
    _definition(report)


@app.command()
def approve(
    report: str = typer.Argument(..., metavar="RAPPORT", help="sykefravaer eller medarbeidere."),
    period: str = typer.Argument(..., metavar="PERIODE", help="Perioden, f.eks. 2018H1 eller 2018."),
    reject: bool = typer.Option(False, "--reject", help="Avvis utkastet: ingenting sendes."),
    comment: str = typer.Option("", "--comment", help="Kommentar (påkrevd ved --reject)."),
    by: str | None = typer.Option(None, "--by", help="Hvem som godkjenner (standard: brukernavnet ditt)."),
    run: str | None = typer.Option(None, "--run", help="Flyt-kjøringens id, når flere venter."),
):
    """Godkjenn (eller avvis) et rapportutkast som venter på Prefect-serveren (PREFECT_API_URL)."""
    import getpass

    from flows.backfill import server_configured
    from hr.delivery.approval import ApprovalInput, answer
    from hr.errors import HrError

    _check_report(report)
    if reject and not comment.strip():
        raise _usage('en avvisning trenger en begrunnelse: --comment "..."')
    approver = (by if by is not None else getpass.getuser()).strip()
    if not approver:
        raise _usage("oppgi hvem som godkjenner: --by NAVN")
    if not server_configured():
        raise _usage("PREFECT_API_URL er ikke satt: utkast venter bare på en Prefect-server")
    from prefect.client.orchestration import get_client

    decision = ApprovalInput(approve=not reject, comment=comment.strip(), approver=approver)
    try:
        with get_client(sync_client=True) as client:
            waiting = answer(client, report, period, decision, run_id=run)
    except HrError as exc:
        raise _fail(exc) from exc
    verb = "avvist" if reject else "godkjent"
    out.print(f"{report} {period} er {verb} av {decision.approver} (kjøring {waiting.name}).", highlight=False)


@app.command()
def deliver(
    report: str = typer.Argument(..., metavar="RAPPORT", help="sykefravaer eller medarbeidere."),
    period: str = typer.Argument(..., metavar="PERIODE", help="Perioden, f.eks. 2018H1 eller 2018."),
    landing: Path = LandingOpt,
    out_dir: Path = OutOpt,
    warehouse: str | None = WarehouseOpt,
    no_approval: bool = typer.Option(False, "--no-approval", help="Send uten å vente på godkjenning."),
    mottakere: Path | None = typer.Option(
        None,
        "--mottakere",
        exists=True,
        dir_okay=False,
        help="Mottakerliste (ellers HR_MOTTAKERE; uten noen av dem sendes ingenting).",
    ),
):
    """Lag utkastet, vent på godkjenning (hr approve), send det på e-post og arkiver det."""
    _check_report(report)
    if _server():
        from flows.delivery import deliver_report_flow, on_waiting

        def waiting(name: str, code: str) -> None:  # once, when the run pauses for its approver
            err.print(
                f"{name} {code} venter på godkjenning: hr approve {name} {code} "
                f'(eller avvis med --reject --comment "begrunnelse")',
                highlight=False,
                soft_wrap=True,
            )

        with on_waiting(waiting):
            outcome = _result(
                deliver_report_flow(
                    report,
                    period,
                    str(landing),
                    str(out_dir),
                    warehouse_url=warehouse,
                    approval=not no_approval,
                    mottakere=str(mottakere) if mottakere else None,
                    return_state=True,
                )
            )
    else:  # without a server: the plain core, and approval is refused (hr approve answers on a server)
        from hr.delivery.deliver import deliver as deliver_report

        outcome = _plain(
            deliver_report,
            _settings(warehouse),
            report,
            period,
            landing,
            out_dir,
            approval=not no_approval,
            mottakere=mottakere,
        )
    if outcome.status == "sendt":
        out.print(
            f"{report} {outcome.period} sendt til {count(outcome.recipients, 'mottaker', 'mottakere')}.",
            highlight=False,
        )
    else:
        out.print(f"{report} {outcome.period} avvist av {outcome.approver}: {outcome.comment}", highlight=False)
    print(outcome.archive_dir)


@archive_app.command("list")
def archive_list(
    report: str | None = typer.Option(None, "--rapport", metavar="RAPPORT", help="Bare denne rapporten."),
    period: str | None = typer.Option(None, "--period", metavar="PERIODE", help="Bare denne perioden."),
    warehouse: str | None = WarehouseOpt,
    kommune: str | None = KommuneOpt,
):
    """Utsendte og avviste rapporter: når, hvem som besluttet, til hvor mange (aldri adresser)."""
    if _server():
        from flows.delivery import delivery_archive_flow

        rows = _result(
            delivery_archive_flow(
                kommunenummer=kommune, report=report, period=period, warehouse_url=warehouse, return_state=True
            )
        )
    else:
        from hr.delivery.archive import archive_rows

        rows = _plain(archive_rows, _settings(warehouse).warehouse_url, kommune, report, period)
    if not rows:
        out.print(_no_deliveries(report, period, kommune), highlight=False)
        return
    table = Table(title="Utsendte rapporter")
    for col in ("besluttet (UTC)", "rapport", "periode", "status", "mottakere", "besluttet av", "kommentar", "arkiv"):
        table.add_column(col, justify="right" if col == "mottakere" else "left", overflow="fold")
    for r in rows:
        table.add_row(
            f"{r['decided_at']:%Y-%m-%d %H:%M}",
            r["rapport"],
            r["periode"],
            r["status"],
            str(r["recipients"]),
            r["approver"],
            r["comment"] or "",
            r["archive_dir"],
        )
    out.print(table)


def _no_deliveries(report: str | None, period: str | None, kommune: str | None) -> str:
    """What `hr archive list` says when nothing matches: «ennå» only without a selection (docs/delivery.md)."""
    what = f"{report} {period}" if report and period else report or (f"perioden {period}" if period else "")
    if kommune:
        what = f"{what} i kommune {kommune}" if what else f"kommune {kommune}"
    return f"Ingen rapporter er sendt ut for {what}." if what else "Ingen rapporter er sendt ut ennå."


warehouse_app = typer.Typer(no_args_is_help=True, help="Roller og tilganger i datavarehuset (PostgreSQL).")
app.add_typer(warehouse_app, name="warehouse")


@warehouse_app.command("roles")
def warehouse_roles(
    loader_role: str | None = typer.Option(None, "--loader-role", help="Rollen som laster og eier tabellene."),
    reporting_role: str | None = typer.Option(None, "--reporting-role", help="Rollen rapportene leser som."),
    warehouse: str | None = WarehouseOpt,
):
    """For databaseadministratoren: opprett rollene som mangler (sql/roles/). Passord settes separat."""
    from hr.errors import HrError
    from hr.settings import build_settings
    from hr.warehouse import engine_for
    from hr.warehouse_roles import create_roles

    try:
        created = create_roles(
            engine_for(build_settings(warehouse_url=warehouse).warehouse_url),
            loader=loader_role,
            reporting=reporting_role,
        )
    except HrError as exc:
        raise _fail(exc) from exc
    out.print("Opprettet: " + (", ".join(created) if created else "ingen (rollene finnes fra før)"), highlight=False)


@warehouse_app.command("grant")
def warehouse_grant(
    reporting_role: str = typer.Option(..., "--reporting-role", help="Rollen rapportene leser som."),
    warehouse: str | None = WarehouseOpt,
):
    """Som lasterollen: gi rapportrollen lesetilgang til de aggregerte visningene og ingenting annet."""
    from hr.errors import HrError
    from hr.settings import build_settings
    from hr.warehouse import engine_for
    from hr.warehouse_roles import grant_reporting

    try:
        schema = grant_reporting(engine_for(build_settings(warehouse_url=warehouse).warehouse_url), reporting_role)
    except HrError as exc:
        raise _fail(exc) from exc
    out.print(
        f"{reporting_role} kan nå lese de aggregerte visningene i skjemaet {schema}, ikke persondata. "
        "Sett HR_REPORTING_URL til en adresse som logger inn som denne rollen.",
        highlight=False,
        soft_wrap=True,
    )


def run() -> int:
    """The command line's exit status: typer's, an expected error's (HrError), 130 on Ctrl-C, and 1 with a
    «Feil:» line for anything else (an exception nothing expected once left `main` with status 0)."""
    import os

    from hr.errors import HrError

    for console, stream in ((out, sys.stdout), (err, sys.stderr)):
        if "COLUMNS" not in os.environ and not stream.isatty():
            # a log or a pipe: rich would fit every table to 80 columns and break the file names in two
            console.width = LOG_WIDTH
    code: int | str | None = 0
    try:
        app()
    except SystemExit as exc:
        code = exc.code
    except HrError as exc:  # an expected error outside a command's own handling (e.g. a refused pseudonym key)
        code = _fail(exc).exit_code
    except KeyboardInterrupt:
        err.print("Avbrutt.")
        code = 130
    except Exception as exc:  # noqa: BLE001 - the last resort: one line and status 1, never a silent 0
        code = _fail(exc, name_type=True).exit_code
    if isinstance(code, str):
        err.print(code)
        code = 1
    return code or 0


def main() -> None:
    code = 1
    try:
        code = run()
    finally:
        # Run the exit handlers (Prefect's ephemeral server stops, warehouse connections close and
        # DuckDB checkpoints), then leave without interpreter teardown, where DuckDB's bindings print
        # "leaked" warnings about objects the libraries still hold: noise on a clean exit.
        import atexit
        import os

        if "prefect" in sys.modules:  # a plain run (no PREFECT_API_URL) never imports Prefect
            from flows.serve import send_queued_logs

            send_queued_logs()  # first, while the server the runs used is up (also Prefect's own ephemeral one)
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
