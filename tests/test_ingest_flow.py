"""The Prefect flow and the plain function are one implementation: same warehouse from the same landing."""

from __future__ import annotations

from hr.ingest import ingest_landing
from hr.paths import SAMPLE_LANDING
from hr.settings import build_settings
from hr.warehouse import engine_for
from tests.landing import TEST_KEY, all_tables

SAMPLE = SAMPLE_LANDING
RUN_SPECIFIC = {"load_id", "loaded_at", "registrert"}


def _comparable(url: str) -> dict:
    return {
        name: frame.drop(columns=[c for c in frame.columns if c in RUN_SPECIFIC])
        .sort_values([c for c in frame.columns if c not in RUN_SPECIFIC])
        .reset_index(drop=True)
        for name, frame in all_tables(engine_for(url)).items()
    }


def _task_runs(flow_run_id) -> list:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        return client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))


def test_ingest_flow_loads_exactly_what_ingest_landing_loads(tmp_path, monkeypatch):
    """`hr ingest` runs the flow, other callers the function: both must give the same warehouse."""
    from flows.ingest import ingest_flow

    monkeypatch.setenv("HR_PSEUDONYM_KEY", TEST_KEY)
    flow_url = f"duckdb:///{tmp_path / 'flow.duckdb'}"
    plain_url = f"duckdb:///{tmp_path / 'plain.duckdb'}"
    state = ingest_flow(str(SAMPLE), workdir=str(tmp_path / "wd"), warehouse_url=flow_url, return_state=True)
    by_flow = state.result()
    by_function = ingest_landing(SAMPLE, build_settings(workdir=tmp_path / "wd", warehouse_url=plain_url))
    assert by_flow == by_function
    # reading and loading are plain calls: the run's task runs are the validations and the rebuild, not
    # two per file (every file is still accounted for, in the summary and its artifact)
    tasks = _task_runs(state.state_details.flow_run_id)
    names = sorted(t.name for t in tasks)
    assert all(n.startswith(("valider ", "bygg-mellomlag")) for n in names), names
    assert sum(n.startswith("bygg-mellomlag") for n in names) == 1, names
    assert all(t.state_type.value == "COMPLETED" for t in tasks)
    assert len(tasks) <= len(by_flow.files) + 1  # were three per file: les-uttrekk, valider, last-inn
    assert {f.status for f in by_flow.files} == {"loaded"}
    flow_tables, plain_tables = _comparable(flow_url), _comparable(plain_url)
    assert flow_tables.keys() == plain_tables.keys()
    for name in flow_tables:
        assert flow_tables[name].equals(plain_tables[name]), name


def test_ingest_flow_raises_the_clear_rejection_when_kommune_yaml_is_missing(tmp_path):
    """The CLI turns this into exit status 3 with the message; it must arrive as IngestRejected, not a crash."""
    import pytest

    from flows.ingest import ingest_flow
    from hr.ingest import IngestRejected

    (tmp_path / "landing").mkdir()
    with pytest.raises(IngestRejected, match="kommune.yaml"):
        ingest_flow(
            str(tmp_path / "landing"), workdir=str(tmp_path / "wd"), warehouse_url=f"duckdb:///{tmp_path / 'w.duckdb'}"
        )
