"""Python's cyclic garbage collector, tuned for a batch run: an ingest or a report.

CPython 3.11 runs a full collection (every generation) once ten collections of the middle generation have
passed and the objects waiting since the last full one are over a quarter of those that survived it. An
ingest or a report makes and drops millions of short-lived containers (Great Expectations' metric
configurations, pandas' blocks and indexes) while the process holds a large, stable heap of imported modules
(pandas, GE, Prefect, WeasyPrint): each full collection walks all of it. A cold Bærum report made 9 of them,
1.04 s of its 15 s (measured with gc.callbacks, 5 Dec); with its ingest and its report inside
fewer_full_collections it made 2 (0.21 s), and its peak memory stayed where it was (about 650 MB): what such
a run frees, reference counting frees. The young generations are collected as before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

FULL_COLLECTION_EVERY = 1000  # middle-generation collections between two full ones (CPython's default: 10)


def hold_back_full_collections() -> tuple[int, int, int]:
    """From now on a full collection comes at most every FULL_COLLECTION_EVERY middle-generation collections
    (a higher threshold already set is kept); returns the thresholds as they were."""
    before = gc.get_threshold()
    gc.set_threshold(before[0], before[1], max(before[2], FULL_COLLECTION_EVERY))
    return before


@contextmanager
def fewer_full_collections() -> Iterator[None]:
    """hold_back_full_collections within the block; afterwards the thresholds are what they were. Also a
    decorator."""
    before = hold_back_full_collections()
    try:
        yield
    finally:
        gc.set_threshold(*before)
