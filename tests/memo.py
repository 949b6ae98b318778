"""Pure steps that many tests repeat on the same input, computed once per test run.

The tests ingest the tiny demo landing, and render its reports, again and again: each test works on its own
copy so that it may change it, yet most leave the files that the suites check, and the reports' HTML, as they
were. These steps are pure functions of what they are given and cost the most per call:

- `hr.ingest.validate.run_suite(name, typed, raw, parameters)`: a Great Expectations suite over the typed rows
  (~0.1 CPU-s a run, some 1 700 runs a test run; an extract over MAX_ROWS rows, the Bærum-sized
  demo's, is validated once and not keyed);
- `reports.render.html_to_pdf(html)`: WeasyPrint's layout and the PDF/UA tagging (~1-2 CPU-s a PDF; the same
  HTML gives the same bytes, reports/render.py says and tests/test_reports_pdf.py checks);
- the chart functions of reports/charts.py (matplotlib draws each chart as PNG and SVG, ~0.2 CPU-s; the same
  arguments give the same chart, tests/test_reports_charts_text.py checks).

Within a test run their results are kept by a digest of their whole input (the frames pickled, the suite's
JSON, the value sets; the HTML; the chart's arguments, a formatter by its code), in a directory the xdist
workers share: a second call with the same input gets the first call's result, a call with any other input computes it. A test about one of these steps
themselves (that it is deterministic, what it finds) is marked `fresh_steps` and computes every call.
`HR_TEST_MEMO=0` turns the memo off for a run; `HR_TEST_MEMO_STATS=DIR` writes each test process's hits
and misses, with the CPU-seconds they took, to DIR (the counts in docs/architecture.md).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import pickle
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

STATS: dict[str, float] = {}


def _count(what: str, seconds: float) -> None:
    STATS[what] = STATS.get(what, 0) + 1
    STATS[what + "_s"] = STATS.get(what + "_s", 0.0) + seconds


def _stored(directory: Path, key: str, compute: Callable[[], Any]) -> Any:
    path = directory / f"{key}.pickle"
    kind = key.split("-", 1)[0]
    started = time.process_time()
    try:
        value = pickle.loads(path.read_bytes())
    except (FileNotFoundError, EOFError, pickle.UnpicklingError):
        pass
    else:
        _count(kind + "_hit", time.process_time() - started)
        return value
    value = compute()
    _count(kind + "_miss", time.process_time() - started)
    fd, tmp = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)  # whole or not at all: another worker may read it at once
    return value


def _suite_key(name: str, typed: Any, raw: Any, parameters: dict[str, Any]) -> str:
    from hr.ingest.validate import suite_json

    values = {k: None if v is None else sorted(map(repr, v)) for k, v in parameters.items()}
    digest = hashlib.sha256()
    for part in (
        name.encode(),
        json.dumps(suite_json(name), sort_keys=True, default=repr).encode(),
        json.dumps(values, sort_keys=True).encode(),
        pickle.dumps(typed, protocol=pickle.HIGHEST_PROTOCOL),
        pickle.dumps(raw, protocol=pickle.HIGHEST_PROTOCOL),
    ):
        digest.update(hashlib.sha256(part).digest())
    return "suite-" + digest.hexdigest()


MAX_ROWS = 5_000
CHARTS = ("line_chart", "hbar_chart", "grouped_bar_chart", "pyramid_chart")


class _Unkeyable(Exception):
    """An argument whose value cannot be told from its text (a closure, an object without a plain repr)."""


def _canonical(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_canonical(v) for v in value]]
    if isinstance(value, dict):
        return {repr(k): _canonical(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            type(value).__qualname__,
            {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)},
        ]
    code = getattr(value, "__code__", None)
    if code is not None and getattr(value, "__closure__", None) is None:
        # a function by where it is and what it does (a module-level lambda has no name of its own)
        defaults = _canonical(list(value.__defaults__ or ()))
        return [
            value.__module__,
            value.__qualname__,
            code.co_firstlineno,
            code.co_code.hex(),
            repr(code.co_consts),
            defaults,
        ]
    raise _Unkeyable(type(value).__name__)


def _chart_key(name: str, args: tuple, kwargs: dict[str, Any]) -> str | None:
    try:
        text = json.dumps([name, _canonical(list(args)), _canonical(kwargs)], sort_keys=True)
    except _Unkeyable:
        return None
    return "chart-" + hashlib.sha256(text.encode()).hexdigest()


def _replacements(directory: Path) -> dict[tuple[ModuleType, str], Callable[..., Any]]:
    """Each memoised step, by (module, function name), wrapping the module's own function."""
    import hr.ingest.validate as validate
    import reports.charts as charts
    import reports.render as render

    run_suite = _original(validate, "run_suite")
    html_to_pdf = _original(render, "html_to_pdf")

    def memo_run_suite(name: str, typed: Any, raw: Any, parameters: dict[str, Any]) -> Any:
        if len(typed) > MAX_ROWS:  # a Bærum-sized extract is validated once: no use pickling it for a key
            return run_suite(name, typed, raw, parameters)
        key = _suite_key(name, typed, raw, parameters)
        return _stored(directory, key, lambda: run_suite(name, typed, raw, parameters))

    def memo_html_to_pdf(html: str) -> bytes:
        key = "pdf-" + hashlib.sha256(html.encode()).hexdigest()
        return _stored(directory, key, lambda: html_to_pdf(html))

    replacements: dict[tuple[ModuleType, str], Callable[..., Any]] = {
        (validate, "run_suite"): memo_run_suite,
        (render, "html_to_pdf"): memo_html_to_pdf,
    }
    for name in CHARTS:
        replacements[(charts, name)] = _memo_chart(directory, name, _original(charts, name))
    return replacements


def _memo_chart(directory: Path, name: str, draw: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(draw)
    def memo_chart(*args: Any, **kwargs: Any) -> Any:
        key = _chart_key(name, args, kwargs)
        if key is None:
            return draw(*args, **kwargs)
        return _stored(directory, key, lambda: draw(*args, **kwargs))

    return memo_chart


_ORIGINALS: dict[tuple[ModuleType, str], Callable[..., Any]] = {}  # while installed: the functions replaced


def _original(module: ModuleType, name: str) -> Callable[..., Any]:
    """The module's own function, also while the memo stands in its place."""
    return _ORIGINALS.get((module, name), getattr(module, name))


_directory: Path | None = None  # where the results are kept, for install() again after a fresh_steps test


def install(directory: Path | None = None) -> None:
    """Put the memoised steps in place of the module functions (their callers look them up at call time);
    without a directory, keeping the results where the last install kept them."""
    global _directory
    if directory is not None:
        directory.mkdir(parents=True, exist_ok=True)
        _directory = directory
    assert _directory is not None, "install(directory) first"
    directory = _directory
    for (module, name), replacement in _replacements(directory).items():
        _ORIGINALS[(module, name)] = _original(module, name)
        setattr(module, name, replacement)


def uninstall() -> None:
    """Put the module functions back."""
    for (module, name), original in _ORIGINALS.items():
        setattr(module, name, original)
    _ORIGINALS.clear()
