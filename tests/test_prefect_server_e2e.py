"""End to end on a real Prefect server: deploy prefect.yaml, run the half-yearly report through a process
worker with a period parameter, then backfill through the deployment (one period without data).

Everything runs on 127.0.0.1 on a free port with a temporary PREFECT_HOME; every process started here
is stopped with its process group, also when the test fails.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hr.paths import ROOT


@pytest.mark.slow
def test_report_deployment_runs_on_a_real_server_and_a_backfill_through_it_reports_each_period(tmp_path):
    """The scheduled path (server, deployment, worker) must produce the same files as the CLI, and a
    backfill against the server must wait for its runs and say which period failed and why."""
    from flows.serve import prepare, start_server, start_worker
    from hr.demo import generate_landing

    landing = generate_landing(tmp_path / "landing", scale="tiny", seed=2018)
    out = tmp_path / "out"
    env = {
        "HR_HOME": str(tmp_path / "hr"),            # the worker's warehouse and key, not the repository's .hr/
        "HR_LANDING": str(landing),                 # baked into the deployments' parameters by `prefect deploy`
        "HR_OUT": str(out),
        "PREFECT_WORKER_QUERY_SECONDS": "2",
        "PREFECT_WORKER_PREFETCH_SECONDS": "5",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    lp = start_server(tmp_path / "prefect", ui=False, extra_env=env)
    try:
        prepare(lp)
        start_worker(lp)
        run = lp.run("deployment", "run", "hr-sykefravaer/sykefravaer-halvaar", "--param", "period=2018H1",
                     "--param", "deliver=false",  # render only; approval and e-mail: test_delivery_e2e.py
                     "--watch", "--watch-interval", "2", "--watch-timeout", "150", check=False, timeout=170)
        assert run.returncode == 0, f"{run.stdout}\n{run.stderr}\n{lp.log('worker')[-3000:]}"
        assert (out / "sykefravaer_2018H1.pdf").stat().st_size > 0
        assert (out / "sykefravaer_2018H1.figures.csv").read_text(encoding="utf-8").startswith(
            "metric,period,omrade,gruppe,verdi,enhet,n,prikket\n")

        backfill = subprocess.run(
            [str(Path(sys.executable).with_name("hr")), "backfill", "sykefravaer", "1999H2", "2000H1",
             "--landing", str(landing), "--out", str(out)],
            cwd=tmp_path, env={**lp.env, "COLUMNS": "200"}, capture_output=True, text=True, timeout=170)
        assert backfill.returncode == 4, f"{backfill.stdout}\n{backfill.stderr}\n{lp.log('worker')[-3000:]}"
        assert "feilet (4)" in backfill.stdout and "1999H2" in backfill.stdout
        assert (out / "sykefravaer_2000H1.pdf").is_file() and not (out / "sykefravaer_1999H2.pdf").exists()
    finally:
        lp.stop()
    for proc in lp.processes:
        assert proc.poll() is not None
