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
from tests.landing import (
    ANSATTE,
    FRAVAER,
    LONN,
    ORG,
    P1,
    P2,
    PENSJON,
    REKRUTTERING,
    TEST_KEY,
    Landing,
    ansatte_rows,
    fravaer_rows,
    ingest,
    lonn_rows,
    org_rows,
    rekruttering_rows,
    rows,
)


def _csv(columns: list[str], records: list[dict]) -> bytes:
    return ("\n".join([";".join(columns)] + [";".join(str(r[c]) for c in columns) for r in records]) + "\n").encode()


def _flip(data: bytes, rnd: random.Random) -> bytes:
    if not data:
        return data
    i = rnd.randrange(len(data))
    return data[:i] + bytes([rnd.randrange(256)]) + data[i + 1 :]


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
    fields[rnd.randrange(len(fields))] = rnd.choice(
        [
            b"",
            b"x",
            b"31.02.2019",
            b"12.13.2019",
            b"-5",
            b"999999999999999",
            b"1.5",
            b"J",
            b"\xc3\x28",
            b"UKJENT",
            b"  ",
            b"1e9",
        ]
    )
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
        names[i] = names[i] + b"x"  # a required column renamed (= missing)
    else:
        rnd.shuffle(names)  # columns in another order: allowed, but the rows no longer fit
    return b";".join(names) + b"\n" + body


