"""Operator numbers in the environment (hr/env_numbers.py): a malformed value is refused with one Norwegian
line naming the variable, the value and what it must be, before any work starts (exit status 2), instead of
Python's ValueError at the first connection, wait or mail."""

from __future__ import annotations

import pytest

from hr.env_numbers import duckdb_threads, env_number, env_numbers
from hr.errors import UsageError
from hr.settings import WarehousePatience, build_settings, smtp_settings, warehouse_patience


def test_set_values_are_read_and_unset_or_blank_ones_give_none():
    env = {"A": " 3 ", "B": "0.5", "C": "", "D": "0.1, 0.2,"}
    assert env_number(env, "A", minimum=1, integer=True) == 3
    assert env_number(env, "B", minimum=0) == 0.5
    assert env_number(env, "C", minimum=0) is None
    assert env_number(env, "MISSING", minimum=0) is None
    assert env_numbers(env, "D", minimum=0) == (0.1, 0.2)
    assert env_numbers(env, "C", minimum=0) is None
    assert duckdb_threads({"HR_DUCKDB_THREADS": "2"}) == 2
    assert duckdb_threads({}) is None


@pytest.mark.parametrize(
    "name,value,wanted",
    [
        ("HR_DUCKDB_THREADS", "abc", "et helt tall fra 1 og oppover"),
        ("HR_DUCKDB_THREADS", "0", "et helt tall fra 1 og oppover"),
        ("HR_DUCKDB_THREADS", "1.5", "et helt tall fra 1 og oppover"),
        ("HR_INGEST_LOCK_TIMEOUT", "ti minutter", "et tall fra 0 og oppover (sekunder)"),
        ("HR_INGEST_LOCK_TIMEOUT", "-1", "et tall fra 0 og oppover (sekunder)"),
        ("HR_INGEST_LOCK_TIMEOUT", "nan", "et tall fra 0 og oppover (sekunder)"),
        ("HR_WAREHOUSE_RETRY_DELAYS", "2;4;8", "tall fra 0 og oppover (sekunder), skilt med komma"),
        ("HR_WAREHOUSE_RETRY_DELAYS", "2,-4", "tall fra 0 og oppover (sekunder), skilt med komma"),
        ("HR_WAREHOUSE_RETRY_DELAYS", ",", "tall fra 0 og oppover (sekunder), skilt med komma"),
        ("HR_SMTP_PORT", "70000", "et helt tall fra 1 til 65535"),
    ],
)
def test_build_settings_refuses_a_malformed_number_naming_variable_value_and_rule(tmp_path, name, value, wanted):
    workdir = tmp_path / "wd"
    with pytest.raises(UsageError) as refused:
        build_settings(workdir=workdir, env={name: value})
    message = str(refused.value)
    assert message.startswith(f"{name} må være {wanted}")
    assert f"«{value}»" in message
    assert not workdir.exists()  # refused before the working directory (and its key) is made


def test_the_readers_use_the_numbers_and_their_defaults():
    assert warehouse_patience({}) == WarehousePatience()
    assert warehouse_patience({"HR_WAREHOUSE_RETRY_DELAYS": "0.1,0.2", "HR_INGEST_LOCK_TIMEOUT": "0"}) == (
        WarehousePatience(retry_delays=(0.1, 0.2), lock_timeout=0.0)
    )
    smtp = {"HR_SMTP_HOST": "127.0.0.1", "HR_SMTP_FROM": "hr@example.org"}
    assert smtp_settings(smtp).port == 25
    assert smtp_settings({**smtp, "HR_SMTP_PORT": "2525"}).port == 2525


def test_hr_ingest_with_a_malformed_lock_timeout_exits_2_with_one_line_and_nothing_loaded(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from hr.cli import app

    monkeypatch.chdir(tmp_path)
    (tmp_path / "mottak").mkdir()
    result = CliRunner().invoke(
        app,
        ["ingest", "--landing", str(tmp_path / "mottak")],
        env={"HR_HOME": str(tmp_path / ".hr"), "HR_INGEST_LOCK_TIMEOUT": "15 min"},
    )
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert lines == [
        "Feil: HR_INGEST_LOCK_TIMEOUT må være et tall fra 0 og oppover (sekunder), ikke «15 min». "
        "Rett eller fjern variabelen og kjør på nytt."
    ]
    assert not (tmp_path / ".hr").exists()
