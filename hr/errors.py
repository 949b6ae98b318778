"""Expected errors: each has a clear Norwegian message and the exit status OUTPUTS.md gives it.

Flows turn these into a Failed state carrying the error (no traceback in the log); the CLI prints
the message and exits with the status. Anything else is a failure with exit status 1.
"""


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
