"""A report run asks the warehouse for each period's sick-leave sums once (hr.metrics.sykefravaer
`period_sums_shared`, opened by hr.core.render_draft around the figures and the metadata): the same
figures and metadata as without sharing, no period queried twice, and nothing kept after the block."""

from __future__ import annotations

from collections import Counter

import pytest

from hr.core import run_report
from hr.ingest import ingest_landing
from hr.metrics import sykefravaer
from hr.metrics.sykefravaer_aarsvisning import year_view_periods
from hr.periods import Period
from hr.report_steps import compute_figures, load_report_meta
from tests.landing import settings_for


@pytest.fixture(scope="module")
def loaded(tiny_demo, tmp_path_factory):
    base = tmp_path_factory.mktemp("shared-sums")
    landing = tiny_demo(base / "landing")
    settings = settings_for(base, f"duckdb:///{base / 'warehouse.duckdb'}")
    summary = ingest_landing(landing, settings)
    return landing, settings, summary.kommunenummer


@pytest.fixture
def queries(monkeypatch) -> list[list[Period]]:
    """The periods of each mart query of the sick-leave sums, in order."""
    made: list[list[Period]] = []
    real = sykefravaer._queried_sums

    def recorded(conn, kommunenummer, wanted):
        made.append(list(wanted))
        return real(conn, kommunenummer, wanted)

    monkeypatch.setattr(sykefravaer, "_queried_sums", recorded)
    return made


@pytest.fixture
def queried(queries) -> Counter:
    """Every period whose sums went to the warehouse, counted (a view of `queries`)."""

    class Asked(Counter):
        def refresh(self) -> Asked:
            self.clear()
            for q in queries:
                self.update(q)
            return self

    return Asked()


@pytest.mark.parametrize(("report", "period"), [("sykefravaer", "2018H2"), ("medarbeidere", "2018")])
def test_shared_sums_give_the_same_figures_and_metadata_with_each_period_asked_once(
    loaded, queries, queried, report, period
):
    _, settings, kommunenummer = loaded
    per = Period.parse(period)
    alone = (
        compute_figures(settings, kommunenummer, report, per),
        load_report_meta(settings, kommunenummer, report, per),
    )
    asked_alone = sum(queried.refresh().values())
    assert max(queried.values()) > 1  # the figures and the metadata, each on its own, ask for some of the same
    queries.clear()
    with sykefravaer.period_sums_shared():
        shared = (
            compute_figures(settings, kommunenummer, report, per),
            load_report_meta(settings, kommunenummer, report, per),
        )
    assert shared == alone
    assert max(queried.refresh().values()) == 1
    assert sum(queried.values()) < asked_alone
    queries.clear()
    compute_figures(settings, kommunenummer, report, per)  # after the block nothing is kept
    assert queries


def test_a_report_run_asks_for_each_period_once(loaded, queries, queried, tmp_path):
    landing, settings, _ = loaded
    outcome = run_report(settings, "sykefravaer", "2018H2", landing, tmp_path / "out")
    assert outcome.pdf.is_file()
    assert max(queried.refresh().values()) == 1, [p.code for p, n in queried.items() if n > 1]
    # the year view's periods come with the report's own, in its first query
    first = set(queries[0])
    assert Period.parse("2018H2") in first
    assert set(year_view_periods(Period.parse("2018H2"))) <= first
