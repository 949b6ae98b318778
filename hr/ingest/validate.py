"""Run an extract's Great Expectations suite (expectations/<suite>.json) on its typed DataFrame.

One ephemeral GE context per process (no files, no analytics, no progress bars). The suite runs on
the whole frame at once (GE's pandas engine is vectorised), with result_format COMPLETE so every
failing row comes back as `unexpected_index_list`; those indexes are the typed frame's index, which
maps back to the delivered line. Value sets of the reference rules (known org units, position codes,
employments, the file's month) are suite parameters (`{"$PARAMETER": ...}`), filled per run.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import json
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pandas as pd

from hr.ingest import quarantine as q
from hr.ingest.specs import PENSION_LABELS, spec_for
from hr.paths import EXPECTATIONS_DIR
from hr.settings import quiet_libraries

if TYPE_CHECKING:
    from great_expectations.core.batch_definition import BatchDefinition
    from great_expectations.core.expectation_validation_result import ExpectationValidationResult
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    from hr.ingest.delivery import Delivery

# The value sets of the reference rules (None: nothing known, the rule is skipped), as suite parameters;
# "pensjoner" is a frame: the provider's pension keys the warehouse already holds (hr.ingest.load.pension_keys).
ReferenceSets = dict[str, list[Any] | pd.DataFrame | None]


class SuiteError(RuntimeError):
    """An expectation could not be evaluated (a bug in a suite or a spec, never a data problem)."""


@functools.cache
def suite_json(name: str) -> dict[str, Any]:
    path = EXPECTATIONS_DIR / f"{name}.json"
    suite: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return suite


def suite_parameters(name: str) -> set[str]:
    """The $PARAMETER names a suite needs."""
    found: set[str] = set()
    for exp in suite_json(name)["expectations"]:
        found |= _parameters_of(exp)
    return found


def run_suite(
    name: str, typed: pd.DataFrame, raw: pd.DataFrame, parameters: ReferenceSets
) -> tuple[pd.DataFrame, list[str]]:
    """Findings (quarantine rows) for every failed row, and the rules skipped for lack of a value set.

    A parameter given as None means "no reference data known": its expectations are skipped and
    named in the second return value rather than failing every row.
    """
    gx = _great_expectations()
    body = suite_json(name)
    skipped = sorted(
        {e["meta"]["rule"] for e in body["expectations"] if any(parameters.get(p) is None for p in _parameters_of(e))}
    )
    # Number the expectations in meta: GE returns results in its own order, and several share a rule name.
    kept = [
        {**e, "meta": {**e["meta"], "nr": i}}
        for i, e in enumerate(body["expectations"])
        if all(parameters.get(p) is not None for p in _parameters_of(e))
    ]
    if typed.empty or not kept:
        return q.empty(), skipped
    values = {k: list(v) for k, v in parameters.items() if v is not None}
    batch = _batch_definition().get_batch(batch_parameters={"dataframe": typed})
    # Two passes: the pass/fail verdict is cheap, the COMPLETE result (every failing index) costs about
    # as much again per expectation, so it is asked for only where an expectation failed.
    with configurations_built_once():
        verdict = batch.validate(
            gx.ExpectationSuite(**{**body, "expectations": kept}),
            result_format={"result_format": "BOOLEAN_ONLY"},
            expectation_parameters=values,
        )
    failed_nrs = {_config(r).meta["nr"] for r in verdict.results if not r.success}
    failed = [e for e in kept if e["meta"]["nr"] in failed_nrs]
    if not failed:
        return q.empty(), skipped
    with configurations_built_once():
        result = batch.validate(
            gx.ExpectationSuite(**{**body, "expectations": failed}),
            result_format={"result_format": "COMPLETE"},
            expectation_parameters=values,
        )
    return q.concat([_findings(r, raw) for r in result.results]), skipped


def _config(r: ExpectationValidationResult) -> ExpectationConfiguration:
    """The expectation a result is about (GE sets it on every result of a suite's validation)."""
    assert r.expectation_config is not None
    return r.expectation_config


def _findings(r: Any, raw: pd.DataFrame) -> pd.DataFrame:
    meta = r.expectation_config.meta or {}
    if r.exception_info and r.exception_info.get("raised_exception"):
        raise SuiteError(f"Regelen {meta.get('rule')} kunne ikke kjøres: {r.exception_info.get('exception_message')}")
    if r.success:
        return q.empty()
    index = r.result.get("unexpected_index_list") or []
    rows = pd.Index(index).unique()
    column = _reported_column(r.expectation_config.kwargs, meta)
    cols = [c.strip() for c in column.split(",")]
    if all(c in raw.columns for c in cols):
        values = raw.loc[rows, cols].astype("object").fillna("").astype(str).agg("; ".join, axis=1)
    else:
        values = pd.Series([None] * len(rows), index=rows, dtype="object")
    return pd.DataFrame(
        {
            "row": rows,
            "line": raw.loc[rows, "_line"].to_numpy(),
            "column_name": column,
            "verdi": values.to_numpy(),
            "rule": meta["rule"],
            "message": meta["beskrivelse"],
        }
    )


def _reported_column(kwargs: dict[str, Any], meta: dict[str, Any]) -> str:
    if meta.get("kolonne"):
        return str(meta["kolonne"])
    if "column" in kwargs:
        return str(kwargs["column"])
    if "column_list" in kwargs:
        return ", ".join(kwargs["column_list"])
    return str(kwargs.get("column_A", ""))


def _parameters_of(expectation: dict[str, Any]) -> set[str]:
    return {v["$PARAMETER"] for v in expectation["kwargs"].values() if isinstance(v, dict) and "$PARAMETER" in v}


# GE 1.x builds an expectation's configuration afresh (pydantic .dict() and a new ExpectationConfiguration)
# each time its `configuration` property is read, and reads it once per keyword argument while it plans the
# metrics: about 7 500 builds for one tiny ingest (a steady tiny ingest: ~0.95 -> ~0.85 CPU-s). Within one `validate`
# nothing changes an expectation, so `configurations_built_once` has each built once and reused. Outside
# it (and in other threads) the property behaves exactly as GE wrote it.
_memo = threading.local()


@contextmanager
def configurations_built_once() -> Iterator[None]:
    _install_configuration_memo()
    if getattr(_memo, "built", None) is not None:  # inside another block: its memo serves this one, and
        yield  # stays on when this one ends
        return
    _memo.built = {}
    try:
        yield
    finally:
        _memo.built = None


@functools.cache
def _install_configuration_memo() -> None:
    from great_expectations.expectations.expectation import Expectation

    original = Expectation.__dict__.get("configuration")
    if not isinstance(original, property) or original.fget is None:
        return  # another GE: leave it alone (only slower)
    build = original.fget

    def configuration(self: Any) -> Any:
        built: dict[int, tuple[Any, Any]] | None = getattr(_memo, "built", None)
        if built is None:
            return build(self)
        hit = built.get(id(self))
        if hit is None or hit[0] is not self:  # the expectation is held in the entry: its id is not reused
            hit = built[id(self)] = (self, build(self))
        return hit[1]

    Expectation.configuration = property(configuration, doc=original.__doc__)  # type: ignore[method-assign,assignment]


class _Deferred(types.ModuleType):
    """Stands in for a module until something uses it; then the real module is imported (and takes the
    stand-in's place in sys.modules and on its package) and answers."""

    def __getattr__(self, attr: str) -> Any:
        name = self.__name__
        if sys.modules.get(name) is self:
            del sys.modules[name]
        parent, _, child = name.rpartition(".")
        if parent and vars(sys.modules[parent]).get(child) is self:
            delattr(sys.modules[parent], child)
        return getattr(importlib.import_module(name), attr)


# Imported by GE when it is imported, for its distribution expectations only (scipy.stats: KL divergence and
# KS tests, 0.6-0.8 s) and their charts (altair, 0.2 s), used inside their functions; no suite here has one.
_UNUSED_BY_THE_SUITES = ("scipy.stats", "altair")


def _defer_unused_imports() -> None:
    """Stand-ins for the modules of _UNUSED_BY_THE_SUITES, so that importing GE does not load them; the first
    use of one imports the real module. A module already imported is left alone. (A package's submodule
    stands in as the package's attribute, which `from scipy import stats` reads; importlib.util.LazyLoader
    cannot do this on Python 3.11: the import statement itself reads the module's __spec__, which loads it.)"""
    for name in _UNUSED_BY_THE_SUITES:
        if name in sys.modules:
            continue
        parent, _, child = name.rpartition(".")
        if not parent:
            if importlib.util.find_spec(name) is not None:
                sys.modules[name] = _Deferred(name)
            continue
        try:
            package = importlib.import_module(parent)
        except ImportError:
            continue
        if child not in vars(package):
            setattr(package, child, _Deferred(name))


def _great_expectations() -> types.ModuleType:
    """The great_expectations package, imported here only: with the stand-ins of _defer_unused_imports first."""
    _defer_unused_imports()
    import great_expectations

    return great_expectations


@functools.cache
def _batch_definition() -> BatchDefinition[Any]:
    """The in-memory GE context and its one pandas 'whole dataframe' batch definition, made once."""
    quiet_libraries()
    import logging

    gx = _great_expectations()
    # GE announces the temporary docs directory of every ephemeral context at INFO; not news to a user.
    logging.getLogger("great_expectations").setLevel(logging.WARNING)
    from great_expectations.data_context.types.base import ProgressBarsConfig

    # ...and that module sets its own logger to INFO, so the parent's level above does not reach it.
    logging.getLogger("great_expectations.data_context.types.base").setLevel(logging.WARNING)

    # GE fingerprints every pandas batch (an md5 over pd.util.hash_pandas_object of the whole frame, for
    # the batch markers of a result) each time the batch is fetched, which is once for get_batch and once
    # per validate: ~0.2 s per run on Bærum's absence file, 0.6 s of a cold Bærum ingest. Nothing here reads
    # the marker, and GE itself leaves it out for frames over this threshold (1 GB): left out for all.
    from great_expectations.execution_engine import pandas_execution_engine

    pandas_execution_engine.HASH_THRESHOLD = 0
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    asset = context.data_sources.add_pandas("uttrekk").add_dataframe_asset("rader")
    batch: BatchDefinition[Any] = asset.add_batch_definition_whole_dataframe("hele_uttrekket")
    return batch


def warm_up() -> None:
    """Import GE and make its context now (~1.1 s of a cold process) rather than at the first suite: for a
    run that has something else to wait for meanwhile (hr/ingest/read_ahead.py)."""
    _batch_definition()
    _install_configuration_memo()


def validate(delivery: Delivery, reference_sets: ReferenceSets) -> Delivery:
    """Step 2: the extract's suite on its typed rows; every failing row to quarantine, the rest are `good`."""
    return validate_many([delivery], reference_sets)[0]


def validate_many(deliveries: list[Delivery], reference_sets: ReferenceSets) -> list[Delivery]:
    """Step 2 for several deliveries at once (e.g. 24 payroll months): the same findings as one by one.

    Deliveries whose suite and parameters agree share one run of the suite over all their rows: GE's cost
    is mostly per run (building and resolving the metrics of every expectation), hardly per row. The
    rows of each delivery keep their own numbering through an offset; the file's own period travels as a
    column (`_filperiode`), so a row is checked against its own file's name, not the batch's.
    """
    todo = []
    for d in deliveries:
        if d.prior_status or d.rejection or d.typed is None:
            continue
        if spec_for(d.file.kind).suite is None:  # kommune.yaml and the report texts have no suite
            d.good = d.typed
            continue
        todo.append((d, *_suite_and_parameters(d, reference_sets)))
    pension_deliveries = [d for d, *_ in todo if d.file.provider]
    if pension_deliveries:
        from hr.ingest import pensions

        pensions.mark(pension_deliveries, reference_sets.get("pensjoner"))
    groups: list[tuple[str, ReferenceSets, list[Delivery]]] = []
    for d, suite, parameters in todo:
        for g_suite, g_parameters, members in groups:
            if g_suite == suite and _same_apart_from_unions(g_parameters, parameters):
                for name in _UNIONS:
                    mine, theirs = g_parameters.get(name), parameters.get(name)
                    if mine is not None and theirs is not None:  # both or neither (_same_apart_from_unions)
                        g_parameters[name] = sorted(set(mine) | set(theirs))
                members.append(d)
                break
        else:
            groups.append((suite, dict(parameters), [d]))
    for suite, parameters, members in groups:
        _validate_together(members, suite, parameters)
    return deliveries


# Value sets that name bad values (a value is in them because of what it is, whichever file it is in):
# the union over several files checks each file as its own set would.
_UNIONS = ("ukjente_arbeidsforhold",)


def _suite_and_parameters(delivery: Delivery, reference_sets: ReferenceSets) -> tuple[str, ReferenceSets]:
    spec = spec_for(delivery.file.kind)
    assert spec.suite is not None  # validate_many leaves the kinds without a suite out
    typed = delivery.typed
    assert typed is not None  # validate_many asks only for deliveries extract has typed
    own = {
        "org_enheter_i_filen": sorted(typed["org_enhet"].dropna().unique()) if "org_enhet" in typed else None,
        "pensjonstyper": sorted(PENSION_LABELS[delivery.file.provider]) if delivery.file.provider else None,
        "ukjente_arbeidsforhold": _unknown(typed, "arbeidsforhold_id", reference_sets.get("arbeidsforhold")),
    }
    names = suite_parameters(spec.suite)
    return spec.suite, {name: own[name] if name in own else reference_sets.get(name) for name in names}


def _same_apart_from_unions(a: ReferenceSets, b: ReferenceSets) -> bool:
    if a.keys() != b.keys():
        return False
    return all((a[k] is None) == (b[k] is None) if k in _UNIONS else a[k] == b[k] for k in a)


def _validate_together(members: list[Delivery], suite: str, parameters: ReferenceSets) -> None:
    typed_parts: list[pd.DataFrame] = []
    raw_parts: list[pd.DataFrame] = []
    offsets: list[int] = []
    offset = 0
    for d in members:
        assert d.typed is not None and d.raw is not None  # extracted deliveries only (validate_many)
        offsets.append(offset)
        typed = d.typed.assign(_filperiode=d.file.file_date)
        typed.index = typed.index + offset
        raw = d.raw.copy()
        raw.index = raw.index + offset
        typed_parts.append(typed)
        raw_parts.append(raw)
        offset += _index_end(d.raw.index.union(d.typed.index))
    typed_all = typed_parts[0] if len(members) == 1 else pd.concat(typed_parts)
    raw_all = raw_parts[0] if len(members) == 1 else pd.concat(raw_parts)
    found, skipped = run_suite(suite, typed_all, raw_all, parameters)
    ends = offsets[1:] + [offset]
    if parameters.get("org_enheter_i_filen") is not None:
        earlier = [r + start for d, start in zip(members, offsets) for r in d.findings["row"].dropna()]
        found = _without_orphans(suite, typed_all, raw_all, parameters, found, earlier, list(zip(offsets, ends)))
    for d, start, end in zip(members, offsets, ends):
        own = found[(found["row"] >= start) & (found["row"] < end)].copy() if not found.empty else found
        if not own.empty:
            own["row"] = own["row"] - start
        _apply(d, own, skipped)


def _without_orphans(
    suite: str,
    typed: pd.DataFrame,
    raw: pd.DataFrame,
    parameters: ReferenceSets,
    found: pd.DataFrame,
    earlier: list[int],
    files: list[tuple[int, int]],
) -> pd.DataFrame:
    """A parent is known only through rows of it that load: a unit under a quarantined unit is quarantined
    too (and so on down), or it would load under a parent that is not in the warehouse. The suite runs
    again with the units that are left until nothing more falls away (an org file has a few hundred rows).
    The org-tree rules (hr/ingest/org_tree.py: level = parent's + 1, a parent on every day, no cycle) run
    on each file's rows that are left, in the same loop: a row they set aside can orphan others."""
    from hr.ingest.org_tree import tree_findings

    tree = q.empty()
    while True:
        bad = set(earlier) | set(found["row"].dropna()) | set(tree["row"].dropna())
        more = q.concat(
            [
                tree_findings(
                    typed[(typed.index >= start) & (typed.index < end)],
                    raw[(raw.index >= start) & (raw.index < end)],
                    bad,
                )
                for start, end in files
            ]
        )
        if not more.empty:
            tree = q.concat([tree, more])
            continue
        units = sorted(typed.drop(index=list(bad))["org_enhet"].dropna().unique())
        if units == parameters["org_enheter_i_filen"]:
            return q.concat([found, tree])
        parameters = {**parameters, "org_enheter_i_filen": units}
        found, _ = run_suite(suite, typed, raw, parameters)


def _index_end(index: pd.Index) -> int:
    """One past the highest row number (0 for no rows): where the next delivery's numbering may start."""
    return int(index.max()) + 1 if len(index) else 0


def _apply(delivery: Delivery, found: pd.DataFrame, skipped: list[str]) -> None:
    if skipped:
        delivery.notes.append("Referansekontroll hoppet over (ingen referansedata kjent): " + ", ".join(skipped) + ".")
    found = _without_missing_where_unparseable(found, delivery.findings)
    delivery.findings = q.concat([delivery.findings, found])
    bad_rows = delivery.findings["row"].dropna().unique()
    assert delivery.typed is not None
    delivery.good = delivery.typed.drop(index=bad_rows)


def _unknown(typed: pd.DataFrame, column: str, known: list[Any] | pd.DataFrame | None) -> list[Any] | None:
    """The distinct values of `column` not in `known` (None when nothing is known: the rule is skipped)."""
    if known is None or column not in typed:
        return None
    present = pd.Index(typed[column].dropna().unique())
    if isinstance(known, list):  # the same list for every file of a run: its index's hash table is made once
        return sorted(present[_index_of(known).get_indexer(present) < 0])
    return sorted(present[~present.isin(known)])


_last_index: tuple[list[Any], pd.Index] | None = None


def _index_of(values: list[Any]) -> pd.Index:
    """A unique index of `values`, kept for the list last asked about (held, so its identity is not reused)."""
    global _last_index
    last = _last_index  # read once: another thread (Dask) may set it meanwhile
    if last is None or last[0] is not values:
        last = _last_index = (values, pd.Index(values).unique())
    return last[1]


def _without_missing_where_unparseable(found: pd.DataFrame, earlier: pd.DataFrame) -> pd.DataFrame:
    """A value that did not parse is already quarantined for that reason; it is not also 'missing'."""
    if found.empty or earlier.empty:
        return found
    unparseable = set(zip(earlier["row"], earlier["column_name"]))
    keep = [
        not (rule == "verdi_mangler" and (row, col) in unparseable)
        for row, col, rule in zip(found["row"], found["column_name"], found["rule"])
    ]
    return found[keep]
