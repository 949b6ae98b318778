"""The order of an ingest and the decisions between the steps: what is new, what is the truth, what it replaces.

The steps themselves (extract -> validate -> load) are passed in, so `hr.ingest.ingest_landing` runs
them as plain functions and `flows/ingest.py` runs the same code with each step as a Prefect task.
With the plain steps and many megabytes of new files, a worker process reads and types the files ahead
while this one validates and loads (hr/ingest/read_ahead.py); the results are the same.

Order (EXTRACTS.md, and because later checks read what earlier loads put in the warehouse):
referanse -> organisasjon -> ansatte (against org units and position codes) -> fravaer (against
employments) -> rekruttering -> lonn -> pensjon -> rebuild of the intermediate layer.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from hr.errors import UsageError
from hr.gc_tuning import fewer_full_collections
from hr.ingest import extract as extract_step
from hr.ingest import load as load_step
from hr.ingest import read_ahead
from hr.ingest import validate as validate_step
from hr.ingest.delivery import Delivery
from hr.ingest.files import Discovery, LandingFile, discover
from hr.ingest.kommune import MAKS_SLETTING_DEFAULT, IngestRejected, find_kommune_file, parse_kommune
from hr.ingest.load import LoadPlan, Target
from hr.ingest.pseudonym import check_key
from hr.ingest.specs import CSV, PERIOD, SNAPSHOT, SPECS, XLSX, Spec, spec_for
from hr.ingest.summary import FileResult, IngestSummary
from hr.settings import Settings, warehouse_patience
from hr.warehouse import engine_for, ensure_schema, exclusive_writer, where

_log = logging.getLogger("hr.ingest")
_WAITING = "Venter: en annen innlesing av kommune %s til datavarehuset %s pågår; denne starter når den er ferdig."

_CHECKED_AGAINST_WAREHOUSE = ("ansatte", "fravaer", "rekruttering", "lonn", "tiltak")
_REFERENCED = ("stillingskoder", "organisasjon", "ansatte")


@dataclass(frozen=True)
class Steps:
    extract: Callable[..., Delivery]
    validate: Callable[..., Delivery]
    load: Callable[..., FileResult]
    rebuild: Callable[[Target], None]
    validate_many: Callable[..., list[Delivery]] = validate_step.validate_many


PLAIN_STEPS = Steps(extract_step.extract, validate_step.validate, load_step.load, load_step.rebuild)
# Files of a kind that replace only themselves (payroll months, pension years) are validated together,
# this many at a time: one suite run instead of one per file, with a bound on the rows held at once.
BATCH_FILES = 12


@fewer_full_collections()
def run_ingest(
    landing: Path,
    settings: Settings,
    steps: Steps = PLAIN_STEPS,
    accept: Iterable[str] = (),
    before_rebuild: Callable[[], object] | None = None,
) -> IngestSummary:
    """`accept`: names of newest snapshots the data engineer has confirmed (`hr ingest --accept`): loaded
    even where they delete more records than kommune.yaml's `maks_sletting_prosent` allows.
    `before_rebuild`: called once, after the last load and before the rebuild of the intermediate layer
    (hr.core starts the report's preload there: the rebuild is the warehouse's work)."""
    if read_ahead.bootstrapping():  # not in a read-ahead worker importing an unguarded script (read_ahead.py)
        raise UsageError(
            "Innlesingen ble startet i hjelpeprosessen som leser uttrekk på forhånd, fordi skriptet kaller den "
            'utenfor `if __name__ == "__main__":`. Flytt kallet inn under den linjen; innlesingen i '
            "hovedprosessen fortsetter uten hjelpeprosess."
        )
    landing = Path(landing)
    if not landing.is_dir():
        raise IngestRejected(f"Mottaksmappen finnes ikke: {landing}")
    found = discover(landing)
    kommune = parse_kommune(find_kommune_file(found.files).path.read_bytes())
    accept = frozenset(_accepted(accept, found.files))
    # The process-wide engine of this URL: DuckDB allows one writer per file, and the report flows
    # that follow an ingest use the same engine.
    engine = engine_for(settings.warehouse_url)
    patience = warehouse_patience()
    # One ingest at a time per municipality and warehouse: what is new is decided from the load log, and
    # two runs deciding at once would both load the same delivery. Unreachable warehouses are retried first.
    with exclusive_writer(
        engine,
        retry_delays=patience.retry_delays,
        lock_timeout=patience.lock_timeout,
        on_wait=lambda: _log.warning(_WAITING, kommune.kommunenummer, where(engine)),
        kommunenummer=kommune.kommunenummer,
    ):
        ensure_schema(engine)
        with engine.begin() as conn:  # another key would split every person in two: refuse before loading
            check_key(conn, kommune.kommunenummer, settings.pseudonym_key)
        target = Target(engine, kommune.kommunenummer, settings.min_n)
        load_step.record_ignored(target, found.ignored)  # every file accounted for, also those not read
        run = _Run(steps, settings, target, accept, kommune.maks_sletting_prosent)
        with _reading_ahead(run, found):
            for spec, of_kind in _in_ingest_order(found):
                if spec.semantics == SNAPSHOT:
                    run.snapshots(of_kind)
                elif _validated_together(spec):
                    for i in range(0, len(of_kind), BATCH_FILES):
                        run.replacing_together(of_kind[i : i + BATCH_FILES])
                else:
                    for f in of_kind:
                        run.replacing(f)
        if before_rebuild is not None:
            before_rebuild()
        steps.rebuild(target)
    return IngestSummary(kommune.kommunenummer, run.results, found.ignored)


def _in_ingest_order(found: Discovery) -> list[tuple[Spec, list[LandingFile]]]:
    """Each kind in ingest order (hr/ingest/specs.py) with its files in the order the run takes them: a
    snapshot kind's newest first, a kind validated in batches oldest first, the others as found. The run
    and the read-ahead plan (`_parse_plan`) both follow it."""
    out = []
    for spec in SPECS.values():
        of_kind = found.of_kind(spec.kind)
        if spec.semantics == SNAPSHOT:
            of_kind = _newest_first(of_kind)
        elif _validated_together(spec):
            of_kind = sorted(of_kind, key=lambda f: f.file_date or "")
        out.append((spec, of_kind))
    return out


def _validated_together(spec: Spec) -> bool:
    """Files that each replace only their own earlier delivery, validated in batches (replacing_together)."""
    return spec.semantics == PERIOD and spec.suite is not None


def _newest_first(files: list[LandingFile]) -> list[LandingFile]:
    return sorted(files, key=lambda f: f.file_date or "", reverse=True)


@contextlib.contextmanager
def _reading_ahead(run: _Run, found: Discovery) -> Iterator[None]:
    """Within the block, the run's extract step is answered by a worker process reading ahead
    (hr/ingest/read_ahead.py) where that pays: with the plain steps (a flow's steps are tasks, each its
    own run in the UI) and many megabytes of new files to parse."""
    plan = _parse_plan(found, run.log) if run.steps.extract is extract_step.extract else []
    if not read_ahead.wanted(plan):
        yield
        return
    steps = run.steps
    with read_ahead.ReadAhead(plan, run.settings, steps.extract) as ahead:
        validate_step.warm_up()  # the suites' library loads here while the worker starts
        run.steps = replace(steps, extract=ahead.extract)
        try:
            yield
        finally:
            run.steps = steps


def _parse_plan(found: Discovery, log: pd.DataFrame) -> list[LandingFile]:
    """The CSV and Excel files this run will parse, in the order it asks for them: files under a name the
    load log has never seen (a name seen before may hold a known content, decided only by reading it),
    and of each snapshot kind only the newest (older ones are superseded unread)."""
    seen = set(log["file_name"])
    plan: list[LandingFile] = []
    for spec, of_kind in _in_ingest_order(found):
        if spec.format in (CSV, XLSX):
            plan += [f for f in (of_kind[:1] if spec.semantics == SNAPSHOT else of_kind) if f.name not in seen]
    return plan


def _in_force(f: LandingFile, current: pd.DataFrame) -> str:
    """The delivery in force that a held snapshot leaves in place, as a hold message names it."""
    in_force = ", ".join(sorted(set(current["file_name"])))
    if in_force == f.name:  # a correction delivered under the same name: the one loaded before is meant
        return f"den forrige leveransen av {f.name}"
    return in_force


def _still_in_force(f: LandingFile, in_force: str) -> str:
    """The end of every hold message: what stays in force, and how to confirm the held snapshot."""
    still = in_force[:1].upper() + in_force[1:]  # begins a sentence
    return (
        f"{still} gjelder fortsatt, og resten av mottaksmappen er lastet. Er uttrekket riktig, bekreft det med: "
        f"hr ingest --accept {f.name}"
    )


def _rules(d: Delivery) -> str:
    """«regler: ugyldig_dato (3), …»: the rules that set a held snapshot's rows aside."""
    return "regler: " + ", ".join(f"{rule} ({n})" for rule, n in sorted(d.quarantine_by_rule().items()))


