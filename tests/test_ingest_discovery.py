"""Which files are extracts, what is refused, where the raw bytes are kept, and when nothing may load."""

from __future__ import annotations

import hashlib
import os

import pytest

from hr.ingest import IngestRejected, ingest_landing
from hr.ingest.files import discover
from tests.landing import Landing, ingest, rows, settings_for


def test_only_contract_file_names_are_read_and_everything_else_is_reported(tmp_path):
    """A stray file must never be mistaken for an extract, and must not vanish silently either."""
    landing = Landing(tmp_path / "landing")
    landing.kommune()
    landing.organisasjon()
    landing.lonn("201901")
    landing.text("pensjon/klp_2018.csv", "x")
    landing.text("pensjon/spk_2018.xlsx", "x")
    landing.text("referanse/tekster/medarbeidere_2018.md", "Tekst")
    for stray in (
        "hr/organisasjon_20190231.csv",
        "hr/ansatte.csv",
        "lonn/lonn_201913.csv",
        "notater.txt",
        "pensjon/spk_2018.csv",
        "hr/organisasjon_20190115.xlsx",
    ):
        landing.text(stray, "x")
    landing.text(".DS_Store", "x")
    found = discover(landing.root)
    kinds = {f.name: (f.kind, f.file_date, f.provider) for f in found.files}
    assert kinds == {
        "referanse/kommune.yaml": ("kommune", None, None),
        "hr/organisasjon_20190115.csv": ("organisasjon", "2019-01-15", None),
        "lonn/lonn_201901.csv": ("lonn", "2019-01", None),
        "pensjon/klp_2018.csv": ("pensjon_klp", "2018", "KLP"),
        "pensjon/spk_2018.xlsx": ("pensjon_spk", "2018", "SPK"),
        "referanse/tekster/medarbeidere_2018.md": ("tekst", None, None),
    }
    assert {i.file_name: i.rule for i in found.ignored} == {
        "hr/organisasjon_20190231.csv": "ugyldig_dato_i_navn",
        "hr/ansatte.csv": "ukjent_filnavn",
        "lonn/lonn_201913.csv": "ugyldig_dato_i_navn",
        "notater.txt": "ukjent_filnavn",
        "pensjon/spk_2018.csv": "feil_filnavn",  # an agreed name in another format: refused, exit 3
        "hr/organisasjon_20190115.xlsx": "feil_filnavn",
        ".DS_Store": "skjult_fil",
    }  # listed too: every file of the landing directory is accounted for
    assert all(i.reason for i in found.ignored)


def test_a_fodselsnummer_in_a_stray_file_or_folder_name_is_masked_wherever_the_name_is_shown(tmp_path, duckdb_url):
    """A per-person export dropped in the landing directory («sykemelding_01017516430.csv», a folder named by
    a number) is listed as not read, its name masked from the start: in the summary, the load log and the
    output; the file itself stays where it was."""
    from hr.warehouse import create_engine
    from tests.landing import P1, all_tables

    landing = Landing(tmp_path / "landing")
    landing.kommune()
    landing.organisasjon()
    landing.text(f"hr/sykemelding_{P1}.csv", "x")
    landing.text(f"{P1[:6]} {P1[6:]}/notat.txt", "x")
    found = discover(landing.root)
    names = sorted(f.file_name for f in found.ignored)
    assert names == ["***********/notat.txt", "hr/sykemelding_***********.csv"], names
    summary = ingest(landing, tmp_path, duckdb_url)
    stored = " ".join(t.to_csv() for t in all_tables(create_engine(duckdb_url)).values())
    shown = " ".join(f"{f.file_name} {f.reason}" for f in summary.ignored) + " " + stored
    assert P1 not in shown and P1[:6] + " " + P1[6:] not in shown
    assert "hr/sykemelding_***********.csv" in shown and "***********/notat.txt" in shown
    assert (landing.root / "hr" / f"sykemelding_{P1}.csv").is_file()


