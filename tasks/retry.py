"""Retries with back-off for transient failures: a warehouse connection that drops or is busy, a source
file on a network share that cannot be read for a moment. Expected errors (HrError: rejected input,
nothing to report) are never retried: running again would give the same answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict

from prefect.tasks import RetryConditionCallable, exponential_backoff


def _raised(state) -> BaseException | None:
    try:
        state.result()
    except BaseException as exc:  # noqa: BLE001 - we only classify the exception here
        return exc
    return None


def warehouse_unreachable(task, task_run, state) -> bool:
    """Retry when the warehouse connection failed (PostgreSQL down/restarting, DuckDB file locked).

    The same classification as hr.warehouse.wait_until_reachable, which an ingest runs before it
    starts (a plain loop, so `hr.ingest.ingest_landing` retries without Prefect too).
    """
    from hr.warehouse import unreachable

    exc = _raised(state)
    return exc is not None and unreachable(exc)


# OS errors that reading the same path again would only repeat: the file is gone, is no file, or may not
# be read. Anything else (EIO, ETIMEDOUT, ESTALE on NFS, EAGAIN/EBUSY, a dropped SMB connection) may pass.
_PERMANENT_OS_ERRORS = (FileNotFoundError, IsADirectoryError, NotADirectoryError, PermissionError)


def transient_os_error(exc: BaseException) -> bool:
    """True for an OS-level failure to read a source that may pass on its own (not a missing or bad file)."""
    from hr.errors import HrError

    return isinstance(exc, OSError) and not isinstance(exc, (*_PERMANENT_OS_ERRORS, HrError))


def source_unreadable(task, task_run, state) -> bool:
    """Retry when reading a source failed at the operating-system level (not a missing or bad file).

    A bad file never gets here as an exception: the extract step returns it as a rejected delivery.
    """
    exc = _raised(state)
    return exc is not None and transient_os_error(exc)


# 2, 4, 8, 16 s (±50 %): long enough for a PostgreSQL restart or another run's DuckDB lock to clear.
class RetryOptions(TypedDict):
    """The retry keywords of @task, typed so that `**WAREHOUSE_RETRIES` checks against the decorator."""

    retries: int
    retry_delay_seconds: Callable[[int], list[float]]
    retry_jitter_factor: float
    retry_condition_fn: RetryConditionCallable


WAREHOUSE_RETRIES = RetryOptions(
    retries=4,
    retry_delay_seconds=exponential_backoff(backoff_factor=2),
    retry_jitter_factor=0.5,
    retry_condition_fn=warehouse_unreachable,
)
# 2, 4, 8 s (±50 %): a network share back after a short drop.
SOURCE_RETRIES = RetryOptions(
    retries=3,
    retry_delay_seconds=exponential_backoff(backoff_factor=2),
    retry_jitter_factor=0.5,
    retry_condition_fn=source_unreadable,
)
