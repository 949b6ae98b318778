"""The project stands on its own: a clone with nothing beside it has its documentation, sample and figures.

Checks of the repository's own files; they do not touch a warehouse, so they run once.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from fnmatch import fnmatch
from pathlib import Path

import pytest

from hr.demo.calibration import REFERENCE, load_reference
from hr.paths import ROOT, SAMPLE_LANDING

# A link in Markdown: [text](target) — the target up to a space, `)` or `#`.
LINK = re.compile(r"\[[^\]]*\]\(([^)\s#]+)(?:#[^)\s]*)?\)")
USER_DOCS = ("uttrekk.md", "definisjoner.md", "utdata.md")


def _tracked_files() -> list[Path]:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the tracked files cannot be listed")
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / name for name in out.decode("utf-8").split("\0") if name]


def test_no_tracked_file_refers_to_a_directory_beside_the_clone():
    """Nothing sends a reader or a program to the folder that once stood beside the repository."""
    beside = "../" + "shared"  # spelt in two parts so that this file passes
    folder = re.compile(r"(?<![\w.-])" + "shared" + "/")  # a shared folder named from the repository root
    setting = "HR_" + "SHARED_DIR"
    offenders = []
    for path in _tracked_files():
        if not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if beside in line or folder.search(line) or setting in line:
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_every_link_in_the_readme_and_the_docs_points_at_a_file_in_the_repository():
    broken = []
    for doc in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for target in LINK.findall(doc.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
                continue
            if not (doc.parent / target).resolve().exists():
                broken.append(f"{doc.relative_to(ROOT)} → {target}")
    assert broken == []


def test_the_readme_names_the_user_documentation_and_each_page_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in USER_DOCS:
        assert f"docs/{name}" in readme
        assert (ROOT / "docs" / name).read_text(encoding="utf-8").startswith("# ")


def test_the_extract_documentation_describes_every_file_of_the_sample_landing():
    """docs/uttrekk.md names the pattern of every file the sample shows (organisasjon_ÅÅÅÅMMDD.csv, …)."""
    doc = (ROOT / "docs" / "uttrekk.md").read_text(encoding="utf-8")
    for path in sorted(p for p in SAMPLE_LANDING.rglob("*") if p.is_file()):
        relative = path.relative_to(SAMPLE_LANDING).as_posix()
        pattern = re.sub(r"_\d{4}\.", "_ÅÅÅÅ.", relative)
        pattern = re.sub(r"_\d{6}\.", "_ÅÅÅÅMM.", pattern)
        pattern = re.sub(r"_\d{8}\.", "_ÅÅÅÅMMDD.", pattern)
        if relative.startswith("referanse/tekster/"):
            pattern = "referanse/tekster/"
        assert pattern in doc, relative


def test_the_sample_landing_keeps_the_real_encodings_and_line_endings_of_the_extracts():
    """The sample is the contract by example: a Windows-1252 file, a UTF-8 file with BOM, CRLF line ends."""
    org = (SAMPLE_LANDING / "hr" / "organisasjon_20190115.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        org.decode("utf-8")
    assert "Bærum" in org.decode("cp1252") and b"\r\n" in org
    klp = (SAMPLE_LANDING / "pensjon" / "klp_2018.csv").read_bytes()
    assert "UFØR" in klp.decode("cp1252")
    assert (SAMPLE_LANDING / "hr" / "ansatte_20190115.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    attributes = (ROOT / ".gitattributes").read_text(encoding="utf-8")
    assert "docs/eksempel/landing/** -text" in attributes


def test_the_calibration_figures_are_in_the_package_that_reads_them():
    """`hr demo` reads Bærum's published figures at run time: they ship with hr.demo as package data."""
    assert REFERENCE.is_relative_to(ROOT / "hr" / "demo")
    assert load_reference()["kommunenummer"] == "0219"
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]
    assert any(fnmatch(REFERENCE.name, pattern) for pattern in package_data.get("hr.demo", []))