class _Run:
    def __init__(
        self,
        steps: Steps,
        settings: Settings,
        target: Target,
        accept: frozenset[str] = frozenset(),
        maks_sletting_prosent: float = MAKS_SLETTING_DEFAULT,
    ):
        self.steps, self.settings, self.target = steps, settings, target
        self.accept, self.maks_sletting_prosent = accept, maks_sletting_prosent
        self.results: list[FileResult] = []
        self._log: pd.DataFrame | None = None  # read where first used (the `log` property)
        self._known_by_file: dict[str, dict[str, tuple[str, str | None]]] | None = None  # of that log
        self._refs: validate_step.ReferenceSets | None = None
        # Set once this run loads new reference data (position codes, org units, employments): from then
        # on the files checked against it are checked again even where their bytes are unchanged, so a
        # row set aside for an unknown reference loads once the reference arrives, and a row whose
        # reference has gone is set aside.
        self.references_changed = False

    @property
    def log(self) -> pd.DataFrame:
        """The municipality's load log as the warehouse holds it now. Recording a file's outcome marks it
        stale and the next use reads it again: once per batch of files loaded one after another, not once
        per file (a 1 000-file ingest read the growing log 1 000 times, a fifth of its time)."""
        if self._log is None:
            self._log = load_step.load_log(self.target)
            self._known_by_file = None
        return self._log

    def replacing(self, f: LandingFile) -> None:
        """A file that replaces its own earlier delivery (payroll month, pension year, reference data)."""
        current, d = self._extract_replacing(f)
        if not d.prior_status and not d.rejection:
            d = self.steps.validate(d, self._reference_sets(f.kind))
        self._load_replacing(current, d)

    def replacing_together(self, files: list[LandingFile]) -> None:
        """Files of one kind that each replace only their own earlier delivery: extracted, validated in one
        batch (nothing they load is what the others are checked against), then loaded one by one."""
        if len(files) == 1:
            return self.replacing(files[0])
        extracted = [self._extract_replacing(f) for f in files]
        fresh = [i for i, (_, d) in enumerate(extracted) if not d.prior_status and not d.rejection]
        if fresh:
            validated = self.steps.validate_many([extracted[i][1] for i in fresh], self._reference_sets(files[0].kind))
            for i, d in zip(fresh, validated):
                extracted[i] = (extracted[i][0], d)
        for current, d in extracted:
            self._load_replacing(current, d)

    def _extract_replacing(self, f: LandingFile) -> tuple[pd.DataFrame, Delivery]:
        current = self._in_use(f)
        known = self._known(f)
        if f.kind == "kommune" and not self._kommune_row_current(f):
            known = {}  # settings' min_n changed, or the row was lost: write it again
        return current, self.steps.extract(f, self.settings, known)

    def _load_replacing(self, current: pd.DataFrame, d: Delivery) -> None:
        ends = tuple((load_id, "replaced") for load_id in current["load_id"]) if not d.rejection else ()
        self._record(self.steps.load(d, LoadPlan("load", ends), self.target))

    def snapshots(self, files: list[LandingFile]) -> None:
        """Full snapshots of one kind: the newest usable one is the truth; older ones are superseded."""
        if not files:
            return
        kind = files[0].kind
        current = self.log[(self.log["kind"] == kind) & (self.log["status"] == "loaded")]
        current_date = current["file_date"].max() if not current.empty else None
        chosen = False
        for f in _newest_first(files):
            known = self._known(f)
            older = current_date is not None and (f.file_date or "") < current_date
            if chosen or older:
                d = self.steps.extract(f, self.settings, known, parse=False)
                self._record(self.steps.load(d, LoadPlan("superseded"), self.target))
                continue
            d = self.steps.extract(f, self.settings, known)
            if d.rejection or d.prior_status == "rejected":
                self._record(self.steps.load(d, LoadPlan("load"), self.target))
                continue  # an unusable newest snapshot leaves the previous truth in place
            if not d.prior_status:
                d = self.steps.validate(d, self._reference_sets(kind))
                held = self._held(f, d, current)
                if held:
                    self._record(FileResult(f.name, kind, "held", message=held))
                    continue  # the snapshot in force stays the truth until this one is confirmed
            ends = tuple(
                (row.load_id, "replaced" if row.file_name == f.name else "superseded") for row in current.itertuples()
            )
            self._record(self.steps.load(d, LoadPlan("load", ends), self.target))
            chosen = True

    def _held(self, f: LandingFile, d: Delivery, current: pd.DataFrame) -> str | None:
        """The plausibility hold (EXTRACTS.md): why this newest snapshot is not taken as the truth, or None."""
        if current.empty or f.name in self.accept or d.typed is None or d.checksum in set(current["checksum"]):
            return None  # nothing in force, confirmed, or the content in force checked again
        loading = d.good if d.good is not None else d.typed  # a record is delivered only by a row that loads
        if f.kind == "organisasjon":
            lost = self._lost_area(f, d, loading, current)
            if lost:
                return lost
        before = load_step.snapshot_records(self.target, f.kind)
        if not before:
            return None
        # Records that would go out of use: those the delivery no longer has, and those it has only on rows
        # it sets aside (hostile finding 4: an export-format change puts every row in quarantine).
        record_id = spec_for(f.kind).record_id
        assert record_id is not None  # every snapshot kind declares one
        removed_ids = before - set(loading[record_id].dropna())
        removed = len(removed_ids)
        share = 100 * removed / len(before)
        if share <= self.maks_sletting_prosent:
            return None
        in_force = _in_force(f, current)
        set_aside = len(removed_ids & set(d.typed[record_id].dropna()))
        aside = (
            f" {set_aside} av dem står i filen, men radene deres er satt til side ({_rules(d)})." if set_aside else ""
        )
        return (
            f"Holdt tilbake: {f.name} ville slette {removed} av {len(before)} poster ({_pct(share)} %) i "
            f"uttrekket som gjelder nå ({in_force}); grensen er {_pct(self.maks_sletting_prosent)} % "
            f"(maks_sletting_prosent i referanse/kommune.yaml).{aside} {_still_in_force(f, in_force)}"
        )

    def _lost_area(self, f: LandingFile, d: Delivery, loading: pd.DataFrame, current: pd.DataFrame) -> str | None:
        """Why a new organisasjon snapshot is held for an area it lacks, or None. A full snapshot keeps a
        closed area's row (gyldig_til); one with no loading row for an area open in the snapshot in force
        (left out, or its row set aside) would drop the area, its units and their employments from every
        figure, however few rows that is (hostile finding 4 of 6 Dec)."""
        assert d.typed is not None
        kept = set(loading.loc[loading["niva"] == 2, "org_enhet"].dropna())
        assert f.file_date is not None  # hr/organisasjon_YYYYMMDD.csv: its name dates it
        lost = {code: navn for code, navn in load_step.open_areas(self.target, f.file_date).items() if code not in kept}
        if not lost:
            return None
        names = ", ".join(f"{code} ({navn})" for code, navn in sorted(lost.items()))
        set_aside = set(lost) & set(d.typed.loc[d.typed["niva"] == 2, "org_enhet"].dropna())
        why = f" Raden står i filen, men er satt til side ({_rules(d)})." if set_aside else ""
        in_force = _in_force(f, current)
        one = len(lost) == 1
        return (
            f"Holdt tilbake: {f.name} har ikke {'området' if one else 'områdene'} {names}, som er "
            f"{'åpent' if one else 'åpne'} i uttrekket som gjelder nå ({in_force}).{why} Uten det ville enhetene "
            "og arbeidsforholdene under det falle ut av alle tall; et område som er lagt ned, skal stå i filen med "
            f"gyldig_til. {_still_in_force(f, in_force)}"
        )

    def _known(self, f: LandingFile) -> dict[str, tuple[str, str | None]]:
        log = self.log
        if self._known_by_file is None:  # one pass over the log, not a filter of it per file
            self._known_by_file = _known_by_file(log)
        known = self._known_by_file.get(f.name, {})
        if self.references_changed and f.kind in _CHECKED_AGAINST_WAREHOUSE:
            known = {sha: seen for sha, seen in known.items() if seen[0] != "loaded"}
        return known

    def _in_use(self, f: LandingFile) -> pd.DataFrame:
        log = self.log
        if spec_for(f.kind).semantics == PERIOD:  # replaces only its own month, year or report text
            return log[(log["file_name"] == f.name) & (log["status"] == "loaded")]
        return log[(log["kind"] == f.kind) & (log["status"] == "loaded")]

    def _kommune_row_current(self, f: LandingFile) -> bool:
        have = load_step.current_kommune(self.target)
        if have.empty:
            return False
        wanted = parse_kommune(f.path.read_bytes())
        return int(have["min_n"].iloc[0]) == (wanted.min_n or self.target.min_n) and have["navn"].iloc[0] == wanted.navn

    def _reference_sets(self, kind: str) -> validate_step.ReferenceSets:
        """Known org units, position codes and employments as the warehouse holds them now; for a pension
        provider, the pension keys it delivered before (read afresh: each batch of its years adds some)."""
        provider = spec_for(kind).provider
        if provider is not None:
            return {"pensjoner": load_step.pension_keys(self.target, provider)}
        if kind not in _CHECKED_AGAINST_WAREHOUSE:
            return {}
        if self._refs is None:
            self._refs = load_step.reference_sets(self.target)
        return self._refs

    def _record(self, result: FileResult) -> None:
        self.results.append(result)
        if result.status in ("loaded", "replaced", "rejected", "superseded"):
            self._log = None  # changed in the warehouse: read again where it is next used
        if result.status in ("loaded", "replaced") and result.kind in _REFERENCED:
            self._refs = None  # what later extracts are checked against has changed
            self.references_changed = True


