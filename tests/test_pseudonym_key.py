"""The pseudonym key and the files that hold personal data are guarded (issue 16, item 7).

The key is 32 random bytes (64 hex digits or 44 base64 characters); empty, short or malformed keys are
refused with a Norwegian message that never shows the key; the warehouse stores the key's fingerprint
(never the key) and refuses another key; the working directory, the archive of raw files, the key file
and the embedded warehouse file are created 0700/0600.
"""

from __future__ import annotations

import base64
import os
import stat
from pathlib import Path

import pytest

from hr.errors import HrError, UsageError
from hr.ingest.pseudonym import PseudonymKeyInvalid, PseudonymKeyMismatch, fingerprint, person_id
from hr.settings import build_settings
from tests.landing import P1, TEST_KEY, Landing, ingest, rows

GOOD_HEX = TEST_KEY
GOOD_BASE64 = base64.b64encode(bytes.fromhex(TEST_KEY)).decode()
OTHER_KEY = "9f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f1"

BAD_KEYS = {
    "a one-character key": "x",
    "an empty key": "",
    "only blanks": "   ",
    "a passphrase": "test-pseudonym-key",
    "63 hex digits": GOOD_HEX[:-1],
    "65 hex digits": GOOD_HEX + "a",
    "64 characters that are not hex": "g" * 64,
    "base64 of 16 bytes": base64.b64encode(os.urandom(16)).decode(),
    "44 characters that are not base64": "!" * 43 + "=",
    "32 zero bytes": "0" * 64,
}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("case", list(BAD_KEYS))
def test_a_short_malformed_or_empty_key_in_the_environment_is_refused_with_a_clear_message(tmp_path, case):
    key = BAD_KEYS[case]
    with pytest.raises(PseudonymKeyInvalid) as caught:
        build_settings(workdir=tmp_path / "wd", env={"HR_PSEUDONYM_KEY": key})
    message = str(caught.value)
    assert isinstance(caught.value, UsageError) and caught.value.exit_code == 2
    assert "Pseudonymnøkkelen (miljøvariabelen HR_PSEUDONYM_KEY)" in message
    assert "secrets.token_hex(32)" in message
    if len(key.strip()) > 8:
        assert key.strip() not in message  # the key itself is never shown


@pytest.mark.parametrize("content", ["", "\n", "kort"])
def test_an_empty_or_short_key_file_is_refused_not_used_as_an_empty_hmac_key(tmp_path, content):
    wd = tmp_path / "wd"
    wd.mkdir()
    (wd / "pseudonym.key").write_text(content)
    with pytest.raises(PseudonymKeyInvalid, match="Pseudonymnøkkelen \\(fila .*pseudonym.key\\) er"):
        build_settings(workdir=wd, env={})


def test_the_same_key_as_hex_or_base64_gives_the_same_pseudonyms(tmp_path):
    hex_settings = build_settings(workdir=tmp_path / "a", env={"HR_PSEUDONYM_KEY": GOOD_HEX})
    b64_settings = build_settings(workdir=tmp_path / "b", env={"HR_PSEUDONYM_KEY": f" {GOOD_BASE64}\n"})
    assert len(GOOD_BASE64) == 44
    assert hex_settings.pseudonym_key == b64_settings.pseudonym_key
    assert person_id(hex_settings.pseudonym_key, P1) == person_id(b64_settings.pseudonym_key, P1)
    upper = build_settings(workdir=tmp_path / "c", env={"HR_PSEUDONYM_KEY": GOOD_HEX.upper()})
    assert upper.pseudonym_key == hex_settings.pseudonym_key


def test_a_made_key_file_holds_32_random_bytes_and_keeps_the_pseudonyms_of_earlier_key_files(tmp_path):
    first = build_settings(workdir=tmp_path / "a", env={})
    second = build_settings(workdir=tmp_path / "b", env={})
    text = (tmp_path / "a" / "pseudonym.key").read_text().strip()
    assert len(text) == 64 and bytes.fromhex(text)
    assert first.pseudonym_key != second.pseudonym_key
    # an existing key file (as every earlier version wrote it) keeps giving the same pseudonyms
    assert build_settings(workdir=tmp_path / "a", env={}).pseudonym_key == text.encode()


def test_the_working_directory_and_the_key_file_are_created_0700_and_0600(tmp_path):
    old = os.umask(0o022)
    try:
        settings = build_settings(workdir=tmp_path / "ny" / "wd", env={})
    finally:
        os.umask(old)
    assert _mode(settings.workdir) == 0o700
    assert _mode(settings.workdir.parent) == 0o755  # a parent made on the way (e.g. hr demo's --out) stays readable
    assert _mode(settings.workdir / "pseudonym.key") == 0o600


def test_the_archive_and_the_embedded_warehouse_are_created_0700_and_0600(tmp_path):
    """Does not depend on PostgreSQL: the archive and the DuckDB file are local files."""
    old = os.umask(0o022)
    try:
        settings = build_settings(workdir=tmp_path / "wd", env={"HR_PSEUDONYM_KEY": TEST_KEY})
        from hr.ingest import ingest_landing

        ingest_landing(Landing(tmp_path / "landing").standard().root, settings)
    finally:
        os.umask(old)
    warehouse = Path(settings.warehouse_url.removeprefix("duckdb:///"))
    assert warehouse.parent == settings.workdir and _mode(warehouse) == 0o600
    archived = [p for p in settings.archive_dir.rglob("*")]
    assert any(p.is_file() for p in archived)
    assert _mode(settings.archive_dir) == 0o700
    for p in archived:
        assert _mode(p) == (0o700 if p.is_dir() else 0o600), p


def test_the_warehouse_keeps_the_keys_fingerprint_and_refuses_another_key(tmp_path, warehouse_url, engine):
    landing = Landing(tmp_path / "landing").standard()
    ingest(landing, tmp_path, warehouse_url)
    stored = rows(engine, "meta_pseudonym_nokkel")
    assert stored["kommunenummer"].tolist() == ["0219"]
    assert stored["fingeravtrykk"].tolist() == [fingerprint(TEST_KEY.encode())]
    assert TEST_KEY not in stored["fingeravtrykk"].iloc[0]
    loads_before = rows(engine, "meta_load_log")

    landing.lonn("201902")  # something new to load, with the wrong key
    other = build_settings(workdir=tmp_path / "wd2", warehouse_url=warehouse_url, env={"HR_PSEUDONYM_KEY": OTHER_KEY})
    from hr.ingest import ingest_landing

    with pytest.raises(PseudonymKeyMismatch) as caught:
        ingest_landing(landing.root, other)
    message = str(caught.value)
    assert isinstance(caught.value, HrError) and "annen enn den kommune 0219 er lastet inn med" in message
    assert "Ingenting er lastet" in message and OTHER_KEY not in message and TEST_KEY not in message
    assert len(rows(engine, "meta_load_log")) == len(loads_before)  # nothing of the new file loaded

    summary = ingest(landing, tmp_path, warehouse_url)  # the right key loads it
    assert any(f.file_name == "lonn/lonn_201902.csv" for f in summary.files)
