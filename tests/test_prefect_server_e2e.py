"""End to end on a real Prefect server: deploy prefect.yaml, run the half-yearly report through a process
worker with a period parameter (named by it, its INFO logs on the server), the annual one with
`--param year=2018` as the CLI sends it, then backfill through the deployment (one period without data)
and again (the unchanged period says "uendret" and is not rendered again).

Everything runs on 127.0.0.1 on a free port with a temporary PREFECT_HOME; every process started here
is stopped with its process group, also when the test fails.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import server_artifacts, server_flow_runs


@pytest.mark.slow
def test_report_deployment_runs_on_a_real_server_and_a_backfill_through_it_reports_each_period(
    tiny_demo, tmp_path, prefect_database
):
    """The scheduled path (server, deployment, worker) must produce the same files as the CLI, and a
    backfill against the server must wait for its runs and say which period failed and why."""
    from flows.serve import prepare, start_server, start_worker

    landing = tiny_demo(tmp_path / "landing")
    out = tmp_path / "out"
    env = {
        "HR_HOME": str(tmp_path / "hr"),  # the worker's warehouse and key, not the repository's .hr/
        "HR_LANDING": str(landing),  # baked into the deployments' parameters by `prefect deploy`
        "HR_OUT": str(out),
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PREFECT_WORKER_PREFETCH_SECONDS": "5",
        **prefect_database(),
    }
    # PREFECT_LOGGING_LEVEL (INFO) and the console's WARNING: the defaults of hr.settings, as `make serve` has them
    lp = start_server(tmp_path / "prefect", ui=False, extra_env=env)
    try:
        prepare(lp)
        start_worker(lp)
        run = lp.run(
            "deployment",
            "run",
            "hr-sykefravaer/sykefravaer-halvaar",
            "--param",
            "period=2018H1",
            "--param",
            "deliver=false",  # render only; approval and e-mail: test_delivery_e2e.py
            "--watch",
            "--watch-interval",
            "2",
            "--watch-timeout",
            "150",
            check=False,
            timeout=170,
        )
        assert run.returncode == 0, f"{run.stdout}\n{run.stderr}\n{lp.log('worker')[-3000:]}"
        assert (out / "sykefravaer_2018H1.pdf").stat().st_size > 0
        assert (
            (out / "sykefravaer_2018H1.figures.csv")
            .read_text(encoding="utf-8")
            .startswith("metric,period,omrade,gruppe,verdi,enhet,n,prikket\n")
        )
        # the run is named by report and period, and its INFO lines reach the API (`prefect flow-run logs`)
        (started,) = [r for r in server_flow_runs(lp.api_url) if r.get("deployment_id") and not r.get("auto_scheduled")]
        assert started["name"] == "sykefravaer-2018H1"
        logs = lp.run("flow-run", "logs", started["id"], check=False)
        assert logs.returncode == 0 and "INFO" in logs.stdout, logs.stdout[-2000:] + logs.stderr[-2000:]
        assert "Finished in state Completed" in logs.stdout
        # its artifacts sit on that run (no inner run): data quality, the headline table as the report
        # names and rounds its figures, the PDF link
        arts = {a["key"]: a for a in server_artifacts(lp.api_url, started["id"])}
        assert {"sykefravaer-2018h1-validering", "sykefravaer-2018h1-nokkeltall", "sykefravaer-2018h1-pdf"} <= set(arts)
        assert "# Datakvalitet: sykefravaer 2018H1" in arts["sykefravaer-2018h1-validering"]["data"]
        rows = json.loads(arts["sykefravaer-2018h1-nokkeltall"]["data"])
        (total,) = [r for r in rows if r["nøkkeltall"] == "Sykefravær, totalt"]
        assert total["periode"] == "1. halvår 2018" and re.fullmatch(r"\d+,\d\u00a0%", total["verdi"]), total
        assert arts["sykefravaer-2018h1-pdf"]["data"].endswith("/sykefravaer_2018H1.pdf)")  # [name](file:///…)
        # ... while the worker's terminal output stays at WARNING
        assert "| INFO" not in lp.log("worker")

        # `--param year=2018` as README shows it: the CLI sends a number, the run accepts it
        year = lp.run(
            "deployment",
            "run",
            "hr-medarbeidere/medarbeidere-aar",
            "--param",
            "year=2018",
            "--param",
            "deliver=false",
            "--watch",
            "--watch-interval",
            "2",
            "--watch-timeout",
            "200",
            check=False,
            timeout=220,
        )
        assert year.returncode == 0, f"{year.stdout}\n{year.stderr}\n{lp.log('worker')[-3000:]}"
        assert (out / "medarbeidere_2018.pdf").stat().st_size > 0

        backfill = subprocess.run(
            [
                str(Path(sys.executable).with_name("hr")),
                "backfill",
                "sykefravaer",
                "2013H1",
                "2013H2",
                "--landing",
                str(landing),
                "--out",
                str(out),
            ],
            cwd=tmp_path,
            env={**lp.env, "COLUMNS": "200"},
            capture_output=True,
            text=True,
            timeout=170,
        )
        assert backfill.returncode == 4, f"{backfill.stdout}\n{backfill.stderr}\n{lp.log('worker')[-3000:]}"
        assert "feilet (4)" in backfill.stdout and "2013H1" in backfill.stdout
        assert (out / "sykefravaer_2013H2.pdf").is_file() and not (out / "sykefravaer_2013H1.pdf").exists()

        # the same backfill again plus one new period: through the server as locally, the unchanged period
        # says "uendret" and is not rendered again; only the new one is
        rendered = (out / "sykefravaer_2013H2.pdf").stat().st_mtime_ns
        again = subprocess.run(  # noqa: PLW1510 - the exit status is asserted
            [
                str(Path(sys.executable).with_name("hr")),
                "backfill",
                "sykefravaer",
                "2013H2",
                "2014H1",
                "--landing",
                str(landing),
                "--out",
                str(out),
            ],
            cwd=tmp_path,
            env={**lp.env, "COLUMNS": "200"},
            capture_output=True,
            text=True,
            timeout=170,
        )
        assert again.returncode == 0, f"{again.stdout}\n{again.stderr}\n{lp.log('worker')[-3000:]}"
        rows = {line.split("│")[1].strip(): line for line in again.stdout.splitlines() if line.count("│") > 3}
        assert "uendret" in rows["2013H2"] and " ok " in rows["2014H1"], again.stdout
        assert (out / "sykefravaer_2013H2.pdf").stat().st_mtime_ns == rendered
        assert (out / "sykefravaer_2014H1.pdf").is_file()

        # unchanged, with the warehouse named: the command checks it as the worker would and records each
        # period on the server as a Completed "uendret" run of the deployment, without the worker
        before = {r["id"] for r in server_flow_runs(lp.api_url)}
        third = subprocess.run(  # noqa: PLW1510 - the exit status is asserted
            [
                str(Path(sys.executable).with_name("hr")),
                "backfill",
                "sykefravaer",
                "2013H2",
                "2014H1",
                "--landing",
                str(landing),
                "--out",
                str(out),
                "--warehouse",
                f"duckdb:///{(tmp_path / 'hr' / 'warehouse.duckdb').resolve()}",
            ],
            cwd=tmp_path,
            env={**lp.env, "COLUMNS": "200"},
            capture_output=True,
            text=True,
            timeout=170,
        )
        assert third.returncode == 0, f"{third.stdout}\n{third.stderr}"
        rows = {line.split("│")[1].strip(): line for line in third.stdout.splitlines() if line.count("│") > 3}
        assert "uendret" in rows["2013H2"] and "uendret" in rows["2014H1"], third.stdout
        recorded = {r["name"]: r for r in server_flow_runs(lp.api_url) if r["id"] not in before}
        assert sorted(recorded) == ["sykefravaer-2013H2", "sykefravaer-2014H1"], recorded
        for r in recorded.values():
            assert r["state_type"] == "COMPLETED" and r["state"]["message"].startswith("uendret"), r
            assert r["deployment_id"] == started["deployment_id"] and "etterkjoring" in r["tags"]
            assert r["parameters"]["deliver"] is False
    finally:
        lp.stop()
    for proc in lp.processes:
        assert proc.poll() is not None