def _pct(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")


def _accepted(names: Iterable[str], files: list[LandingFile]) -> set[str]:
    """The names given to --accept, each a snapshot in the landing directory (else a usage error)."""
    snapshots = {f.name for f in files if spec_for(f.kind).semantics == SNAPSHOT}
    wanted = {str(n).strip().replace("\\", "/") for n in names if str(n).strip()}
    unknown = sorted(wanted - snapshots)
    if unknown:
        raise UsageError(
            f"--accept {unknown[0]}: ingen slik fil i mottaksmappen. Oppgi et øyeblikksbilde slik "
            "meldingen «Holdt tilbake» skriver det, for eksempel hr/ansatte_20190215.csv."
        )
    return wanted


def _known_by_file(log: pd.DataFrame) -> dict[str, dict[str, tuple[str, str | None]]]:
    """File name -> the checksums already recorded under it -> (status, message) of the record that counts.

    A content that was only ever `replaced` is not "known": delivered again, it is a new delivery.
    """
    # loaded > rejected > superseded; of two rows of equal rank, the later one counts
    rank = {"superseded": 0, "rejected": 1, "loaded": 2}
    by_file: dict[str, dict[str, tuple[str, str | None]]] = {}
    for name, status, checksum, message in zip(log["file_name"], log["status"], log["checksum"], log["message"]):
        known = by_file.setdefault(name, {})
        if status in rank and (checksum not in known or rank[status] >= rank[known[checksum][0]]):
            known[checksum] = (status, message)
    return by_file
