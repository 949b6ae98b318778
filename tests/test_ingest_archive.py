"""The content-addressed archive of delivered files (hr.ingest.files.archive).

Two workers may archive the same bytes at the same moment: the Dask scale-out runs several municipalities at once,
and one file can be delivered to two of them. Both must end with the one archive file and neither may fail.
"""

from __future__ import annotations

import stat
import threading
from concurrent.futures import ThreadPoolExecutor

from hr import paths
from hr.ingest import files


def test_two_writers_archiving_the_same_bytes_at_once_both_succeed(tmp_path, monkeypatch):
    data = "ansattnr;dato\n1;2018-01-02\n".encode("cp1252")
    sha = files.checksum(data)
    archive_dir = tmp_path / "arkiv"
    writers = 2
    both_written = threading.Barrier(writers, timeout=10)
    write_private = paths.write_private

    def write_then_wait(path, content):
        # Hold each writer between writing its temporary file and renaming it until the other has written
        # too: the interleaving in which a shared temporary name loses one writer's file.
        write_private(path, content)
        both_written.wait()

    monkeypatch.setattr(paths, "write_private", write_then_wait)
    with ThreadPoolExecutor(writers) as pool:
        targets = list(pool.map(lambda _: files.archive(data, sha, archive_dir), range(writers)))

    assert targets == [archive_dir / sha[:2] / sha] * writers
    assert targets[0].read_bytes() == data
    assert stat.S_IMODE(targets[0].stat().st_mode) == 0o600
    assert sorted(p.name for p in targets[0].parent.iterdir()) == [sha]  # no temporary file left behind


def test_archiving_bytes_already_archived_leaves_the_file_alone(tmp_path):
    data = b"a;b\n"
    sha = files.checksum(data)
    first = files.archive(data, sha, tmp_path)
    before = first.stat().st_mtime_ns
    assert files.archive(data, sha, tmp_path) == first
    assert first.stat().st_mtime_ns == before
