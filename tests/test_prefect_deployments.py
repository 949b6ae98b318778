"""The shape of the Prefect set-up: every flow imports, every prefect.yaml entrypoint resolves to a flow
that accepts the deployment's parameters, and the scheduled runs' defaults and warehouse slots."""

from __future__ import annotations

import importlib

import pytest
import yaml

from hr.paths import ROOT


def _deployments() -> list[dict]:
    return yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]


def test_every_flow_module_imports():
    """A flow module that fails to import only shows when the worker tries to run it at 06:00."""
    from prefect import Flow

    found = []
    for path in sorted((ROOT / "flows").glob("*.py")):
        module = importlib.import_module(f"flows.{path.stem}")
        found += [name for name, obj in vars(module).items() if isinstance(obj, Flow)]
    assert {
        "sykefravaer_report_flow",
        "medarbeidere_report_flow",
        "ingest_flow",
        "scheduled_ingest",
        "scheduled_sykefravaer",
        "scheduled_medarbeidere",
    } <= set(found)


@pytest.mark.parametrize("deployment", _deployments(), ids=lambda d: d["name"])
def test_every_prefect_yaml_entrypoint_resolves_to_a_flow_taking_its_parameters(deployment):
    """`prefect deploy` and the worker load the entrypoint by path; a parameter the flow lacks fails the run."""
    from prefect import Flow
    from prefect.flows import load_flow_from_entrypoint

    # Module form (flows.deployments:x), not a file path: a path puts flows/ first on sys.path, where
    # flows/reports.py would shadow the reports package.
    assert ".py:" not in deployment["entrypoint"]
    fl = load_flow_from_entrypoint(deployment["entrypoint"])
    assert isinstance(fl, Flow)
    accepted = set(fl.parameters.properties)
    assert set(deployment.get("parameters") or {}) <= accepted
    # Scheduled runs pass no period: it must have a default (the period that has just ended).
    assert all(fl.parameters.properties[p].get("default", "missing") is None for p in accepted & {"period", "year"})


def test_report_deployments_named_for_backfill_exist_in_prefect_yaml():
    """`hr backfill` against a server starts runs of these deployments by name."""
    from prefect.flows import load_flow_from_entrypoint

    from hr.server_runs import report_deployments

    by_name = {d["name"]: d for d in _deployments()}
    assert {"sykefravaer", "medarbeidere"} <= set(report_deployments())
    for full in report_deployments().values():
        flow_name, deployment = full.split("/")
        assert load_flow_from_entrypoint(by_name[deployment]["entrypoint"]).name == flow_name


def test_unset_deployment_parameter_falls_back_to_the_environment_then_the_documented_default():
    """An unset {{ $HR_LANDING }} arrives as "": it must not make the run read the current directory."""
    from hr.settings import scheduled_paths

    assert scheduled_paths("", "", env={}) == ("data/landing", "out/rapporter")
    assert scheduled_paths("", None, env={"HR_LANDING": "/srv/mottak", "HR_OUT": "/srv/ut"}) == (
        "/srv/mottak",
        "/srv/ut",
    )
    assert scheduled_paths("/x", "/y", env={"HR_LANDING": "/srv/mottak"}) == ("/x", "/y")


def test_duckdb_runs_and_ingests_take_the_whole_warehouse_limit_postgres_reports_one_slot():
    """DuckDB allows one process at a time and ingests write: both must run alone; reports on PostgreSQL share."""
    from flows.deployments import warehouse_slots

    assert warehouse_slots("duckdb:////tmp/w.duckdb", exclusive=False, limit=2) == 2
    assert warehouse_slots("postgresql+psycopg://u@h/db", exclusive=False, limit=2) == 1
    assert warehouse_slots("postgresql+psycopg://u@h/db", exclusive=True, limit=2) == 2
