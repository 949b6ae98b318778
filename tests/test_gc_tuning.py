"""hr/gc_tuning.py: an ingest and a report run with full collections of the cycle collector held back, and
the process's thresholds are what they were afterwards (also after an error)."""

from __future__ import annotations

import gc
from types import SimpleNamespace

import pytest

from hr.gc_tuning import FULL_COLLECTION_EVERY, fewer_full_collections, hold_back_full_collections

DEFAULT = (700, 10, 10)  # CPython 3.11's own thresholds


@pytest.fixture
def default_thresholds():
    """The interpreter's default thresholds for the test (tests/conftest.py raises them for the test run)."""
    before = gc.get_threshold()
    gc.set_threshold(*DEFAULT)
    yield
    gc.set_threshold(*before)


def test_the_block_raises_only_the_full_collection_threshold_and_puts_it_back(default_thresholds):
    with fewer_full_collections():
        assert gc.get_threshold() == (700, 10, FULL_COLLECTION_EVERY)
        with fewer_full_collections():
            assert gc.get_threshold() == (700, 10, FULL_COLLECTION_EVERY)
        assert gc.get_threshold() == (700, 10, FULL_COLLECTION_EVERY)  # the inner block leaves the outer's
    assert gc.get_threshold() == DEFAULT
    with pytest.raises(RuntimeError), fewer_full_collections():
        raise RuntimeError("feil")
    assert gc.get_threshold() == DEFAULT


def test_a_higher_threshold_set_by_the_process_is_kept(default_thresholds):
    gc.set_threshold(700, 10, 5000)
    with fewer_full_collections():
        assert gc.get_threshold() == (700, 10, 5000)
    assert gc.get_threshold() == (700, 10, 5000)
    assert hold_back_full_collections() == (700, 10, 5000) and gc.get_threshold() == (700, 10, 5000)


def test_for_the_whole_process_it_stays_raised_and_says_what_it_was(default_thresholds):
    assert hold_back_full_collections() == DEFAULT
    assert gc.get_threshold() == (700, 10, FULL_COLLECTION_EVERY)


def test_an_ingest_and_a_report_run_inside_it(default_thresholds, tmp_path, monkeypatch):
    """run_ingest and render_draft (under run_report, deliveries and the report flows) hold full collections
    back while their steps run: seen from inside the steps."""
    from hr.core import ReportSteps, render_draft
    from hr.ingest.pipeline import run_ingest

    seen: dict[str, tuple[int, int, int]] = {}

    def step(name, result=None):
        def record(*args, **kwargs):
            seen[name] = gc.get_threshold()
            return result

        return record

    summary = SimpleNamespace(kommunenummer="0219", rejected=[], refused=[], held=[], rows_quarantined=0)
    steps = ReportSteps(
        ingest=step("ingest", summary),
        compute=step("compute", []),
        meta=step("meta"),
        render=step("render", (tmp_path / "r.pdf", tmp_path / "r.csv", "overskrift")),
        publish=step("publish", SimpleNamespace(revision=None)),
    )
    render_draft(object(), "sykefravaer", "2018H2", tmp_path, tmp_path, steps=steps)  # type: ignore[arg-type]
    assert gc.get_threshold() == DEFAULT
    assert set(seen) == {"ingest", "compute", "meta", "render", "publish"}
    assert all(t == (700, 10, FULL_COLLECTION_EVERY) for t in seen.values()), seen

    # run_ingest: a landing directory refused inside the block (here by its first step), which is then left
    from hr.ingest import pipeline
    from hr.ingest.kommune import IngestRejected

    def refused(landing):
        seen["run_ingest"] = gc.get_threshold()
        raise IngestRejected("ikke her")

    monkeypatch.setattr(pipeline, "discover", refused)
    with pytest.raises(IngestRejected):
        run_ingest(tmp_path, object())  # type: ignore[arg-type]
    assert seen["run_ingest"] == (700, 10, FULL_COLLECTION_EVERY)
    assert gc.get_threshold() == DEFAULT
