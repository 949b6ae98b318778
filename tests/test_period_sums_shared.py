"""A report run asks the warehouse for each period's sick-leave sums once (hr.metrics.sykefravaer
`period_sums_shared`, opened by hr.core.render_draft around the figures and the metadata): the same
figures and metadata as without sharing, no period queried twice, and nothing kept after the block."""

from __future__ import annotations

from collections import Counter

import pytest

from hr.core import run_report
from hr.demo import generate_landing
from hr.ingest import ingest_landing
from hr.metrics import sykefravaer
from hr.periods import Period
from hr.report_steps import compute_figures, load_report_meta
from tests.landing import settings_for


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    base = tmp_path_factory.mktemp("shared-sums")
    landing = generate_landing(base / "landing", scale="tiny", seed=2018)
    settings = settings_for(base, f"duckdb:///{base / 'warehouse.duckdb'}")
    summary = ingest_landing(landing, settings)
    return landing, settings, summary.kommunenummer


@pytest.fixture
def queried(monkeypatch) -> Counter:
    """Every period whose sums went to the warehouse, counted."""
    asked: Counter = Counter()
    real = sykefravaer._queried_sums

    def counting(conn, kommunenummer, wanted):
        asked.update(wanted)
        return real(conn, kommunenummer, wanted)

    monkeypatch.setattr(sykefravaer, "_queried_sums", counting)
    return asked


@pytest.mark.parametrize(("report", "period"), [("sykefravaer", "2018H2"), ("medarbeidere", "2018")])
def test_shared_sums_give_the_same_figures_and_metadata_with_each_period_asked_once(loaded, queried, report, period):
    _, settings, kommunenummer = loaded
    per = Period.parse(period)
    alone = (
        compute_figures(settings, kommunenummer, report, per),
        load_report_meta(settings, kommunenummer, report, per),
    )
    asked_alone = sum(queried.values())
    assert max(queried.values()) > 1  # without sharing, some period is asked for more than once
    queried.clear()
    with sykefravaer.period_sums_shared():
        shared = (
            compute_figures(settings, kommunenummer, report, per),
            load_report_meta(settings, kommunenummer, report, per),
        )
    assert shared == alone
    assert max(queried.values()) == 1
    assert sum(queried.values()) < asked_alone
    queried.clear()
    compute_figures(settings, kommunenummer, report, per)  # after the block nothing is kept
    assert queried and max(queried.values()) >= 1


def test_a_report_run_asks_for_each_period_once(loaded, queried, tmp_path):
    landing, settings, _ = loaded
    outcome = run_report(settings, "sykefravaer", "2018H2", landing, tmp_path / "out")
    assert outcome.pdf.is_file()
    assert queried and max(queried.values()) == 1, [p.code for p, n in queried.items() if n > 1]