def test_a_symlink_leading_out_of_the_landing_directory_is_refused(tmp_path):
    """A link could pull any file on the machine into the warehouse; only the landing directory counts."""
    outside = tmp_path / "secret.csv"
    outside.write_text("org_enhet;navn;overordnet;niva;gyldig_fra;gyldig_til\n")
    landing = Landing(tmp_path / "landing")
    landing.kommune()
    (landing.root / "hr").mkdir()
    os.symlink(outside, landing.root / "hr" / "organisasjon_20190115.csv")
    os.symlink(tmp_path, landing.root / "lonn")
    landing.organisasjon(stamp="20180101")  # a link to a file inside the landing directory is fine
    os.symlink(landing.root / "hr" / "organisasjon_20180101.csv", landing.root / "hr" / "organisasjon_20180102.csv")
    found = discover(landing.root)
    assert {f.name for f in found.files} == {
        "referanse/kommune.yaml",
        "hr/organisasjon_20180101.csv",
        "hr/organisasjon_20180102.csv",
    }
    refused = {i.file_name: i.reason for i in found.ignored}
    assert set(refused) == {"hr/organisasjon_20190115.csv", "lonn"}
    assert "ut av mottaksmappen" in refused["hr/organisasjon_20190115.csv"]


def test_without_kommune_yaml_the_whole_landing_directory_is_rejected(tmp_path, duckdb_url):
    """Every row needs its kommunenummer; guessing it would mix municipalities."""
    landing = Landing(tmp_path / "landing")
    landing.organisasjon()
    with pytest.raises(IngestRejected) as exc:
        ingest_landing(landing.root, settings_for(tmp_path, duckdb_url))
    assert "kommune.yaml" in exc.value.message
    assert not (tmp_path / "warehouse.duckdb").exists()


@pytest.mark.parametrize("content", ['navn: Bærum kommune\nkommunenummer: "219"\n', "navn: Bærum\n", "- a\n- b\n"])
def test_a_kommune_yaml_without_a_four_digit_number_rejects_the_landing_directory(tmp_path, duckdb_url, content):
    """A wrong municipality number would file every row under the wrong municipality."""
    landing = Landing(tmp_path / "landing")
    landing.text("referanse/kommune.yaml", content)
    with pytest.raises(IngestRejected):
        ingest_landing(landing.root, settings_for(tmp_path, duckdb_url))


def test_every_file_read_is_archived_by_content_and_landing_files_are_untouched(duckdb_url, tmp_path):
    """Nothing delivered may be lost, even when a later delivery replaces it; landing files are only read."""
    from hr.warehouse import engine_for

    landing = Landing(tmp_path / "landing")
    landing.kommune(min_n=3)
    first = landing.lonn("201901").read_bytes()
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in landing.root.rglob("*") if p.is_file()}
    ingest(landing, tmp_path, duckdb_url)
    assert before == {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in landing.root.rglob("*") if p.is_file()}
    second = landing.lonn("201901", rows=[]).read_bytes()
    ingest(landing, tmp_path, duckdb_url)
    landing.lonn("201901")  # the first delivery once more, after the second
    ingest(landing, tmp_path, duckdb_url)
    log = rows(engine_for(duckdb_url), "meta_load_log")
    archive = tmp_path / "wd" / "arkiv"
    for data in (first, second):
        sha = hashlib.sha256(data).hexdigest()
        assert (archive / sha[:2] / sha).read_bytes() == data
        assert str(archive / sha[:2] / sha) in set(log["archive_path"])
    assert log.groupby("status").size().to_dict() == {"loaded": 2, "replaced": 2}
    assert len(rows(engine_for(duckdb_url), "stg_lonn")) == 3
    assert rows(engine_for(duckdb_url), "ref_kommune")["min_n"].tolist() == [3]


