"""Everything under HR_HOME (issue 14, item 5): Prefect's home and `make serve`'s server live in the
working directory, and passwords come from the worker's environment or a Prefect Secret block, never
from a flow parameter.

The Prefect home is decided when hr.settings is imported, so that case runs in a fresh interpreter
(as the `hr` command does) with HOME pointed at an empty directory: nothing may appear in ~/.prefect.
Without PREFECT_API_URL the flow runs against the ephemeral server Prefect starts itself, whose
database must then be in that home.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent("""
    import json, os
    import hr.settings
    from prefect import flow
    from prefect.blocks.system import Secret
    from prefect.settings import get_current_settings
    from sqlalchemy.engine import make_url

    @flow(name="hjem-proeve")
    def f():
        return 1

    f()
    Secret(value="smtp-hemmelig").save("hr-smtp-passord", overwrite=True)
    Secret(value="pg-hemmelig").save("hr-pg-passord", overwrite=True)
    env = {**os.environ, "HR_SMTP_HOST": "127.0.0.1", "HR_SMTP_FROM": "hr@example.org", "HR_SMTP_USER": "hr",
           "HR_SMTP_PASSWORD_BLOCK": "hr-smtp-passord", "HR_PG_PASSWORD_BLOCK": "hr-pg-passord",
           "HR_WAREHOUSE_URL": "postgresql+psycopg://hr_laster@127.0.0.1:5432/hr"}
    settings = hr.settings.build_settings(env=env)
    print(json.dumps({
        "home": str(get_current_settings().home),
        "smtp_password": hr.settings.smtp_settings(env).password,
        "pg_password": make_url(settings.warehouse_url).password,
        "settings_repr": repr(settings),
    }))
""")


def test_prefect_home_is_in_the_working_directory_and_passwords_come_from_secret_blocks(tmp_path):
    wd, home = tmp_path / "kommune-a", tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_HOME", "PREFECT_API_URL")}
    env.update({"HR_HOME": str(wd), "HOME": str(home)})
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], check=False, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["home"] == str(wd / "prefect")
    assert (wd / "prefect" / "prefect.db").is_file()  # the database of Prefect's ephemeral server
    assert not (home / ".prefect").exists()
    assert data["smtp_password"] == "smtp-hemmelig"
    assert data["pg_password"] == "pg-hemmelig"
    assert "pg-hemmelig" not in data["settings_repr"] and "pg-hemmelig" not in proc.stderr
    # the terminal stays at WARNING although INFO goes to the API
    assert "INFO" not in proc.stderr


def test_an_explicit_prefect_home_is_respected(tmp_path):
    env = {**os.environ, "HR_HOME": str(tmp_path / "wd"), "PREFECT_HOME": str(tmp_path / "eget")}
    out = subprocess.run(
        [sys.executable, "-c", "import hr.settings, os; print(os.environ['PREFECT_HOME'])"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == str(tmp_path / "eget")


def test_make_serve_keeps_its_server_and_worker_under_hr_home(tmp_path, monkeypatch):
    from flows.serve import default_home, server_env

    assert default_home({"HR_HOME": str(tmp_path / "kommune-b")}) == tmp_path / "kommune-b" / "prefect-server"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HR_HOME", "relativ")
    # the worker runs flows from the project directory: a relative HR_HOME is made absolute for it
    assert server_env(tmp_path / "p", 4200)["HR_HOME"] == str(tmp_path / "relativ")
    assert server_env(tmp_path / "p", 4200)["PREFECT_HOME"] == str(tmp_path / "p")


def test_a_password_in_a_flow_parameter_is_refused_without_being_repeated():
    import flows.deployments as d
    from hr.errors import UsageError

    with pytest.raises(UsageError) as err:
        d._resolved(None, "postgresql+psycopg://hr_laster:topphemmelig@127.0.0.1:5432/hr")
    assert "passord" in str(err.value) and "topphemmelig" not in str(err.value)
    # the deployments themselves carry no password parameter: only URL placeholders from the environment
    import yaml

    from hr.paths import ROOT

    spec = yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))
    assert not [x for x in spec["deployments"] if any("passw" in k.lower() for k in x.get("parameters", {}))]


def test_a_backfill_through_the_server_does_not_send_a_password(tmp_path):
    from flows.backfill import _run_on_server
    from hr.errors import UsageError
    from hr.periods import period_range

    with pytest.raises(UsageError) as err:
        _run_on_server(
            "sykefravaer",
            period_range("2018H1", "2018H1"),
            str(tmp_path),
            str(tmp_path),
            "postgresql+psycopg://u:topphemmelig@127.0.0.1/hr",
            None,
        )
    assert "topphemmelig" not in str(err.value)
