"""Numbers an operator sets in the environment (HR_DUCKDB_THREADS, HR_INGEST_LOCK_TIMEOUT, ...), read one way.

hr.settings reads them and checks them all when the settings are built; HR_DUCKDB_THREADS is also read by
hr.warehouse on every DuckDB connection, below hr.settings, hence this module at the bottom.

A value that is not a number, or is below its floor, is refused with a Norwegian line naming the variable,
the value and what it must be (hr.errors.UsageError: exit status 2, no traceback), rather than Python's
ValueError at the first connection or the first wait.
"""

from __future__ import annotations

from collections.abc import Mapping

from hr.errors import UsageError


def _refused(name: str, text: str, wanted: str) -> UsageError:
    return UsageError(f"{name} må være {wanted}, ikke «{text[:20]}». Rett eller fjern variabelen og kjør på nytt.")


def env_number(
    env: Mapping[str, str],
    name: str,
    *,
    minimum: float,
    maximum: float | None = None,
    integer: bool = False,
    unit: str = "",
) -> float | int | None:
    """The number in `env[name]`, None when unset or blank; a non-number or one outside its range is refused."""
    text = (env.get(name) or "").strip()
    if not text:
        return None
    upper = f"til {_shown(maximum)}" if maximum is not None else "og oppover"
    wanted = f"{'et helt tall' if integer else 'et tall'} fra {_shown(minimum)} {upper}{unit}"
    try:
        number: float | int = int(text) if integer else float(text)
    except ValueError:
        raise _refused(name, text, wanted) from None
    if not (number >= minimum and (maximum is None or number <= maximum)):  # also refuses nan
        raise _refused(name, text, wanted)
    return number


def env_numbers(env: Mapping[str, str], name: str, *, minimum: float, unit: str = "") -> tuple[float, ...] | None:
    """Comma-separated numbers in `env[name]` (a decimal point, since the comma separates), None when unset."""
    text = (env.get(name) or "").strip()
    if not text:
        return None
    wanted = f"tall fra {_shown(minimum)} og oppover{unit}, skilt med komma (for eksempel 2,4,8,16)"
    parts = [part.strip() for part in text.split(",")]
    try:
        numbers = tuple(float(part) for part in parts if part)
    except ValueError:
        raise _refused(name, text, wanted) from None
    if not numbers or not all(number >= minimum for number in numbers):
        raise _refused(name, text, wanted)
    return numbers


def duckdb_threads(env: Mapping[str, str]) -> int | None:
    """HR_DUCKDB_THREADS: DuckDB's worker threads on every connection (hr.warehouse), None when unset."""
    threads = env_number(env, "HR_DUCKDB_THREADS", minimum=1, integer=True)
    return None if threads is None else int(threads)


def _shown(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number).replace(".", ",")