def test_a_folder_under_a_deliverys_name_is_refused_not_passed_over(tmp_path):
    """lonn/lonn_201902.csv/ is a folder: it was walked into and, empty, appeared nowhere. It may be a botched
    delivery, so it is listed and refused (the run exits 3) like any file that may hold one."""
    landing = Landing(tmp_path / "landing").standard()
    (landing.root / "lonn" / "lonn_201902.csv").mkdir()
    (landing.root / "lonn" / "arkivert").mkdir()  # a folder under no delivery's name stays unmentioned
    ignored = {i.file_name: i for i in discover(landing.root).ignored}
    folder = ignored["lonn/lonn_201902.csv"]
    assert folder.refused and folder.rule == "ikke_vanlig_fil" and "mappe" in folder.reason
    assert "lonn/arkivert" not in ignored


def test_a_line_break_in_a_file_name_is_written_out_so_it_cannot_print_a_line_of_its_own(tmp_path):
    """Names are printed one per line («Ikke lest: NAVN: …»): a name holding «\\nAvvist: …» once printed a
    false line of the summary."""
    landing = Landing(tmp_path / "landing").standard()
    (landing.root / "notat\nAvvist: hr-ansatte.csv").write_text("x", encoding="utf-8")
    (name,) = [i.file_name for i in discover(landing.root).ignored if i.file_name.startswith("notat")]
    assert "\n" not in name and name == "notat\\x0aAvvist: hr-ansatte.csv"


def test_a_warehouse_url_of_another_kind_is_a_usage_error_in_norwegian(tmp_path):
    """--warehouse foo://bar gave SQLAlchemy's NoSuchModuleError and exit 1: it is a usage error (exit 2)."""
    from typer.testing import CliRunner

    from hr.cli import app

    result = CliRunner().invoke(
        app, ["quarantine", "list", "--warehouse", "foo://bruker:hemmelig@vert/db"], env={"HR_HOME": str(tmp_path)}
    )
    assert result.exit_code == 2, result.output
    said = " ".join(result.stderr.split())
    assert "ukjent datavarehus «foo»" in said and "hemmelig" not in result.output and "Traceback" not in result.output


def test_every_11_digit_number_in_a_stray_file_name_is_masked_valid_or_not(tmp_path):
    """A per-person export whose number has a typo in its check digits is still someone's number: its name is
    masked as quarantine masks a rejected value (only shown, never joined on)."""
    landing = Landing(tmp_path / "landing").standard()
    (landing.root / "hr" / "eksport_12038010009.csv").write_text("x", encoding="utf-8")  # check digits wrong
    (landing.root / "hr" / "eksport_120380 10009.csv").write_text("x", encoding="utf-8")
    names = [i.file_name for i in discover(landing.root).ignored if "eksport" in i.file_name]
    assert sorted(names) == ["hr/eksport_***********.csv", "hr/eksport_***********.csv"]


# Names a hostile tester delivered that are plainly deliveries, yet were only «Ikke lest» (exit 0): name as
# delivered -> the name expected. æ/ø/å for ae/o/a, a browser's or Windows' copy suffix, another extension of
# an agreed name (the expected name has the agreed one), a lower-case half-year, full-width characters.
NEAR_MISSES = {
    "hr/fravær_20190115.csv": "hr/fravaer_20190115.csv",
    "lonn/lønn_201901.csv": "lonn/lonn_201901.csv",
    "lonn/lonn_201901 (1).csv": "lonn/lonn_201901.csv",
    "pensjon/klp_2018 - Kopi.csv": "pensjon/klp_2018.csv",
    "pensjon/klp_2018 - Copy.csv": "pensjon/klp_2018.csv",
    "pensjon/spk_2018.csv": "pensjon/spk_2018.xlsx",
    "pensjon/klp_2015.xlsx": "pensjon/klp_2015.csv",
    "pensjon/spk_2017.xls": "pensjon/spk_2017.xlsx",
    "referanse/tekster/sykefravaer_2018h2.md": "referanse/tekster/sykefravaer_2018H2.md",
    "referanse/tekster/medarbeidere_2018.MD": "referanse/tekster/medarbeidere_2018.md",
    "lonn/lonn_２０２００６.csv": "lonn/lonn_202006.csv",
    "lonn/lonn_202007.ｃｓｖ": "lonn/lonn_202007.csv",
    # the differences together
    "lonn/Lønn_2019-02 - Kopi (2).CSV": "lonn/lonn_201902.csv",
    "hr/Fravær_20190115 (3).xlsx": "hr/fravaer_20190115.csv",
    "referanse/sykefravær_2018h1.md": "referanse/tekster/sykefravaer_2018H1.md",
    # a delivery inside a second extension: compressed, a backup, a download not finished
    "lonn/lonn_201901.csv.gz": "lonn/lonn_201901.csv",
    "lonn/lonn_201901.csv.bak": "lonn/lonn_201901.csv",
    "pensjon/spk_2018.xlsx.part": "pensjon/spk_2018.xlsx",
    "hr/ansatte_20190115.csv.zip": "hr/ansatte_20190115.csv",
}

