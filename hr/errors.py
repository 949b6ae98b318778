"""Expected errors: each has a clear Norwegian message and the exit status OUTPUTS.md gives it.

Flows turn these into a Failed state carrying the error (no traceback in the log); the CLI prints
the message and exits with the status. Anything else is a failure with exit status 1.
"""

from collections.abc import Iterator


class HrError(Exception):
    exit_code = 1


class UsageError(HrError):
    exit_code = 2


class InputRejected(HrError):
    """A file is unreadable or lacks a required column; nothing of that file was loaded."""

    exit_code = 3


class NothingToReport(HrError):
    """The warehouse holds no data for the period asked for."""

    exit_code = 4


def exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and what caused it (__cause__, else __context__), each once: where a message for the user looks
    for the error it is about (hr.warehouse.unreachable_message, hr.cli's full disk)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__
