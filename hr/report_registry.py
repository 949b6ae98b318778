"""The report registry: what makes a report a report, in one place (issue 17).

A report is a `ReportDefinition`: its name, the kind of period it takes, which extracts it is built
from, the figure whose absence means "no data", how its figures are computed and how it is rendered,
its headline figure, its deployment and its CLI texts. Everything that used to switch on a report's
name (the CLI, the compute and render tasks, backfill, delivery, the scheduled deployments) looks the
definition up here instead.

The built-in reports are the modules of the package `reports.definitions` (one module per report,
each calling `register`). They are imported on the first lookup, by name, the way a plugin is: this
module sits low in the layers (.importlinter) so that every layer may look a report up, and the
definitions, which need the metrics and the templates, sit in `reports`. No Prefect here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from hr.errors import UsageError
from hr.periods import Period, PeriodError, check_year, forms_nb

# The package whose modules define the built-in reports (reports/definitions/__init__.py imports them).
BUILTIN_PACKAGE = "reports.definitions"


class UnknownReport(UsageError):
    """A report name nobody registered (exit status 2)."""


@dataclass(frozen=True)
class Presence:
    """The figure whose absence for the whole municipality means "no data for this period" (exit 4):
    `metric`, for the period `period_of(period)` gives (e.g. the period's code, or its last day)."""

    metric: str
    period_of: Callable[[Period], str]


@dataclass(frozen=True)
class ReportDefinition:
    """One report. `compute(conn, kommunenummer, period, min_n) -> list[Figure]` gives every figure of the
    report (suppression applied) from the reporting connection; `render(figures, meta, out_dir, *, web)`
    writes `<name>_<period>.pdf`, its figures file, its manifest and (with `web`) its web edition, and
    returns (pdf, figures_csv), as reports.render.write_report does.

    `extracts`: the extract kinds the data-quality section lists (None: every extract).
    `horizon_kinds`: the extracts whose snapshot must reach the period's end, or the report is not made.
    `payroll`: the report shows figures of the year's payroll months and pensions (the annual chapter):
    the year's payroll files are behind it, and its metadata carries the months and years delivered.
    `summary(figures, meta) -> list` gives the summary sentences a delivery mail carries (None: none).
    `deployment_name`: "flow name/deployment name" in prefect.yaml (None: no scheduled deployment).
    `flow_param`: the name of the period parameter of its flows ("period" or "year"), also the CLI's metavar.
    `order`: where the report comes in listings (CLI, messages).
    `modules`: the heavy modules its render step imports inside its functions (templates, charts,
    WeasyPrint); `preload` imports them in the background (a lookup imports none of them)."""

    name: str
    title_nb: str  # the delivery mail's subject before the period: «Sykefravær – status»
    period_kind: str  # hr.periods kind: "half" or "year"
    period_hint: str  # «et halvår som 2018H1»: `<name> tar <period_hint>`
    period_help: str  # the CLI argument's help: «Halvår, f.eks. 2018H1.»
    command_help: str  # `hr report <name> --help`
    backfill_help: str  # `hr backfill <name> --help`
    flow_param: str
    headline_metric: str
    headline_label: str  # «sykefravær»: the headline reads «sykefravær 6,4 %»
    presence: Presence
    compute: Callable
    render: Callable
    horizon_kinds: tuple[str, ...] = ("ansatte",)
    extracts: frozenset[str] | None = None
    payroll: bool = False
    summary: Callable | None = None
    deployment_name: str | None = None
    order: int = 100
    modules: tuple[str, ...] = ()

    def parse_period(self, text: str) -> Period:
        """`text` as a period of the kind this report takes; UsageError (exit 2) naming the forms it takes if not."""
        try:
            period = Period.parse(text)
        except PeriodError:
            raise self.unknown_period(text) from None
        try:
            check_year(period)
        except PeriodError as exc:
            raise UsageError(str(exc)) from None
        self.check_period(period)
        return period

    def unknown_period(self, text: str) -> UsageError:
        """The error for `text`, no period at all: «ukjent periode «2018H3»: sykefravaer tar et halvår, 2018H1 eller
        2018H2», the forms this report takes in the year `text` names."""
        return UsageError(f"ukjent periode «{text.strip()}»: {self.name} tar {forms_nb(self.period_kind, text)}")

    def check_period(self, period: Period) -> None:
        """UsageError (exit 2) unless `period` is of the kind this report takes."""
        if period.kind != self.period_kind:
            raise UsageError(f"{self.name} tar {self.period_hint}")

    def uses_extract(self, kind: str) -> bool:
        return self.extracts is None or kind in self.extracts

    def preload(self) -> threading.Thread:
        """Import `modules` in a daemon thread, started here. hr.core starts it when the ingest rebuilds the
        intermediate layer, where the warehouse works and lets go of the interpreter, so the render step's
        imports (~0.6 s, WeasyPrint most of it) are done by the time they are needed (a cold Bærum report
        11.2 -> 10.95 s; started with the figures instead it gained nothing: they hold the interpreter).
        A module that fails to import here fails again, with its real error, where it is used."""
        thread = threading.Thread(target=_import_all, args=(self.modules,), name=f"preload-{self.name}", daemon=True)
        thread.start()
        return thread

    @property
    def deployment_flow(self) -> str | None:
        """The flow name of its deployment (hr-sykefravaer), or None."""
        return self.deployment_name.split("/")[0] if self.deployment_name else None


def _import_all(modules: tuple[str, ...]) -> None:
    for name in modules:
        try:
            import_module(name)
        except Exception:  # noqa: BLE001, S112 - the step that uses it imports it again and fails there
            continue


_REGISTRY: dict[str, ReportDefinition] = {}
_builtins_loaded = False


def _load_builtins() -> None:
    global _builtins_loaded
    if not _builtins_loaded:
        _builtins_loaded = True
        import_module(BUILTIN_PACKAGE)


def register(defn: ReportDefinition) -> ReportDefinition:
    """Add a report; a second report of the same name is a programming error (ValueError)."""
    known = _REGISTRY.get(defn.name)
    if known is not None and known is not defn:
        raise ValueError(f"rapporten {defn.name!r} er allerede registrert")
    _REGISTRY[defn.name] = defn
    return defn


def unregister(name: str) -> None:
    """Remove a report (tests register a toy report and take it away again)."""
    _REGISTRY.pop(name, None)


def definitions() -> list[ReportDefinition]:
    """Every registered report, in listing order."""
    _load_builtins()
    return sorted(_REGISTRY.values(), key=lambda d: (d.order, d.name))


def names() -> list[str]:
    return [d.name for d in definitions()]


def names_nb() -> str:
    """The report names in words: «sykefravaer eller medarbeidere», «a, b eller c»."""
    known = names()
    return known[0] if len(known) == 1 else f"{', '.join(known[:-1])} eller {known[-1]}"


def get(name: str) -> ReportDefinition:
    """The definition of report `name`; UnknownReport (exit 2) naming the known reports otherwise."""
    _load_builtins()
    defn = _REGISTRY.get(name)
    if defn is None:
        raise UnknownReport(f"ukjent rapport {name!r} ({names_nb()})")
    return defn


def by_deployment_flow(flow_name: str) -> ReportDefinition | None:
    """The report whose scheduled deployment runs the flow `flow_name` (hr-sykefravaer), or None."""
    return next((d for d in definitions() if d.deployment_flow == flow_name), None)


def previous_period(defn: ReportDefinition, year: int, month: int) -> Period:
    """The period of the report's kind that has just ended on a day of `month` in `year`: the half-year
    before the current one (2nd half of last year in January-June, 1st half of this year in July-December),
    or last year."""
    if defn.period_kind == "half":
        return Period.parse(f"{year - 1}H2" if month <= 6 else f"{year}H1")
    if defn.period_kind == "year":
        return Period.parse(str(year - 1))
    raise ValueError(f"rapporten {defn.name!r} har ingen «forrige periode» for periodetypen {defn.period_kind!r}")
