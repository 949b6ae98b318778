"""Issue 6 acceptance: the whole demo pipeline, run through the real `hr` commands and Prefect flows,
leaves no fødselsnummer or D-number from its input in any output.

The tiny demo landing gets extra rows: a D-number in a quarantined employment row, a fødselsnummer in a
quarantined pension row and a D-number in a pension row that loads. The commands run in their own
process with Prefect and Python logging at INFO; then the test scans every warehouse table (all columns),
hence also the quarantine, the command output (stdout and stderr: CLI text and every log line), every
log record and artifact in the Prefect API, every file Prefect stored (results, its database), the
figures files and the PDFs' text (pdfplumber). Numbers are also looked for with a separator
("310567 35901", "310567-35901"). The scanner itself is shown to find a planted number in each kind
of output (positive controls), so "none found" means something.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
import sqlalchemy as sa

from hr.demo import generate_landing
from hr.ingest.fodselsnummer import is_valid
from hr.paths import ROOT
from tests.conftest import _pg_schema_url

# 11 digits, optionally split after the birth date by a space, hyphen, dot or no-break space
_CANDIDATE = re.compile(r"(?<!\d)(\d{6})[ \-.\u00a0]?(\d{5})(?!\d)")


def found_in(text: str, ids: set[str]) -> set[str]:
    """The identifiers of `ids` that occur in `text`, with or without a separator after the date part."""
    return {a + b for a, b in _CANDIDATE.findall(text)} & ids


def with_control_digits(nine: str) -> str | None:
    """The 11-digit number for the first nine digits, or None when no valid control digit exists."""
    d = [int(c) for c in nine]
    k1 = (11 - sum(w * x for w, x in zip((3, 7, 6, 1, 8, 9, 4, 5, 2), d)) % 11) % 11
    d.append(k1)
    k2 = (11 - sum(w * x for w, x in zip((5, 4, 3, 2, 7, 6, 5, 4, 3, 2), d)) % 11) % 11
    if k1 == 10 or k2 == 10:
        return None
    return nine + str(k1) + str(k2)


def number(day: int, month: int, year: int, d_number: bool = False) -> str:
    """A valid fødselsnummer (or D-number: day + 40) born on the date, not used by the demo generator."""
    for individ in range(990, 500, -1):
        n = with_control_digits(f"{day + (40 if d_number else 0):02d}{month:02d}{year % 100:02d}{individ:03d}")
        if n and is_valid(n):
            return n
    raise AssertionError("no valid number")


def _append(path: Path, line: str, encoding: str) -> None:
    text = path.read_bytes().decode(encoding)
    path.write_bytes((text.rstrip("\r\n") + "\n" + line + "\n").encode(encoding))


def _landing(target: Path) -> tuple[Path, dict[str, str]]:
    landing = generate_landing(target, scale="tiny")
    planted = {
        "d_ansatte": number(15, 3, 1980, d_number=True),
        "fnr_pensjon": number(2, 1, 1957),
        "d_pensjon": number(21, 7, 1956, d_number=True),
    }
    # stillingsprosent 150: quarantined, with its D-number
    _append(
        landing / "hr" / "ansatte_20190115.csv",
        f"10001;{planted['d_ansatte']};K;15.03.1980;AF999101;OS116;6456;150;MAANED;MIDLERTIDIG;"
        "01.06.2018;30.06.2018;ANNET;N;N",
        "utf-8-sig",
    )
    # 31.02.2018 is no date: quarantined, with its fødselsnummer; the D-number row loads
    _append(landing / "pensjon" / "klp_2018.csv", f"{planted['fnr_pensjon']};UFØR;31.02.2018;100", "cp1252")
    _append(landing / "pensjon" / "klp_2018.csv", f"{planted['d_pensjon']};UFØR;01.03.2018;100", "cp1252")
    return landing, planted


# Issue 16 item 6: a number planted in every text column of every extract (the newest snapshots, a payroll
# month, the pension years of the report, the reference lists, a report text). A row planted in an id
# column gets a fresh id in no other column; one planted elsewhere gets a fresh id of its own, so that
# no planted row makes a good row a duplicate.
_FRESH_ID = {
    "ansatte": "arbeidsforhold_id",
    "fravaer": "fravaer_id",
    "rekruttering": "utlysning_id",
    "organisasjon": "org_enhet",
    "stillingskoder": "stillingskode",
}
_PLANT_IN = {
    "hr/organisasjon_20190115.csv": "organisasjon",
    "hr/ansatte_20190115.csv": "ansatte",
    "hr/fravaer_20190115.csv": "fravaer",
    "hr/rekruttering_20190115.csv": "rekruttering",
    "lonn/lonn_201812.csv": "lonn",
    "pensjon/klp_2018.csv": "pensjon_klp",
    "pensjon/bkp_2018.csv": "pensjon_bkp",
    "referanse/stillingskoder.csv": "stillingskoder",
    "referanse/mal.csv": "mal",
}


def _text_columns(kind: str) -> list[str]:
    from hr.ingest.specs import SPECS, TEXT

    return [c for c, t in SPECS[kind].columns.items() if t == TEXT]


def _numbers():
    """Distinct valid numbers for planting: today's rule, D-numbers, and now and then the 2032 k1 rule."""
    from tests.test_ingest_fodselsnummer import _with_k1_remainder

    i = 0
    while True:
        i += 1
        if i % 4 == 0:
            n = _with_k1_remainder(f"{(i % 28) + 1:02d}0{(i % 9) + 1}63{(i * 7) % 1000:03d}", 1 + i % 3)
            if n and is_valid(n):
                yield n
                continue
        yield number((i % 28) + 1, (i // 28) % 12 + 1, 1950 + i % 40, d_number=i % 3 == 0)


def _plant_everywhere(landing: Path) -> dict[str, str]:
    """One number per text column of every extract; returns where each went ('file:column' -> number)."""
    import openpyxl

    planted: dict[str, str] = {}
    fresh = _numbers()
    for rel, kind in _PLANT_IN.items():
        path = landing / rel
        raw = path.read_bytes()
        try:
            text, encoding = raw.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = raw.decode("cp1252"), "cp1252"
        newline = "\r\n" if "\r\n" in text else "\n"
        lines = [line for line in text.split(newline) if line]
        header = lines[0].lstrip("\ufeff").split(";")
        rows = [dict(zip(header, line.split(";"))) for line in lines[1:] if line.count(";") == len(header) - 1]
        template = [r for r in rows if r.get("niva", "3") not in ("1", "2")][0]  # a unit, not an area
        added = []
        for i, column in enumerate(_text_columns(kind)):
            n = next(fresh)
            row = dict(template)
            if kind in _FRESH_ID:
                idc = _FRESH_ID[kind]
                row[idc] = f"9{i:03d}" if kind == "stillingskoder" else f"{idc[:2].upper()}X{i}"
            row[column] = f"Avdeling {n[:6]} {n[6:]}" if column in ("navn", "tittel") else n
            planted[f"{rel}:{column}"] = n
            added.append(";".join(row[c] for c in header))
        path.write_bytes((text.rstrip("\r\n") + newline + newline.join(added) + newline).encode(encoding))
    wb = openpyxl.load_workbook(landing / "pensjon" / "spk_2018.xlsx")
    ws = wb.active
    last = [c.value for c in ws[ws.max_row]]
    n = next(fresh)
    ws.append([last[0], n, *last[2:]])
    wb.save(landing / "pensjon" / "spk_2018.xlsx")
    planted["pensjon/spk_2018.xlsx:pensjonstype"] = n
    tekst = landing / "referanse" / "tekster" / "sykefravaer_2018H2.md"
    n = next(fresh)
    tekst.write_text(tekst.read_text(encoding="utf-8") + f"\nSpørsmål om saken til {n} går til HR.\n", encoding="utf-8")
    planted["referanse/tekster/sykefravaer_2018H2.md"] = n
    return planted


def input_identifiers(landing: Path) -> set[str]:
    """Every value of every fødselsnummer column of every delivered file (valid or not)."""
    import openpyxl

    ids: set[str] = set()
    for path in landing.rglob("*"):
        rows: list[list[str]] = []
        if path.suffix == ".csv":
            raw = path.read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("cp1252")
            rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        elif path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path, read_only=True)
            rows = [["" if v is None else str(v) for v in r] for r in wb.active.iter_rows(values_only=True)]
        if not rows or "fodselsnummer" not in rows[0]:
            continue
        col = rows[0].index("fodselsnummer")
        ids |= {r[col].strip() for r in rows[1:] if len(r) > col and re.fullmatch(r"\d{11}", r[col].strip())}
    return ids


def warehouse_text(url: str) -> dict[str, str]:
    """Every table of the warehouse, every row and column, as text."""
    engine = sa.create_engine(url)
    try:
        out = {}
        with engine.connect() as conn:
            for name in sa.inspect(conn).get_table_names():
                rows = conn.execute(sa.select(sa.text("*")).select_from(sa.table(name))).fetchall()
                out[name] = "\n".join("\t".join("" if v is None else str(v) for v in row) for row in rows)
        return out
    finally:
        engine.dispose()


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def files_text(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under root: PDFs as their text, anything else as its bytes (latin-1, so no byte is lost)."""
    out = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = str(path.relative_to(root))
        if any(rel.startswith(s) for s in skip):
            continue
        out[rel] = pdf_text(path) if path.suffix == ".pdf" else path.read_bytes().decode("latin-1")
    return out


def run_pipeline(tmp: Path, runs: dict[str, tuple[Path, str]]) -> tuple[str, dict]:
    """The commands for each warehouse (backend -> (landing, url)), one warehouse after the other, in one
    process with one Prefect server; each warehouse's reports go to tmp/out-<backend>. Returns (stdout +
    stderr, the Prefect API's logs and artifacts)."""
    env = {
        **os.environ,
        "PREFECT_HOME": str(tmp / "prefect"),
        "HR_HOME": str(tmp / "hr-home"),
        "PREFECT_LOGGING_LEVEL": "INFO",
        "PREFECT_LOGGING_ROOT_LEVEL": "INFO",
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "INFO",
    }  # every line on the console too, to scan it
    for key in ("PREFECT_API_URL", "HR_REPORTING_URL", "HR_WAREHOUSE_URL"):
        env.pop(key, None)
    dump = tmp / "prefect.json"
    commands = []
    for backend, (landing, url) in runs.items():
        out = str(tmp / f"out-{backend}")
        commands += [
            ["report", "sykefravaer", "2018H2", "--landing", str(landing), "--out", out, "--warehouse", url],
            ["report", "medarbeidere", "2018", "--landing", str(landing), "--out", out, "--warehouse", url],
            ["quarantine", "list", "--warehouse", url],
            ["quarantine", "show", "hr/ansatte_20190115.csv", "--warehouse", url],
            ["quarantine", "show", "pensjon/klp_2018.csv", "--warehouse", url],
        ]
    args = [sys.executable, "-m", "tests.personvern_driver", str(dump)]
    for c in commands:
        args += ["--", *c]
    res = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert res.returncode == 0, res.stderr[-3000:]
    records = json.loads(dump.read_text(encoding="utf-8"))
    assert records["exit_codes"] == [0] * len(commands), res.stdout[-3000:] + res.stderr[-3000:]
    return res.stdout + "\n" + res.stderr, records


@dataclass
class Landed:
    landing: Path
    planted: dict[str, str]  # the rows of _landing: what -> number
    elsewhere: dict[str, str]  # _plant_everywhere: file:column -> number
    ids: set[str]  # every identifier delivered


@pytest.fixture(scope="module")
def pipeline(request, tmp_path_factory):
    """The pipeline run once for the module, on both warehouses through one Prefect server (starting one
    costs about 10 CPU-seconds): (tmp directory, console, Prefect records, backend -> (Landed, url)).
    Without a reachable PostgreSQL (outside CI) only DuckDB runs."""
    tmp = tmp_path_factory.mktemp("personvern")
    urls = {"duckdb": f"duckdb:///{tmp / 'warehouse.duckdb'}"}
    try:
        urls["postgresql"] = _pg_schema_url(request.getfixturevalue("pg_database"))
    except pytest.skip.Exception:
        pass
    landed = {}
    for backend in urls:
        landing, planted = _landing(tmp / f"landing-{backend}")
        ids = input_identifiers(landing)
        elsewhere = _plant_everywhere(landing)  # and one in every other text column of every extract
        landed[backend] = Landed(landing, planted, elsewhere, ids | set(elsewhere.values()))
    console, records = run_pipeline(tmp, {b: (landed[b].landing, urls[b]) for b in urls})
    return tmp, console, records, {b: (landed[b], urls[b]) for b in urls}


def scan(ids: set[str], outputs: dict[str, str]) -> dict[str, set[str]]:
    return {where: hits for where, text in outputs.items() if (hits := found_in(text, ids))}


def test_the_scanner_finds_a_number_with_and_without_separators():
    n = number(1, 2, 1993)
    ids = {n}
    for text in (n, f"fnr={n};", f"{n[:6]} {n[6:]}", f"{n[:6]}-{n[6:]}", f"{n[:6]}.{n[6:]}", f"x{n[:6]}\u00a0{n[6:]}x"):
        assert found_in(text, ids) == ids, text
    assert not found_in(f"1{n}", ids) and not found_in(n[:10], ids)


@pytest.mark.parametrize("backend", ["duckdb", "postgresql"])
def test_no_identifier_from_the_input_appears_in_any_output(pipeline, backend):
    tmp, console, records, runs = pipeline
    if backend not in runs:
        pytest.skip("PostgreSQL unreachable")
    landed, warehouse_url = runs[backend]
    planted, elsewhere = landed.planted, landed.elsewhere
    assert set(planted.values()) <= landed.ids and len(landed.ids) > 200
    assert len(set(elsewhere.values())) == len(elsewhere) >= 25
    assert all(is_valid(n) for n in elsewhere.values())
    ids = set().union(*(r[0].ids for r in runs.values()))  # the console and Prefect hold every run's output

    # what the run produced, so that "none found" is about real outputs
    tables = warehouse_text(warehouse_url)
    quarantine = tables["meta_quarantine"]
    assert "fodselsnummer_mod11" in quarantine and "\tstillingsprosent\t150\t" in quarantine
    assert "pensjon/klp_2018.csv" in quarantine and "\tuttaksdato\t31.02.2018\t" in quarantine
    assert "*" * 11 in quarantine  # the fødselsnummer cells are there, masked
    assert tables["stg_pensjon"].count("\n") >= 1
    # the planted rows: set aside in id, key and code columns; masked and loaded in free text
    assert quarantine.count("fodselsnummer_i_feltet") >= len(elsewhere) - 3
    masked_name = "Avdeling " + "*" * 11
    assert masked_name in tables["stg_organisasjon"] and masked_name in tables["ref_stillingskode"]
    assert "Fødselsnummer i fritekst er maskert" in tables["meta_load_log"]
    assert "Spørsmål om saken til " + "*" * 11 + " går til HR." in tables["ref_tekst"]
    produced = files_text(tmp / f"out-{backend}", skip=("landing",))
    assert {
        "sykefravaer_2018H2.pdf",
        "medarbeidere_2018.pdf",
        "sykefravaer_2018H2.figures.csv",
        "medarbeidere_2018.figures.csv",
    } <= set(produced)
    assert "Hele kommunen" in produced["sykefravaer_2018H2.pdf"]
    assert records["artifacts"] and records["logs"]
    assert "Finished in state Completed" in console  # the INFO log lines reached the captured output
    assert "31.02.2018" in console and "150" in console  # `hr quarantine show` printed the rows

    outputs = {f"tabell {k}": v for k, v in tables.items()}
    outputs |= {f"fil {k}": v for k, v in produced.items()}
    outputs["konsoll"] = console
    outputs["prefect-logger"] = json.dumps(records["logs"], ensure_ascii=False, default=str)
    outputs["prefect-artefakter"] = json.dumps(records["artifacts"], ensure_ascii=False, default=str)
    outputs |= {f"prefect {k}": v for k, v in files_text(tmp / "prefect").items()}
    outputs |= {
        f"arbeidskatalog {k}": v
        for k, v in files_text(tmp / "hr-home", skip=("arkiv",)).items()
        if not k.endswith((".duckdb", ".duckdb.wal"))
    }
    assert scan(ids, outputs) == {}

    # positive controls: the same scan finds a planted number in a table, a log text and an artifact
    victim = sorted(ids)[0]
    engine = sa.create_engine(warehouse_url)
    with engine.begin() as conn:
        conn.execute(
            sa.text("update meta_load_log set message = :m where load_id = (select min(load_id) from meta_load_log)"),
            {"m": f"kontroll {victim[:6]} {victim[6:]}"},
        )
    engine.dispose()
    assert scan(ids, {f"tabell {k}": v for k, v in warehouse_text(warehouse_url).items()}) == {
        "tabell meta_load_log": {victim}
    }
    assert scan(ids, {"logg": f"{console}\nINFO ansatt {victim}"}) == {"logg": {victim}}
    planted_artifact = [*records["artifacts"], {"data": f"| {victim[:6]}-{victim[6:]} |"}]
    assert scan(ids, {"a": json.dumps(planted_artifact)}) == {"a": {victim}}


def test_pdf_text_is_scanned_with_the_same_eyes(tmp_path):
    """Positive control for the PDF channel: a number written into a PDF is found in pdfplumber's text."""
    from weasyprint import HTML

    n = number(9, 9, 1979, d_number=True)
    path = tmp_path / "kontroll.pdf"
    HTML(string=f"<p lang='nb'>Ansatt {n[:6]} {n[6:]} har fravær.</p>").write_pdf(path)
    assert found_in(pdf_text(path), {n}) == {n}
