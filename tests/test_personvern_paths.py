"""Issue 6 acceptance, defensive paths: a landing directory with names that point out of it (symbolic links
to files and directories elsewhere, `../`-style names) is refused with a message, and nothing outside
the directory is opened or listed. Python's audit hooks see every open and directory listing the
ingest makes, so "not read" is observed, not assumed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from tests.landing import ANSATTE, Landing, all_tables, ansatte_rows, fnr, ingest, rows

_WATCHED: list[Path] = []
_TOUCHED: list[str] = []


def _audit(event: str, args: tuple) -> None:
    if not _WATCHED or event not in ("open", "os.listdir", "os.scandir"):
        return
    target = args[0] if args else None
    if isinstance(target, (str, bytes, os.PathLike)):
        path = os.path.abspath(os.fsdecode(target))
        if any(path == str(w) or path.startswith(str(w) + os.sep) for w in _WATCHED):
            _TOUCHED.append(f"{event} {path}")


sys.addaudithook(_audit)


def test_links_and_dot_dot_names_out_of_the_landing_directory_are_refused_unread(tmp_path, duckdb_url):
    outside = tmp_path / "utenfor"
    (outside / "lonn").mkdir(parents=True)
    secret_number = fnr(__import__("datetime").date(1961, 6, 6), 777)
    secret = Landing(outside).csv("hemmelig.csv", ANSATTE, [dict(ansatte_rows()[0], fodselsnummer=secret_number)])
    (outside / "lonn" / "lonn_201902.csv").write_text("periode;arbeidsforhold_id\n", encoding="utf-8")

    landing = Landing(tmp_path / "mottak").standard()
    os.symlink(secret, landing.root / "hr" / "ansatte_20190201.csv")  # a file link out
    os.symlink(Path("..") / ".." / "utenfor" / "hemmelig.csv", landing.root / "hr" / "fravaer_20190201.csv")
    os.symlink(outside / "lonn", landing.root / "pensjon_lenke")  # a directory link out
    os.symlink(outside, landing.root / "referanse" / "tekster" / "lenke")
    (landing.root / "hr%2F..%2F..%2Fetc%2Fpasswd").write_text("x", encoding="utf-8")  # an encoded ../ name
    (landing.root / "hr" / "..ansatte_20190115.csv").write_text("x", encoding="utf-8")  # hidden: skipped

    _WATCHED[:] = [outside]
    _TOUCHED.clear()
    try:
        summary = ingest(landing, tmp_path, duckdb_url)
    finally:
        _WATCHED.clear()
    assert _TOUCHED == []
    refused = {i.file_name: i.reason for i in summary.ignored}
    assert "ut av mottaksmappen" in refused["hr/ansatte_20190201.csv"]
    assert "ut av mottaksmappen" in refused["hr/fravaer_20190201.csv"]
    assert "hr%2F..%2F..%2Fetc%2Fpasswd" in refused and all(refused.values())
    assert not {f.file_name for f in summary.files} & {"hr/..ansatte_20190115.csv", "hr%2F..%2F..%2Fetc%2Fpasswd"}
    # the landing directory's own files were loaded, and the secret number is nowhere
    from hr.warehouse import create_engine

    engine = create_engine(duckdb_url)
    try:
        assert not rows(engine, "stg_ansatte").empty
        assert not any(secret_number in frame.to_csv() for frame in all_tables(engine).values())
        loaded = {f.file_name for f in summary.files if f.rows_loaded}
        assert not any("20190201" in name or "lenke" in name for name in loaded)
    finally:
        engine.dispose()


def test_the_audit_hook_sees_a_read_outside(tmp_path):
    """Positive control for the test above: opening or listing a watched path is recorded."""
    outside = tmp_path / "utenfor"
    outside.mkdir()
    (outside / "fil.csv").write_text("x", encoding="utf-8")
    _WATCHED[:] = [outside]
    _TOUCHED.clear()
    try:
        (outside / "fil.csv").read_text(encoding="utf-8")
        list(os.scandir(outside))
    finally:
        _WATCHED.clear()
    assert [t.split()[0] for t in _TOUCHED] == ["open", "os.scandir"]
