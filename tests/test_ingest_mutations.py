"""`hr ingest` on a landing directory of 1 000 mutated extracts (issue "Nothing lost", acceptance): no
traceback, and a summary that accounts for every row — read = loaded + quarantined for every file,
every refused file listed with its reason, and the warehouse holding exactly what the summary says.

The files are made here from valid extracts (tests/landing.py) with the damage real deliveries have:
flipped bytes, a cut-off end, dropped or doubled delimiters, stray quotes, NUL bytes, the wrong
encoding or delimiter, lost or doubled lines, a renamed header column, an emptied file. Their names
follow the contract: 600 payroll months, 100 pension years, 300 snapshot dates.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from hr.warehouse import create_engine
from tests.landing import ANSATTE, FRAVAER, LONN, ORG, P1, P2, PENSJON, REKRUTTERING, TEST_KEY, Landing, \
    ansatte_rows, fravaer_rows, lonn_rows, org_rows, rekruttering_rows, rows


def _csv(columns: list[str], records: list[dict]) -> bytes:
    return ("\n".join([";".join(columns)] + [";".join(str(r[c]) for c in columns) for r in records]) + "\n").encode()


def _flip(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return data
    i = rnd.randrange(len(data))
    return data[:i] + bytes([rnd.randrange(256)]) + data[i + 1:]


def _truncate(data: bytes, rnd: random.Random) -> bytes:
    return data[: rnd.randrange(len(data) + 1)]


def _on_a_line(data: bytes, rnd: random.Random, change) -> bytes:
    lines = data.split(b"\n")
    i = rnd.randrange(len(lines))
    lines[i] = change(lines[i], rnd)
    return b"\n".join(lines)


def _drop_delimiter(line: bytes, rnd: random.Random) -> bytes:
    return line.replace(b";", b"", 1) if rnd.random() < 0.5 else line[::-1].replace(b";", b"", 1)[::-1]


def _double_delimiter(line: bytes, rnd: random.Random) -> bytes:
    return line.replace(b";", b";;", 1)


def _stray_quote(line: bytes, rnd: random.Random) -> bytes:
    i = rnd.randrange(len(line) + 1)
    return line[:i] + b'"' + line[i:]


def _garbage_value(line: bytes, rnd: random.Random) -> bytes:
    fields = line.split(b";")
    fields[rnd.randrange(len(fields))] = rnd.choice([b"", b"x", b"31.02.2019", b"12.13.2019", b"-5", b"999999999999999",
                                                     b"1.5", b"J", b"\xc3\x28", b"UKJENT", b"  ", b"1e9"])
    return b";".join(fields)


def _lose_or_double_line(data: bytes, rnd: random.Random) -> bytes:
    lines = data.split(b"\n")
    i = rnd.randrange(1, len(lines)) if len(lines) > 1 else 0
    if rnd.random() < 0.5:
        del lines[i]
    else:
        lines.insert(i, lines[i])
    return b"\n".join(lines)


def _encoding(data: bytes, rnd: random.Random) -> bytes:
    text = data.decode("utf-8", errors="replace")
    choice = rnd.randrange(4)
    if choice == 0:
        return text.encode("utf-16")
    if choice == 1:
        return text.encode("cp1252", errors="replace")
    if choice == 2:
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    return text.replace("\n", "\r\n").encode("utf-8")


def _header(data: bytes, rnd: random.Random) -> bytes:
    head, _, body = data.partition(b"\n")
    names = head.split(b";")
    i = rnd.randrange(len(names))
    if rnd.random() < 0.5:
        names[i] = names[i] + b"x"           # a required column renamed (= missing)
    else:
        rnd.shuffle(names)                   # columns in another order: allowed, but the rows no longer fit
    return b";".join(names) + b"\n" + body


MUTATIONS = [
    _flip, _truncate, _lose_or_double_line, _encoding, _header,
    lambda d, r: _on_a_line(d, r, _drop_delimiter), lambda d, r: _on_a_line(d, r, _double_delimiter),
    lambda d, r: _on_a_line(d, r, _stray_quote), lambda d, r: _on_a_line(d, r, _garbage_value),
    lambda d, r: _on_a_line(d, r, _garbage_value), lambda d, r: d.replace(b";", b","),
    lambda d, r: d[: len(d) // 2] + b"\x00" + d[len(d) // 2:], lambda d, r: b"", lambda d, r: d.split(b"\n")[0] + b"\n",
    lambda d, r: d,   # some deliveries are fine
]


def _mutated(data: bytes, rnd: random.Random) -> bytes:
    for _ in range(rnd.randint(1, 3)):
        data = rnd.choice(MUTATIONS)(data, rnd)
    return data


def _write_landing(root, n_files: int = 1000, seed: int = 20190115) -> Landing:
    """The reference files intact (they say which municipality and which codes exist), everything else mutated."""
    rnd = random.Random(seed)
    landing = Landing(root)
    landing.kommune()
    landing.stillingskoder()
    landing.mal()
    landing.innbyggere()
    names: dict[str, bytes] = {}
    months = [(1990 + m // 12, m % 12 + 1) for m in range(600)]
    for y, m in months:
        records = lonn_rows(f"{y}-{m:02d}") * rnd.randint(1, 4)
        names[f"lonn/lonn_{y}{m:02d}.csv"] = _csv(LONN, records)
    for year in range(1990, 2040):
        for provider, label in (("klp", "ALDER"), ("bkp", "alderspensjon")):
            records = [dict(fodselsnummer=rnd.choice([P1, P2]), pensjonstype=label, uttaksdato=f"01.0{rnd.randint(1, 9)}.{year}",
                            uttaksgrad=str(rnd.randint(1, 100))) for _ in range(rnd.randint(1, 5))]
            names[f"pensjon/{provider}_{year}.csv"] = _csv(PENSJON, records)
    snapshot = {"organisasjon": (ORG, org_rows()), "ansatte": (ANSATTE, ansatte_rows()),
                "fravaer": (FRAVAER, fravaer_rows()), "rekruttering": (REKRUTTERING, rekruttering_rows())}
    day = date(2019, 1, 15)
    while len(names) < n_files:
        for kind, (columns, records) in snapshot.items():
            names[f"hr/{kind}_{day:%Y%m%d}.csv"] = _csv(columns, records)
        day -= timedelta(days=1)
    for name in list(names)[:n_files]:
        landing.bytes(name, _mutated(names[name], rnd))
    # The duplicate pension of the issue, left intact: klp_2038's pension delivered again in klp_2039, and a
    # 2039 pension three times in its file. Only the first delivery of each counts.
    pension = dict(fodselsnummer=P1, pensjonstype="ALDER", uttaksdato="01.05.2038", uttaksgrad="100")
    landing.bytes(DUPLICATE_PENSION[0], _csv(PENSJON, [pension]))
    new = dict(pension, fodselsnummer=P2, uttaksdato="01.03.2039")
    landing.bytes(DUPLICATE_PENSION[1], _csv(PENSJON, [pension, new, new, new]))
    return landing


DUPLICATE_PENSION = ("pensjon/klp_2038.csv", "pensjon/klp_2039.csv")


def _rows_in(data: bytes) -> int:
    """Data rows of a delivered CSV, counted independently of the reader: non-blank lines after the header."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return sum(1 for line in text.replace("\r\n", "\n").split("\n")[1:] if line.strip())