# Files that are no delivery: listed as not read, exit 0.
NOT_DELIVERIES = (
    "notater.txt",
    ".DS_Store",
    "lonn/lonnsslipp.pdf",
    "hr/ansatte.csv",
    "pensjon/klp_oversikt.csv",
    "referanse/tekster/lesmeg.md",
    "lonn/~$lonn_201901.xlsx",
)


def _run_ingest(landing: Landing, tmp_path, duckdb_url):
    from typer.testing import CliRunner

    from hr.cli import app
    from tests.landing import TEST_KEY

    env = {"HR_HOME": str(tmp_path / "wd"), "HR_PSEUDONYM_KEY": TEST_KEY, "COLUMNS": "250"}
    return CliRunner().invoke(app, ["ingest", "--landing", str(landing.root), "--warehouse", duckdb_url], env=env)


@pytest.mark.parametrize("name", NEAR_MISSES)
def test_a_name_that_is_plainly_a_delivery_is_refused_naming_the_expected_name(tmp_path, duckdb_url, name):
    """A delivery under a near-miss name (lønn, «(1)», «- Kopi», .xls for .xlsx, 2018h2, full-width digits)
    must not vanish as «Ikke lest» with exit 0: it is refused (feil_filnavn, exit 3) with the name expected."""
    expected = NEAR_MISSES[name]
    landing = Landing(tmp_path / "landing").hr_only()
    landing.text(name, "x")
    (found,) = [i for i in discover(landing.root).ignored if i.file_name == name]
    assert (found.rule, found.refused, found.expected) == ("feil_filnavn", True, expected)
    assert f"forventet «{expected}»" in found.reason

    done = _run_ingest(landing, tmp_path, duckdb_url)

    assert done.exit_code == 3, done.output
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(f"Avvist: {name}: "), done.stderr
    assert f"forventet «{expected}»" in lines[0]
    assert "Traceback" not in done.stdout + done.stderr


@pytest.mark.parametrize("name", NOT_DELIVERIES)
def test_a_file_that_is_no_delivery_is_listed_not_refused(tmp_path, duckdb_url, name):
    landing = Landing(tmp_path / "landing").hr_only()
    landing.text(name, "x")
    (found,) = [i for i in discover(landing.root).ignored if i.file_name == name]
    assert not found.refused and found.expected is None and found.rule in {"ukjent_filnavn", "skjult_fil"}

    done = _run_ingest(landing, tmp_path, duckdb_url)

    assert done.exit_code == 0, done.output
    assert f"Ikke lest: {name}: " in done.stdout and "Avvist" not in done.stderr


def test_a_fodselsnummer_in_a_near_miss_name_is_masked(tmp_path):
    """The near-miss check reads the name; the name shown is still masked."""
    from tests.landing import P1

    landing = Landing(tmp_path / "landing").hr_only()
    landing.text(f"lonn/lonn_201901 {P1}.csv", "x")
    landing.text(f"lonn/lonn_201902 ({P1}).csv", "x")
    shown = " ".join(f"{i.file_name} {i.reason}" for i in discover(landing.root).ignored)
    assert P1 not in shown and "lonn/lonn_201901 ***********.csv" in shown
