"""Extracts read ahead in a second process while this one validates and loads.

Reading and typing the CSV and Excel extracts (step 1) is a third of a cold ingest of a large landing
directory, and it needs nothing from the warehouse: its result depends only on the file's bytes, the
settings and what the load log already knows of the file. So where a run has many megabytes to parse,
`ReadAhead` hands the files the run will parse, in the order it will ask for them, to one worker process
(the machine's other core), a bounded number of bytes ahead; `ReadAhead.extract` then answers the run's
extract step from those results and falls back to the step itself for anything else.

`ReadAhead.extract(f, settings, known, parse)` returns what `hr.ingest.extract.extract` would: the worker
parses every planned file, and a content the log knows (`known`) or a file not to be parsed (`parse=False`)
gets the short delivery extract gives those. A worker that fails (a bug, a killed process) costs only the
speed: the file is extracted here, and a data problem is reported exactly as without read-ahead.

The results travel pickled; unpickling them is what this process still pays (~0.7 s of Bærum's 83 MB of
frames, against ~2.8 s of reading and typing). Measured on this 2-core machine: Bærum's cold `hr ingest`
10.4 -> 8.7 s, Oslo's 36 -> 35 s (its larger frames cost more to unpickle), peak memory of Oslo's process
tree 2.1 -> 2.3 GB. Below READ_AHEAD_MIN_BYTES (the tiny landing of the tests, a month's payroll file)
the second process costs more than it saves (starting it and importing pandas ~0.7 CPU-s); a daemonic
process (a Dask worker) may not start one.

The worker is started with `spawn`, not `fork` (DuckDB's and Prefect's threads may be running here). Like
every spawned process it imports this process's main module under another name: a script that ingests at
its top level needs the usual `if __name__ == "__main__":` guard. Without it, the ingest the worker would
start there is refused at once (`bootstrapping`, hr.ingest.pipeline), the worker fails to start, and the
run reads every file itself. It ignores Ctrl-C (this process stops the run and the worker) and
exits when this process does, however it ends (it watches its parent).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from hr.ingest.delivery import Delivery
from hr.ingest.extract import unparsed
from hr.ingest.files import LandingFile
from hr.settings import Settings

# Bytes of planned files below which no worker is started (Bærum's landing, 48 MB, gains ~1.7 s; the
# tiny landing, 1.2 MB, would lose the worker's start).
READ_AHEAD_MIN_BYTES = 8 * 2**20
# Bytes of files handed to the worker and not yet taken by the run: bounds what waits in memory.
AHEAD_BYTES = 64 * 2**20

Extract = Callable[..., Delivery]


def bootstrapping() -> bool:
    """True in a worker while it imports its parent's main module (`spawn` does that first): a script that
    ingests at its top level, without `if __name__ == "__main__":`, would ingest again here and wait for
    the warehouse its parent holds. multiprocessing marks this phase with `_inheriting` (its own check
    against starting processes then, `spawn._check_not_importing_main`, reads the same attribute)."""
    return bool(getattr(multiprocessing.current_process(), "_inheriting", False))


def wanted(files: Sequence[LandingFile]) -> bool:
    """Whether reading `files` ahead pays: enough bytes, and this process may start one."""
    if multiprocessing.current_process().daemon:
        return False
    return sum(_size(f) for f in files) >= READ_AHEAD_MIN_BYTES


class ReadAhead:
    """The planned files' extracts, computed by a worker process in plan order (see the module's doc)."""

    def __init__(
        self, plan: Sequence[LandingFile], settings: Settings, extract: Extract, ahead_bytes: int = AHEAD_BYTES
    ):
        self._settings, self._extract, self._ahead_bytes = settings, extract, ahead_bytes
        self._queue = list(plan)  # not yet handed to the worker
        self._pending: dict[str, tuple[LandingFile, Future[Delivery], int]] = {}
        self._in_flight = 0
        self.answered = 0  # extracts answered from the worker's results
        self._pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            max_workers=1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_worker_init,
            initargs=(os.getpid(),),
        )
        self._submit()

    def extract(
        self,
        f: LandingFile,
        settings: Settings,
        known: dict[str, tuple[str, str | None]] | None = None,
        parse: bool = True,
    ) -> Delivery:
        """What the extract step returns for `f`, from the worker's result where there is one."""
        ahead = self._pending.pop(f.name, None) if settings == self._settings else None
        if ahead is None:
            self._queue = [q for q in self._queue if q.name != f.name]  # asked for out of turn: not read twice
            return self._extract(f, settings, known, parse=parse)
        planned, future, size = ahead
        self._in_flight -= size
        try:
            d = future.result()
        except Exception:  # noqa: BLE001 - the worker's failure: the step here gives the real outcome
            d = None
        self._submit()
        if d is None or planned != f:
            return self._extract(f, settings, known, parse=parse)
        d.file = f
        self.answered += 1
        return unparsed(f, d.checksum, d.archive_path, known, parse) or d

    def close(self) -> None:
        """Stop the worker: what it has not started is dropped, and it leaves when it has finished what it is
        doing (normally nothing: the run has taken every file). Not waited for: its exit cost a run 0.2 s."""
        pool, self._pool = self._pool, None
        self._queue.clear()
        self._pending.clear()
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> ReadAhead:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _submit(self) -> None:
        """Hand the worker the next planned files while fewer than `ahead_bytes` wait (always at least one)."""
        while self._pool is not None and self._queue and (not self._pending or self._in_flight < self._ahead_bytes):
            f = self._queue.pop(0)
            size = _size(f)
            try:
                future = self._pool.submit(_extract_in_worker, f, self._settings)
            except Exception:  # noqa: BLE001 - a broken pool: the run extracts the rest itself
                self._queue.clear()
                return
            self._pending[f.name] = (f, future, size)
            self._in_flight += size


def _size(f: LandingFile) -> int:
    try:
        return f.path.stat().st_size
    except OSError:
        return 0


def _extract_in_worker(f: LandingFile, settings: Settings) -> Delivery:
    from hr.ingest.extract import extract

    return extract(f, settings)


def _worker_init(parent: int) -> None:
    # Ctrl-C reaches the whole process group: the parent stops the run (and this worker) itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True, name="read-ahead-parent").start()


def _exit_with_parent(parent: int, every: float = 0.5) -> None:
    """A worker whose parent has gone (killed, crashed) has nobody to answer: it leaves at once."""
    while os.getppid() == parent:
        time.sleep(every)
    os._exit(0)