def _summary_table(stdout: str) -> dict[str, tuple[str, int, int, int]]:
    """The rows of `hr ingest`'s summary table: file -> (status, read, loaded, quarantined)."""
    found = {}
    for line in stdout.splitlines():
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if len(cells) == 5 and cells[2].isdigit():
            found[cells[0]] = (cells[1], int(cells[2]), int(cells[3]), int(cells[4]))
    return found


def test_hr_ingest_on_1000_mutated_files_finishes_without_a_traceback_and_accounts_for_every_row(tmp_path):
    landing = _write_landing(tmp_path / "landing")
    delivered = {p.relative_to(landing.root).as_posix(): p.read_bytes()
                 for p in landing.root.rglob("*") if p.is_file()}
    assert len(delivered) == 1000 + 4
    url = f"duckdb:///{tmp_path / 'warehouse.duckdb'}"
    env = {**os.environ, "HR_HOME": str(tmp_path / "wd"), "HR_PSEUDONYM_KEY": TEST_KEY, "COLUMNS": "200",
           "PREFECT_HOME": str(tmp_path / "prefect")}

    done = subprocess.run([str(Path(sys.executable).with_name("hr")), "ingest", "--landing", str(landing.root),
                           "--warehouse", url], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=900)

    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 3, done.stderr[-2000:]   # files were refused: said, and the rest loaded
    # The summary lists every delivered file once; read = loaded + quarantined for each.
    table = _summary_table(done.stdout)
    assert sorted(table) == sorted(delivered)
    statuses = pd.Series([status for status, *_ in table.values()]).value_counts().to_dict()
    assert set(statuses) <= {"loaded", "rejected", "superseded"}
    assert statuses["loaded"] > 100 and statuses["rejected"] > 100   # the mutations did bite, and not everything
    for name, (status, read, loaded, quarantined) in table.items():
        assert read == loaded + quarantined, name
        if status == "loaded" and name.endswith(".csv"):   # counted here without the pipeline's reader
            assert read == _rows_in(delivered[name]), name
    # Every refused file has its one line on stderr, and nothing else is there.
    said = [line for line in done.stderr.splitlines() if line.strip()]
    assert all(line.startswith("Avvist: ") for line in said)
    refused = sorted(line.removeprefix("Avvist: ").split(": ", 1)[0] for line in said)
    assert refused == sorted(name for name, (status, *_) in table.items() if status == "rejected")
    total_quarantined = sum(q for *_, q in table.values())
    assert f"{total_quarantined} rader i karantene" in done.stdout

    # The warehouse holds exactly what the summary says: the load log, staged rows, quarantined lines.
    engine = create_engine(url)
    try:
        log = rows(engine, "meta_load_log").set_index("file_name")
        staged = pd.concat([rows(engine, "stg_lonn")[["load_id"]], rows(engine, "stg_pensjon")[["load_id"]]])
        staged = staged.groupby("load_id").size()
        lines = rows(engine, "meta_quarantine").dropna(subset=["line"]).groupby("file_name")["line"].nunique()
        duplicates = rows(engine, "meta_quarantine")
        pensions = rows(engine, "stg_pensjon")
    finally:
        engine.dispose()
    for name, (status, read, loaded, quarantined) in table.items():
        entry = log.loc[name]
        assert (entry["status"], entry["rows_read"], entry["rows_loaded"], entry["rows_quarantined"]) == (
            status, read, loaded, quarantined), name
        if status == "loaded" and name.startswith(("lonn/", "pensjon/")) and name.endswith(".csv"):
            assert staged.get(entry["load_id"], 0) == loaded, name
        assert lines.get(name, 0) == quarantined, name
    # The duplicate pension: set aside with its reason; each pension is staged once.
    assert [table[name] for name in DUPLICATE_PENSION] == [("loaded", 1, 1, 0), ("loaded", 4, 1, 3)]
    dup = duplicates.loc[duplicates["file_name"] == DUPLICATE_PENSION[1]]
    assert sorted(dup.loc[dup["rule"] == "duplikat_pensjon", "line"].astype(int)) == [2, 4, 5]
    assert not pensions.duplicated(["leverandor", "person_id", "pensjonstype", "uttaksdato"]).any()
