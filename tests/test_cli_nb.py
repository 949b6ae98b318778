"""Everything `hr` says is bokmål, also what Typer and the Click it vendors write themselves: the help
pages' headings, markers, value types and help option, and the usage errors (hr/cli_nb.py)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from hr.cli import app

# English that Typer/Click would show: any of these in a help page or a usage error is a text not translated
ENGLISH = re.compile(
    r"Usage|Options|Arguments|Commands|Show this message|\[required\]|\[default|\[env var|<str>|<dir>|<bool>|"
    r"<path>|<int>|Missing|Invalid value|No such|does not exist|Try '|for help|\[OPTIONS\]|COMMAND \[ARGS\]|"
    r"unexpected extra|<int range>|<list\[|\[x>=|\{rapport\}|\{period\}"
)


def _command_paths() -> list[list[str]]:
    """Every command and subcommand of `hr`, as the words typed after `hr`."""
    import click
    from typer.main import get_command

    root = get_command(app)
    paths: list[list[str]] = []

    def walk(command, path: list[str]) -> None:
        paths.append(path)
        if hasattr(command, "list_commands"):
            ctx = click.Context(command) if isinstance(command, click.Command) else None
            for name in command.list_commands(ctx):
                walk(command.get_command(ctx, name), [*path, name])

    walk(root, [])
    return paths


def test_every_help_page_is_in_bokmal():
    paths = _command_paths()
    assert ["report", "sykefravaer"] in paths and ["quarantine", "show"] in paths and len(paths) > 15
    runner = CliRunner()
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], prog_name="hr", env={"COLUMNS": "200"})
        assert result.exit_code == 0, (path, result.output)
        assert "Bruk: hr" in result.output, (path, result.output)
        assert "Vis denne hjelpen og avslutt." in result.output, path
        english = ENGLISH.findall(result.output)
        assert not english, (path, english, result.output)
        assert not re.search(r"(?<!data)varehus", result.output), (path, result.output)  # «datavarehus» throughout


@pytest.mark.parametrize(
    "args, said",
    [
        (["report", "sykefravaer"], "Mangler argumentet 'HALVÅR'."),
        (["backfill", "medarbeidere", "2014"], "Mangler argumentet 'TIL'."),
        (["ingest"], "Mangler valget '--landing'."),
        (
            ["ingest", "--landing", "/finnes/ikke"],
            "Ugyldig verdi for '--landing': Katalogen '/finnes/ikke' finnes ikke.",
        ),
        (["ingest", "--bogus"], "Ukjent valg: --bogus"),
        (["report", "sykefravaer", "2018H1", "x", "--landing", ".", "--out", "."], "Argumenter for mye: (x)"),
        (["rapport"], "Ingen kommando heter 'rapport'. Mente du 'report'?"),
        (["demo", "--workers", "0"], "Ugyldig verdi for '--workers': må være minst 1, ikke 0."),
    ],
)
def test_usage_errors_are_in_bokmal_and_exit_2(args, said):
    result = CliRunner().invoke(app, args, prog_name="hr", env={"COLUMNS": "200"})
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.replace("│", " ").split())
    assert said in text, text
    assert "Bruk: hr" in text and "for hjelp" in text and not ENGLISH.findall(text.replace("for hjelp", "")), text


def test_the_load_statuses_read_in_bokmal_in_ingest_and_quarantine_list(tiny_demo, tmp_path, monkeypatch):
    """`hr ingest` and `hr quarantine list` show «lastet», «uendret» …, not the stored English words."""
    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    landing = tiny_demo(tmp_path / "landing")
    url = f"duckdb:///{tmp_path / 'wh.duckdb'}"
    env = {"COLUMNS": "200", "HR_HOME": str(tmp_path / "hr")}
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", "--landing", str(landing), "--warehouse", url], prog_name="hr", env=env)
    assert first.exit_code == 0, first.output
    assert "│ lastet" in first.output and "loaded" not in first.output
    again = runner.invoke(app, ["ingest", "--landing", str(landing), "--warehouse", url], prog_name="hr", env=env)
    assert "│ uendret" in again.output and "unchanged" not in again.output
    listed = runner.invoke(app, ["quarantine", "list", "--warehouse", url], prog_name="hr", env=env)
    assert listed.exit_code == 0 and "│ lastet" in listed.output and "loaded" not in listed.output, listed.output
