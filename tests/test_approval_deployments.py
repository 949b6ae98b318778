"""Which runs wait for approval: the scheduled report deployments do, a backfill through them never does."""

from __future__ import annotations

import pytest
import yaml

from hr.paths import ROOT


def test_scheduled_report_deployments_deliver_after_approval_and_the_flows_accept_it():
    from prefect.flows import load_flow_from_entrypoint

    deployments = {
        d["name"]: d for d in yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))["deployments"]
    }
    for name in ("sykefravaer-halvaar", "medarbeidere-aar"):
        params = deployments[name]["parameters"]
        assert params["deliver"] is True and params["approval"] is True
        flow = load_flow_from_entrypoint(deployments[name]["entrypoint"])
        assert flow.parameters.properties["approval"]["default"] is True
    assert "deliver" not in (deployments["ingest"].get("parameters") or {})


def test_a_backfill_on_the_server_asks_its_deployment_runs_not_to_deliver(monkeypatch, tmp_path):
    """A backfill of ten half-years must neither e-mail politicians nor leave ten runs waiting for approval."""
    import prefect.deployments

    from flows.backfill import _run_on_server
    from hr.periods import Period

    asked = []

    class Stop(Exception):
        pass

    def fake_run_deployment(name, parameters, **kwargs):
        asked.append((name, parameters))
        raise Stop

    monkeypatch.setattr(prefect.deployments, "run_deployment", fake_run_deployment)
    with pytest.raises(Stop):
        _run_on_server("sykefravaer", [Period.parse("2018H1")], str(tmp_path), str(tmp_path / "out"), None, None)
    [(name, parameters)] = asked
    assert name == "hr-sykefravaer/sykefravaer-halvaar"
    assert parameters["deliver"] is False and parameters["period"] == "2018H1"
