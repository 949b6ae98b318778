"""Where the project's non-Python assets live (SQL, expectation suites, templates)."""

import os as _os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQL_DIR = ROOT / "sql"
EXPECTATIONS_DIR = ROOT / "expectations"
REPORTS_DIR = ROOT / "reports"
TEMPLATES_DIR = REPORTS_DIR / "templates"
# The sample landing directory of docs/uttrekk.md: every extract kind with a few rows, in its real encoding.
SAMPLE_LANDING = ROOT / "docs" / "eksempel" / "landing"


def private_dir(path: Path) -> Path:
    """`path` as a directory only its owner can enter (0700) when this call creates it; missing parents
    are made as the umask says (an output directory above the working directory stays readable), and an
    existing directory is left as its owner set it. The working directory and the archive of raw files
    (fødselsnummer in them) are made this way."""
    path = Path(path)
    if path.is_dir():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        path.mkdir(mode=0o700)
    except FileExistsError:  # made by another process meanwhile: theirs
        return path
    path.chmod(0o700)  # mkdir's mode is cut by the umask (never widened), so this only states it
    return path


def write_private(path: Path, data: bytes) -> None:
    """Write a new file only its owner can read (0600 from the moment it exists, whatever the umask)."""
    fd = _os.open(path, _os.O_WRONLY | _os.O_CREAT | _os.O_TRUNC, 0o600)
    _os.fchmod(fd, 0o600)  # an existing file keeps its mode on O_CREAT
    with _os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        _os.fsync(fh.fileno())


def private_duckdb_file(path: Path) -> Path:
    """An embedded warehouse file that does not exist yet is created empty and 0600 (its directory 0700 when
    this makes it); DuckDB itself would create it with the umask's 0644 on first connect."""
    path = Path(path)
    if path.exists() or str(path) in ("", ":memory:") or path.name.startswith(":memory:"):
        return path
    private_dir(path.parent)
    import duckdb

    old = _os.umask(0o077)  # the file is born 0600, not chmod-ed after a moment world-readable
    try:
        duckdb.connect(str(path)).close()
    except duckdb.Error:
        if not path.exists():  # another process creating it at the same moment holds it: theirs will do
            raise
        return path
    finally:
        _os.umask(old)
    path.chmod(0o600)
    return path
