"""Typer's own texts in bokmål: usage errors («Mangler argumentet …»), the help pages' headings, markers and
help option, so that everything `hr` says is Norwegian, not only what hr/cli.py writes.

Typer (0.29, pinned) looks some texts up with the standard library's gettext (`from gettext import gettext
as _` in typer.core and typer.rich_utils, whose headings and markers are evaluated once, at import); the
Click it vendors (typer._click) writes its usage errors, the "Usage:" prefix and the help option's text as
plain English. `install()` gives the gettext users a translation of their own (no global text domain, no
locale: nothing else in the process changes), sets Typer's precomputed strings, and translates the
vendored Click's few texts where they are shown: the error panel (`translate_error`), the usage line and
the help option. tests/test_cli_nb.py runs every command's help and the usage errors and looks for English,
so a Typer upgrade that moves a text fails there.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from typing import Any

# Typer's gettext message ids (their English text) -> bokmål; the placeholders are kept as they are.
TEXTS: dict[str, str] = {
    # what typer.core and typer.rich_utils look up
    "Try [blue]'{command_path} {help_option}'[/] for help.": "Skriv [blue]«{command_path} {help_option}»[/] for hjelp.",
    "Error": "Feil",
    "Aborted!": "Avbrutt.",
    "Aborted.": "Avbrutt.",
    "Arguments": "Argumenter",
    "Options": "Valg",
    "Commands": "Kommandoer",
    "[default: {}]": "[standard: {}]",
    "[env var: {}]": "[miljøvariabel: {}]",
    "[required]": "[påkrevd]",
    "default: {default}": "standard: {default}",
    "env var: {var}": "miljøvariabel: {var}",
    "required": "påkrevd",
    "(deprecated) ": "(utgår) ",
    "(dynamic)": "(beregnes)",
    "Missing command.": "Mangler kommando.",
    "No such command {name!r}.": "Ingen kommando heter {name!r}.",
    # the vendored Click's plain texts, used by the wrappers in install()
    "Usage:": "Bruk:",
    "Show this message and exit.": "Vis denne hjelpen og avslutt.",
}

# Typer's modules that call `_` (the Click it vendors has no gettext; Click itself is not used).
_MODULES = ("typer.core", "typer.rich_utils")

# The vendored Click's usage errors (typer/_click/exceptions.py, core.py; typer/_param_types.py), whole
# message -> bokmål. Checked in order; the first that matches is used.
_PATH_KIND = {"file": "Filen", "dir": "Katalogen", "directory": "Katalogen", "path": "Stien"}
_PATH_STATE = {
    "does not exist": "finnes ikke",
    "is a file": "er en fil",
    "is a directory": "er en katalog",
    "is not readable": "kan ikke leses",
    "is not writable": "kan ikke skrives til",
}
_PARAM_KIND = {"argument": "argumentet", "option": "valget", "parameter": "parameteren"}
_ERRORS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (
        re.compile(r"(.*)\. Did you mean (.*)\?", re.S),
        lambda m: f"{translate_error(m[1] + '.')} Mente du {m[2].replace(' or ', ' eller ')}?",
    ),
    (
        re.compile(r"Missing (argument|option|parameter)(.*?)\.(?: (.*))?", re.S),
        lambda m: f"Mangler {_PARAM_KIND[m[1]]}{m[2]}." + (f" {translate_error(m[3])}" if m[3] else ""),
    ),
    (re.compile(r"Missing parameter: (.*)", re.S), lambda m: f"Mangler parameteren: {m[1]}"),
    (re.compile(r"No such command (.*)\.", re.S), lambda m: f"Ingen kommando heter {m[1]}."),
    (
        re.compile(r"Invalid value for (.+?): (.*)", re.S),
        lambda m: f"Ugyldig verdi for {m[1]}: {translate_error(m[2])}",
    ),
    (re.compile(r"Invalid value: (.*)", re.S), lambda m: f"Ugyldig verdi: {translate_error(m[1])}"),
    (
        re.compile(r"No such option: (\S+)(?: \(Possible options: (.*)\))?", re.S),
        lambda m: f"Ukjent valg: {m[1]}" + (f" (mulige valg: {m[2]})" if m[2] else ""),
    ),
    (
        re.compile(r"Got unexpected extra argument\(s\) \((.*)\)", re.S),
        lambda m: f"Argumenter for mye: ({m[1]})",
    ),
    (
        re.compile(r"(file|dir|directory|path) ('.*') (" + "|".join(_PATH_STATE) + r")\.", re.S),
        lambda m: f"{_PATH_KIND[m[1]]} {m[2]} {_PATH_STATE[m[3]]}.",
    ),
    (
        re.compile(r"Could not open file (.*?): (.*)", re.S),
        lambda m: f"Kunne ikke åpne filen {m[1]}: {m[2]}",
    ),
]
HELP_OPTION_EN = "Show this message and exit."
# the usage line's placeholders and the help pages' value types (typer/core.py display_type)
_USAGE_WORDS = {"[OPTIONS]": "[VALG]", "COMMAND [ARGS]...": "KOMMANDO [ARGUMENTER]..."}
_TYPE_LABELS = {
    "<str>": "<tekst>",
    "<dir>": "<katalog>",
    "<file>": "<fil>",
    "<path>": "<sti>",
    "<int>": "<heltall>",
    "<float>": "<tall>",
    "<bool>": "",
}

# typer.rich_utils' strings, computed at its import: the name and its English text.
_TYPER_CONSTANTS = {
    "DEPRECATED_STRING": "(deprecated) ",
    "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}


def gettext(message: str) -> str:
    return TEXTS.get(message, message)


def translate_error(message: str) -> str:
    """A usage error of the vendored Click in bokmål; a message it does not know stays as it is."""
    for pattern, render in _ERRORS:
        m = pattern.fullmatch(message)
        if m:
            return render(m)
    return gettext(message)


_installed = False


def install() -> None:
    """Give Typer the bokmål texts. Idempotent."""
    global _installed
    if _installed:
        return
    _installed = True
    for name in _MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]  # the module's own `from gettext import gettext as _`
    rich_utils = importlib.import_module("typer.rich_utils")
    for constant, english in _TYPER_CONSTANTS.items():
        if hasattr(rich_utils, constant):
            setattr(rich_utils, constant, gettext(english))

    # the error panel: the vendored Click's message, translated where it is shown
    show_error = rich_utils.rich_format_error

    def rich_format_error(self: Any) -> None:
        english = self.format_message
        self.format_message = lambda: translate_error(english())
        show_error(self)

    setattr(rich_utils, "rich_format_error", rich_format_error)  # noqa: B010 - a module's attribute

    # "Usage: " of the usage line (help pages and errors)
    formatting = importlib.import_module("typer._click.formatting")
    write_usage = formatting.HelpFormatter.write_usage

    def write_usage_nb(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        for english, norwegian in _USAGE_WORDS.items():
            args = args.replace(english, norwegian)
        write_usage(self, prog, args, TEXTS["Usage:"] + " " if prefix is None else prefix)

    formatting.HelpFormatter.write_usage = write_usage_nb

    # the help option's own help text
    core = importlib.import_module("typer._click.core")
    get_help_option = core.Command.get_help_option

    def get_help_option_nb(self: Any, ctx: Any) -> Any:
        option = get_help_option(self, ctx)
        if option is not None and getattr(option, "help", None) == HELP_OPTION_EN:
            option.help = TEXTS[HELP_OPTION_EN]
        return option

    core.Command.get_help_option = get_help_option_nb

    # value types in the help pages: <tekst>, <katalog> (a flag shows none)
    typer_core = importlib.import_module("typer.core")
    display_type = typer_core._TyperParameter.display_type

    def display_type_nb(self: Any, ctx: Any) -> str:
        label: str = display_type(self, ctx)
        return _TYPE_LABELS.get(label, label)

    typer_core._TyperParameter.display_type = display_type_nb