MUTATIONS = [
    _flip,
    _truncate,
    _lose_or_double_line,
    _encoding,
    _header,
    lambda d, r: _on_a_line(d, r, _drop_delimiter),
    lambda d, r: _on_a_line(d, r, _double_delimiter),
    lambda d, r: _on_a_line(d, r, _stray_quote),
    lambda d, r: _on_a_line(d, r, _garbage_value),
    lambda d, r: _on_a_line(d, r, _garbage_value),
    lambda d, r: d.replace(b";", b","),
    lambda d, r: d[: len(d) // 2] + b"\x00" + d[len(d) // 2 :],
    lambda d, r: b"",
    lambda d, r: d.split(b"\n")[0] + b"\n",
    lambda d, r: d,  # some deliveries are fine
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
            records = [
                dict(
                    fodselsnummer=rnd.choice([P1, P2]),
                    pensjonstype=label,
                    uttaksdato=f"01.0{rnd.randint(1, 9)}.{year}",
                    uttaksgrad=str(rnd.randint(1, 100)),
                )
                for _ in range(rnd.randint(1, 5))
            ]
            names[f"pensjon/{provider}_{year}.csv"] = _csv(PENSJON, records)
    snapshot = {
        "organisasjon": (ORG, org_rows()),
        "ansatte": (ANSATTE, ansatte_rows()),
        "fravaer": (FRAVAER, fravaer_rows()),
        "rekruttering": (REKRUTTERING, rekruttering_rows()),
    }
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
    """The rows of `hr ingest`'s summary table: file -> (status, read, loaded, quarantined), the status as
    stored in the load log (the table shows it in bokmål: hr/load_status.py)."""
    from hr.load_status import STATUS_NB

    stored = {shown: status for status, shown in STATUS_NB.items()}
    found = {}
    for line in stdout.splitlines():
        cells = [c.strip() for c in line.strip().strip("│").split("│")]
        if len(cells) == 5 and cells[2].isdigit():
            assert cells[1] in stored, cells  # every status reads in bokmål
            found[cells[0]] = (stored[cells[1]], int(cells[2]), int(cells[3]), int(cells[4]))
    return found


def test_hr_ingest_on_1000_mutated_files_finishes_without_a_traceback_and_accounts_for_every_row(tmp_path):
    landing = _write_landing(tmp_path / "landing")
    delivered = {p.relative_to(landing.root).as_posix(): p.read_bytes() for p in landing.root.rglob("*") if p.is_file()}
    assert len(delivered) == 1000 + 4
    url = f"duckdb:///{tmp_path / 'warehouse.duckdb'}"
    env = {
        **os.environ,
        "HR_HOME": str(tmp_path / "wd"),
        "HR_PSEUDONYM_KEY": TEST_KEY,
        "COLUMNS": "200",
        "PREFECT_HOME": str(tmp_path / "prefect"),
    }

    done = subprocess.run(
        [str(Path(sys.executable).with_name("hr")), "ingest", "--landing", str(landing.root), "--warehouse", url],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )

    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 3, done.stderr[-2000:]  # files were refused: said, and the rest loaded
    # The summary lists every delivered file once; read = loaded + quarantined for each.
    table = _summary_table(done.stdout)
    assert sorted(table) == sorted(delivered)
    statuses = pd.Series([status for status, *_ in table.values()]).value_counts().to_dict()
    assert set(statuses) <= {"loaded", "rejected", "superseded"}
    assert statuses["loaded"] > 100 and statuses["rejected"] > 100  # the mutations did bite, and not everything
    for name, (status, read, loaded, quarantined) in table.items():
        assert read == loaded + quarantined, name
        if status == "loaded" and name.endswith(".csv"):  # counted here without the pipeline's reader
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
            status,
            read,
            loaded,
            quarantined,
        ), name
        if status == "loaded" and name.startswith(("lonn/", "pensjon/")) and name.endswith(".csv"):
            assert staged.get(entry["load_id"], 0) == loaded, name
        assert lines.get(name, 0) == quarantined, name
    # The duplicate pension: set aside with its reason; each pension is staged once.
    assert [table[name] for name in DUPLICATE_PENSION] == [("loaded", 1, 1, 0), ("loaded", 4, 1, 3)]
    dup = duplicates.loc[duplicates["file_name"] == DUPLICATE_PENSION[1]]
    assert sorted(dup.loc[dup["rule"] == "duplikat_pensjon", "line"].astype(int)) == [2, 4, 5]
    assert not pensions.duplicated(["leverandor", "person_id", "pensjonstype", "uttaksdato"]).any()


# ---------------------------------------------------------------- single hostile files (issue 16)

_PEAK_MEMORY_CHILD = """
import json, resource, sys
from pathlib import Path
from hr.ingest import ingest_landing
from tests.landing import settings_for
landing, workdir, url = sys.argv[1:4]
summary = ingest_landing(Path(landing), settings_for(Path(workdir), url))
f = summary.by_name("lonn/lonn_201901.csv")
print(json.dumps({"peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "status": f.status,
                  "read": f.rows_read, "loaded": f.rows_loaded, "quarantined": f.rows_quarantined,
                  "rules": f.quarantine_by_rule}))
"""


def _ingest_peak(landing: Landing, tmp_path, url: str) -> dict:
    """`ingest_landing` in a fresh process, its peak resident memory in KB and the payroll file's counts.
    The address space is capped (8 GB) so a reader that sizes its arrays by the longest field fails
    here with MemoryError instead of taking the machine's memory."""
    import json
    import resource

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (8 << 30, 8 << 30))

    env = {**os.environ, "HR_PSEUDONYM_KEY": TEST_KEY, "PREFECT_HOME": str(tmp_path / "prefect")}
    done = subprocess.run(
        [sys.executable, "-c", _PEAK_MEMORY_CHILD, str(landing.root), str(tmp_path), url],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        preexec_fn=cap,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_one_10_mb_field_sets_its_row_aside_and_the_ingest_memory_does_not_grow_with_it(tmp_path):
    """Issue 16: one 10 MB field made the reader allocate an array sized by the longest row for every row
    (17 GiB, MemoryError, every later run crashing the same way). The line is set aside (for_lang_linje),
    the rest loads, and the ingest's peak memory stays within 1,5x of the same file without the field.
    On the embedded warehouse only: the reader's memory and the line's cut value (hr/ingest/readers.py)
    are the same whichever warehouse is loaded (four ingest processes of ~4,5 CPU-s were twice as many)."""
    warehouse_url = f"duckdb:///{tmp_path / 'long.duckdb'}"
    records = [dict(r, lonnsart=str(1000 + i)) for i, r in enumerate(lonn_rows("2019-01") * 1000)]
    with_long, without = Landing(tmp_path / "long"), Landing(tmp_path / "plain")
    for landing in (with_long, without):
        landing.hr_only()
    without.lonn("201901", records)
    with_long.lonn("201901", [dict(r, lonnsart="9" * 10_000_000) if i == 1234 else r for i, r in enumerate(records)])
    assert (with_long.root / "lonn/lonn_201901.csv").stat().st_size > 10_000_000

    plain = _ingest_peak(without, tmp_path / "a", f"duckdb:///{tmp_path / 'plain.duckdb'}")
    long = _ingest_peak(with_long, tmp_path / "b", warehouse_url)

    assert (plain["status"], plain["read"], plain["loaded"], plain["quarantined"]) == ("loaded", 3000, 3000, 0)
    assert (long["status"], long["read"], long["loaded"], long["quarantined"]) == ("loaded", 3000, 2999, 1)
    assert long["rules"] == {"for_lang_linje": 1}
    assert long["peak_kb"] <= 1.5 * plain["peak_kb"], (long["peak_kb"], plain["peak_kb"])

    # The line is in quarantine by its number (1 header + 1235th row), without the 10 MB value.
    engine = create_engine(warehouse_url)
    try:
        found = rows(engine, "meta_quarantine")
    finally:
        engine.dispose()
    assert found[["file_name", "line", "rule"]].values.tolist() == [["lonn/lonn_201901.csv", 1236, "for_lang_linje"]]
    assert len(found["verdi"].iloc[0]) < 100


_PAYROLL_HEADER = ";".join(LONN)
_PAYROLL_ROWS = [
    "2019-01;AF1;1000;FASTLONN;;48250,00",
    "2019-01;AF1;2100;TILLEGG;;1250,00",
    "2019-01;AF3;1100;TIMELONN;22,5;10657,29",
]


def test_a_complete_last_line_without_a_line_end_loads(tmp_path, warehouse_url):
    """Many exports write no line end after the last row: that row is whole and loads."""
    landing = Landing(tmp_path / "landing").hr_only()
    landing.text("lonn/lonn_201901.csv", "\n".join([_PAYROLL_HEADER, *_PAYROLL_ROWS]))
    f = ingest(landing, tmp_path, warehouse_url).by_name("lonn/lonn_201901.csv")
    assert (f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) == ("loaded", 3, 3, 0)
    engine = create_engine(warehouse_url)
    try:
        assert sorted(rows(engine, "stg_lonn")["belop"].astype(float).tolist()) == [1250.0, 10657.29, 48250.0]
    finally:
        engine.dispose()


def test_a_file_cut_inside_its_last_number_sets_that_row_aside_as_a_bad_number(tmp_path, warehouse_url):
    """Issue 16: `10657,29` cut to `10657,` loaded as 10657,00 without a word. It is a bad number
    (ugyldig_tall) now: the row is set aside with its line and value, the rest of the file loads."""
    landing = Landing(tmp_path / "landing").hr_only()
    landing.text("lonn/lonn_201901.csv", "\n".join([_PAYROLL_HEADER, *_PAYROLL_ROWS])[:-2])
    summary = ingest(landing, tmp_path, warehouse_url)
    f = summary.by_name("lonn/lonn_201901.csv")
    assert (f.status, f.rows_read, f.rows_loaded, f.rows_quarantined) == ("loaded", 3, 2, 1)
    assert f.quarantine_by_rule == {"ugyldig_tall": 1}
    engine = create_engine(warehouse_url)
    try:
        assert sorted(rows(engine, "stg_lonn")["belop"].astype(float).tolist()) == [1250.0, 48250.0]
        q = rows(engine, "meta_quarantine")
    finally:
        engine.dispose()
    assert q[["line", "column_name", "verdi", "rule"]].values.tolist() == [[4, "belop", "10657,", "ugyldig_tall"]]


def test_a_file_cut_inside_its_last_row_is_set_aside_as_cut_and_the_rest_of_the_landing_loads(tmp_path, warehouse_url):
    """A last row with too few fields (cut inside `timer`) is a cut file: set aside whole as avkortet_fil,
    since what follows the cut is lost; every other file of the landing directory loads."""
    landing = Landing(tmp_path / "landing").hr_only()
    landing.lonn("201902")
    full = "\n".join([_PAYROLL_HEADER, *_PAYROLL_ROWS])
    landing.text("lonn/lonn_201901.csv", full[: full.index("TIMELONN;2") + len("TIMELONN;2")])
    summary = ingest(landing, tmp_path, warehouse_url)
    cut = summary.by_name("lonn/lonn_201901.csv")
    assert (cut.status, cut.quarantine_by_rule) == ("rejected", {"avkortet_fil": 1})
    assert "avkortet" in cut.message and "linje (4)" in cut.message
    other = summary.by_name("lonn/lonn_201902.csv")
    assert (other.status, other.rows_read, other.rows_loaded) == ("loaded", 3, 3)
    assert {f.status for f in summary.files if f.file_name != cut.file_name} == {"loaded"}


# The payroll months of issue 16 that vanished without a word: name as delivered -> the name expected.
MISNAMED = {
    "lonn/lonn_202010.CSV": "lonn/lonn_202010.csv",
    "lonn/Lonn_202011.csv": "lonn/lonn_202011.csv",
    "lonn/lonn_2020-12.csv": "lonn/lonn_202012.csv",
    "lonn/lonn_202009.csv ": "lonn/lonn_202009.csv",
}


def test_every_file_not_read_is_listed_with_its_reason_and_a_misnamed_month_exits_3(
    tmp_path, warehouse_url, monkeypatch
):
    """Issue 16, item 2: each skipped or refused file gets one line (name and reason) in the summary, the
    load bookkeeping (meta_ignored_file), the Prefect artifact and `hr quarantine list`; a name that
    differs from the contract's only by case or separators names the expected one, and exits 3."""
    from typer.testing import CliRunner

    from hr.cli import app

    outside = tmp_path / "utenfor.csv"
    outside.write_text(_PAYROLL_HEADER + "\n", encoding="utf-8")
    landing = Landing(tmp_path / "landing").hr_only()
    landing.lonn("201901")
    for name, expected in MISNAMED.items():
        landing.csv(name, LONN, lonn_rows(f"{expected[10:14]}-{expected[14:16]}"))
    landing.text("notater.txt", "x")
    landing.text("lonn/.DS_Store", "x")
    os.symlink(outside, landing.root / "lonn" / "lonn_202008.csv")
    os.mkfifo(landing.root / "lonn" / "lonn_202007.csv")
    delivered = {
        p.relative_to(landing.root).as_posix()
        for p in landing.root.rglob("*")
        if p.is_file() or p.is_symlink() or p.is_fifo()
    } - {"lonn", "hr", "referanse"}
    env = {"HR_HOME": str(tmp_path / "wd"), "HR_PSEUDONYM_KEY": TEST_KEY, "COLUMNS": "250"}

    done = CliRunner().invoke(app, ["ingest", "--landing", str(landing.root), "--warehouse", warehouse_url], env=env)

    assert done.exit_code == 3, done.output
    assert "Traceback" not in done.stdout + done.stderr
    refused = {line.removeprefix("Avvist: ").split(": ", 1)[0]: line for line in done.stderr.splitlines() if line}
    assert set(refused) == {*MISNAMED, "lonn/lonn_202008.csv", "lonn/lonn_202007.csv"}
    for name, expected in MISNAMED.items():
        assert f"forventet «{expected}»" in refused[name]
    assert "ut av mottaksmappen" in refused["lonn/lonn_202008.csv"]
    assert "Ikke en vanlig fil" in refused["lonn/lonn_202007.csv"]
    skipped = {
        line.removeprefix("Ikke lest: ").split(": ", 1)[0]
        for line in done.stdout.splitlines()
        if line.startswith("Ikke lest: ")
    }
    assert skipped == {"notater.txt", "lonn/.DS_Store"}
    # every file of the landing directory is in the summary: read (table) or not read (one line each)
    table = _summary_table(done.stdout)
    assert set(table) | set(refused) | skipped == delivered
    assert not set(table) & (set(refused) | skipped)
    assert table["lonn/lonn_201901.csv"][0] == "loaded"

    # The warehouse keeps the listing, and `hr quarantine list` shows it.
    engine = create_engine(warehouse_url)
    try:
        kept = rows(engine, "meta_ignored_file").set_index("file_name")
    finally:
        engine.dispose()
    assert set(kept.index) == set(refused) | skipped
    assert {name: kept.loc[name, "expected_name"] for name in MISNAMED} == MISNAMED
    assert set(kept[kept["status"] == "refused"].index) == set(refused)
    listed = CliRunner().invoke(app, ["quarantine", "list", "--warehouse", warehouse_url], env=env)
    assert listed.exit_code == 0, listed.output
    assert "Filer som ikke er lest" in listed.stdout
    for name in [*MISNAMED, "notater.txt"]:
        assert name.strip() in listed.stdout

    # The Prefect artifact of an ingest run lists the same files. `hr ingest` makes a flow run only with a
    # server (PREFECT_API_URL); the flow it would run is run here, with Prefect's own temporary server.
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    from flows.ingest import ingest_flow

    monkeypatch.setenv("HR_HOME", env["HR_HOME"])
    monkeypatch.setenv("HR_PSEUDONYM_KEY", TEST_KEY)
    ingest_flow(str(landing.root), warehouse_url=warehouse_url)
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["innlesing-0219"])))
    text = max(found, key=lambda a: a.created).data
    for name in [*MISNAMED, "notater.txt", "lonn/lonn_202008.csv"]:
        assert f"| {name} |" in text

    # A second run with nothing changed says the same, and the renamed month then loads and drops out.
    again = CliRunner().invoke(app, ["ingest", "--landing", str(landing.root), "--warehouse", warehouse_url], env=env)
    assert again.exit_code == 3 and "lonn/lonn_202010.CSV" in again.stderr
    for name, expected in MISNAMED.items():
        (landing.root / name).rename(landing.root / expected)
    (landing.root / "lonn" / "lonn_202007.csv").unlink()
    (landing.root / "lonn" / "lonn_202008.csv").unlink()
    fixed = CliRunner().invoke(app, ["ingest", "--landing", str(landing.root), "--warehouse", warehouse_url], env=env)
    assert fixed.exit_code == 0, fixed.output
    table = _summary_table(fixed.stdout)
    assert {table[name][0] for name in MISNAMED.values()} == {"loaded"}
    engine = create_engine(warehouse_url)
    try:
        assert set(rows(engine, "meta_ignored_file")["file_name"]) == {"notater.txt", "lonn/.DS_Store"}
    finally:
        engine.dispose()
