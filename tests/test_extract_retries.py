"""Reading a source is retried with back-off when the OS fails for a moment, and only then.

A network share that drops for a second must not cost the night's ingest; a bad or missing file must
fail (or be rejected) at once, since reading it again gives the same answer. The delays are patched to
zero so the tests take no back-off time; the retry count and the condition are the task's own.
"""

from __future__ import annotations

import errno

import pytest

from hr.ingest import files
from hr.ingest.files import discover
from tasks import extract as extract_task
from tasks.retry import SOURCE_RETRIES, source_unreadable, transient_os_error
from tests.landing import FRAVAER, Landing, fravaer_rows, settings_for


@pytest.fixture
def landing(tmp_path):
    land = Landing(tmp_path / "landing")
    land.kommune()
    land.fravaer()
    land.csv(
        "hr/ansatte_20190115.csv", ["ansattnr", "kjonn"], [dict(ansattnr="1", kjonn="K")]
    )  # required columns missing
    return land


def _file(landing, name):
    return next(f for f in discover(landing.root).files if f.name == name)


@pytest.fixture
def reads(monkeypatch):
    """Count reads of landing files; the first `fail[name]` reads of a file raise the given OSError."""
    calls: dict[str, int] = {}
    fail: dict[str, tuple[int, OSError]] = {}
    real = files.read_bytes

    def read_bytes(file):
        calls[file.name] = calls.get(file.name, 0) + 1
        times, exc = fail.get(file.name, (0, None))
        if calls[file.name] <= times:
            raise exc
        return real(file)

    monkeypatch.setattr(files, "read_bytes", read_bytes)
    return calls, fail


def _fast(task):
    """The extract task with its retries and retry condition, but no back-off delay."""
    return task.with_options(retry_delay_seconds=0, retry_jitter_factor=None)


def test_extract_task_uses_the_source_retry_policy():
    t = extract_task.extract
    assert t.retries == SOURCE_RETRIES["retries"] == 3
    assert t.retry_condition_fn is source_unreadable
    assert t.retry_delay_seconds == [2, 4, 8] and t.retry_jitter_factor == 0.5


@pytest.mark.parametrize(
    "exc, transient",
    [
        (OSError(errno.EIO, "Input/output error"), True),
        (TimeoutError(errno.ETIMEDOUT, "Connection timed out"), True),
        (OSError(errno.ESTALE, "Stale file handle"), True),
        (ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"), True),
        (FileNotFoundError(errno.ENOENT, "No such file"), False),
        (PermissionError(errno.EACCES, "Permission denied"), False),
        (IsADirectoryError(errno.EISDIR, "Is a directory"), False),
        (NotADirectoryError(errno.ENOTDIR, "Not a directory"), False),
        (ValueError("bad value"), False),
    ],
)
def test_only_transient_os_errors_count_as_unreadable(exc, transient):
    assert transient_os_error(exc) is transient


def test_transient_read_error_is_retried_and_the_extract_succeeds(landing, tmp_path, duckdb_url, reads):
    calls, fail = reads
    f = _file(landing, "hr/fravaer_20190115.csv")
    fail[f.name] = (1, OSError(errno.EIO, "Input/output error"))
    delivery = _fast(extract_task.extract)(f, settings_for(tmp_path, duckdb_url))
    assert calls[f.name] == 2
    assert delivery.rejection is None
    assert len(delivery.typed) == len(fravaer_rows()) and set(FRAVAER) <= set(delivery.typed.columns)


def test_read_error_that_persists_fails_after_three_retries(landing, tmp_path, duckdb_url, reads):
    calls, fail = reads
    f = _file(landing, "hr/fravaer_20190115.csv")
    fail[f.name] = (99, OSError(errno.EIO, "Input/output error"))
    with pytest.raises(OSError, match="Input/output"):
        _fast(extract_task.extract)(f, settings_for(tmp_path, duckdb_url))
    assert calls[f.name] == 1 + 3


def test_bad_file_is_rejected_at_once_not_retried(landing, tmp_path, duckdb_url, reads):
    calls, _ = reads
    f = _file(landing, "hr/ansatte_20190115.csv")
    delivery = _fast(extract_task.extract)(f, settings_for(tmp_path, duckdb_url))
    assert delivery.rejection is not None and delivery.rejection.rule
    assert calls[f.name] == 1


@pytest.mark.parametrize(
    "exc", [FileNotFoundError(errno.ENOENT, "No such file"), PermissionError(errno.EACCES, "Permission denied")]
)
def test_missing_or_forbidden_file_fails_at_once(landing, tmp_path, duckdb_url, reads, exc):
    calls, fail = reads
    f = _file(landing, "hr/fravaer_20190115.csv")
    fail[f.name] = (99, exc)
    with pytest.raises(type(exc)):
        _fast(extract_task.extract)(f, settings_for(tmp_path, duckdb_url))
    assert calls[f.name] == 1


def test_ingest_flow_step_retries_a_file_seen_before(landing, tmp_path, duckdb_url, reads, monkeypatch):
    """A file seen before is checked by a plain read (no task run); when that read fails for a moment the
    extract task takes over and retries, instead of the ingest failing."""
    import flows.ingest as flow_module

    calls, fail = reads
    monkeypatch.setattr(flow_module, "extract", _fast(extract_task.extract))
    f = _file(landing, "hr/fravaer_20190115.csv")
    sha = files.checksum(f.path.read_bytes())
    fail[f.name] = (2, OSError(errno.EIO, "Input/output error"))
    delivery = flow_module._extract(f, settings_for(tmp_path, duckdb_url), {sha: ("loaded", None)})
    assert calls[f.name] == 3  # the plain read, the task's first try, its retry
    assert delivery.checksum == sha and delivery.prior_status == "loaded"
