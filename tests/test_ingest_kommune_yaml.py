"""referanse/kommune.yaml as bad input (hostile findings 2 and 5).

- A fødselsnummer in it is treated as in the other reference files: in the free text `navn` (printed on
  every page of the reports) it is masked before storing and the delivery's note names the key; in any
  other key (a number, a date, a code) the file is refused, the message naming the key, never the value.
- The file is read as data only: anchors and aliases (an alias bomb took ~23 GB in the report), tags
  (`!!python/...`) and nesting deeper than a list are refused, and every documented key has its type
  checked (`navn` a non-empty line of text, numbers numbers, `omsorgsomrader` a list of codes). A bad
  kommune.yaml refuses the landing directory with exit 3 and a Norwegian message naming the key and the
  rule; nothing is loaded.
"""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from hr.ingest import IngestRejected
from hr.ingest.fodselsnummer import is_valid
from hr.ingest.kommune import parse_kommune
from tests.landing import TEST_KEY, Landing, all_tables, ingest, rows
from tests.test_ingest_fodselsnummer import _with_k1_remainder

KOMMUNE = "referanse/kommune.yaml"
NUMBER = "23047510074"  # valid under today's rule (the hostile report's number)
NEW_RULE = _with_k1_remainder("150890456", 2)  # valid only under the widened k1 rule of 2032
MASK = "*" * 11


def _yaml(extra: str, navn: str = "Bærum kommune") -> bytes:
    return f'navn: {navn}\nkommunenummer: "0219"\n{extra}'.encode()


def _refused(data: bytes) -> str:
    with pytest.raises(IngestRejected) as refused:
        parse_kommune(data)
    return " ".join(str(refused.value).split())


def test_the_numbers_used_here_are_valid():
    assert is_valid(NUMBER) and is_valid(NEW_RULE)


# ------------------------------------------------------------------ a fødselsnummer in kommune.yaml


@pytest.mark.parametrize("number", [NUMBER, NEW_RULE, f"{NUMBER[:6]} {NUMBER[6:]}"])
def test_a_fodselsnummer_in_the_name_is_masked_before_storing(engine, warehouse_url, tmp_path, number):
    landing = Landing(tmp_path / "landing").hr_only()
    landing.kommune(navn=f"Bærum kommune v/ {number}")

    summary = ingest(landing, tmp_path, warehouse_url)

    assert rows(engine, "ref_kommune")["navn"].tolist() == [f"Bærum kommune v/ {MASK}"]
    log = rows(engine, "meta_load_log").set_index("file_name")
    assert "Fødselsnummer i fritekst er maskert før lagring: nøkkel navn." in log.loc[KOMMUNE, "message"]
    dump = "\n".join(frame.to_csv() for frame in all_tables(engine).values())
    assert number not in dump and number.replace(" ", "") not in dump
    assert number not in str(summary)
    # The masked name is the one in force: the next run finds kommune.yaml unchanged, not rewritten.
    again = ingest(landing, tmp_path, warehouse_url)
    assert again.by_name(KOMMUNE).status == "unchanged"
    assert rows(engine, "ref_kommune")["navn"].tolist() == [f"Bærum kommune v/ {MASK}"]


@pytest.mark.parametrize(
    "key, line",
    [
        ("kommunenummer", f'kommunenummer: "{NUMBER}"'),
        ("min_n", f"min_n: {NUMBER}"),
        ("maks_sletting_prosent", f"maks_sletting_prosent: {NUMBER}"),
        ("fravaer_fra", f"fravaer_fra: {NUMBER}"),
        ("kostnad_per_dagsverk", f"kostnad_per_dagsverk: {NUMBER}"),
        ("kostnad_per_dagsverk", f"kostnad_per_dagsverk: {NEW_RULE}"),
        ("ia_basisaar", f"ia_basisaar: {NUMBER}"),
        ("ia_reduksjon_prosent", f"ia_reduksjon_prosent: {NUMBER}"),
        ("omsorgsomrader", f"omsorgsomrader: [PO, {NUMBER}]"),
        ("omsorgsomrader", f"omsorgsomrader: HS{NUMBER}"),
    ],
)
def test_a_fodselsnummer_in_any_other_key_refuses_the_file_naming_the_key_not_the_value(key, line):
    """A number, a date or a code cannot be masked and still mean something: refused, as an id or code
    column's row is set aside in the other reference files."""
    lines = ["navn: Bærum kommune", 'kommunenummer: "0219"']
    lines = [x for x in lines if not x.startswith(key + ":")] + [line]
    message = _refused(("\n".join(lines) + "\n").encode())
    assert message.startswith(f"referanse/kommune.yaml: {key} inneholder et fødselsnummer")
    assert NUMBER not in message and NEW_RULE not in message and NUMBER[:6] not in message


def test_hr_ingest_refuses_a_fodselsnummer_in_kommune_yaml_with_exit_3_and_without_the_number(tmp_path):
    from hr.cli import app

    landing = Landing(tmp_path / "landing").hr_only()
    landing.text(KOMMUNE, f'navn: Bærum kommune\nkommunenummer: "0219"\nkostnad_per_dagsverk: {NUMBER}\n')
    url = f"duckdb:///{tmp_path / 'warehouse.duckdb'}"
    env = {"HR_HOME": str(tmp_path / "wd"), "HR_PSEUDONYM_KEY": TEST_KEY, "COLUMNS": "200"}
    result = CliRunner().invoke(app, ["ingest", "--landing", str(landing.root), "--warehouse", url], env=env)
    assert result.exit_code == 3, result.output
    assert "kostnad_per_dagsverk inneholder et fødselsnummer" in " ".join(result.stderr.split())
    assert NUMBER not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    "extra",
    [f"fravaer_fra: x{NUMBER}", f"ia_basisaar: '{NUMBER}x'", f"min_n: x{NUMBER}", f"maks_sletting_prosent: x{NUMBER}"],
)
def test_a_refusal_that_quotes_the_value_never_quotes_a_fodselsnummer(extra):
    assert NUMBER not in _refused(_yaml(extra + "\n"))


# ------------------------------------------------------------------ YAML as data only


def _bomb(levels: int) -> bytes:
    names = "abcdefghi"[:levels]
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip(names, names[1:]):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines += [f"navn: *{names[-1]}", 'kommunenummer: "0219"']
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    "data",
    [
        _bomb(4),  # 9**4 items through aliases (the hostile report's bomb had nine levels: 9**9)
        b'x: &n Baerum kommune\nnavn: *n\nkommunenummer: "0219"\n',  # a plain alias
        b'navn: &n Baerum kommune\nkommunenummer: "0219"\n',  # an anchor alone
    ],
)
def test_anchors_and_aliases_are_refused(data):
    message = _refused(data)
    assert message.startswith("referanse/kommune.yaml: ")
    assert "anker" in message and "alias" in message


def test_the_hostile_reports_alias_bomb_is_refused_at_once(tmp_path):
    """Nine levels (9**9 items, ~23 GB once turned into text): refused before anything is built."""
    import resource
    import time

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/status") as status:  # 2 GB above what the test process maps now, like ulimit -v
        in_use = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmSize:"))
    limit = in_use + 2_000_000_000
    limit = limit if hard == resource.RLIM_INFINITY else min(hard, limit)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        start = time.monotonic()
        assert "alias" in _refused(_bomb(9))
        assert time.monotonic() - start < 5
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.mark.parametrize(
    "navn",
    [
        "!!python/object/apply:os.system ['touch /tmp/pwned']",
        "!!python/name:os.system",
        "!!int 3",
        "!custom Bærum",
    ],
)
def test_tags_are_refused(navn):
    message = _refused(_yaml("", navn=navn))
    assert message.startswith("referanse/kommune.yaml: ") and "tagg" in message


def test_nesting_deeper_than_a_list_is_refused_without_a_traceback():
    message = _refused(b'kommunenummer: "0219"\nnavn: ' + b"[" * 5000 + b"]" * 5000 + b"\n")
    assert message.startswith("referanse/kommune.yaml: ")


@pytest.mark.parametrize(
    "extra, navn, key, rule",
    [
        ("", "[1, 2]", "navn", "må være tekst"),
        ("", "{a: b}", "navn", "må være tekst"),
        ("", "''", "navn", "mangler"),
        ("", "'   '", "navn", "mangler"),
        ("", "'" + "x" * 201 + "'", "navn", "200 tegn"),
        ("", '"Bærum\\nkommune"', "navn", "én linje"),
        ("", '"Bærum\\u0000kommune"', "navn", "kontrolltegn"),
        ('kommunenummer: ["0219"]\n', "Bærum kommune", "kommunenummer", "fire sifre"),
        ('kommunenummer: "０２１９"\n', "Bærum kommune", "kommunenummer", "fire sifre"),
        ("min_n: [3]\n", "Bærum kommune", "min_n", "helt tall"),
        ("min_n: ５\n", "Bærum kommune", "min_n", "helt tall"),
        ("min_n: 99999999999999999999999\n", "Bærum kommune", "min_n", "helt tall"),
        ("maks_sletting_prosent: [5]\n", "Bærum kommune", "maks_sletting_prosent", "tall fra 0 til 100"),
        ("maks_sletting_prosent: ５\n", "Bærum kommune", "maks_sletting_prosent", "tall fra 0 til 100"),
        ("fravaer_fra: [01.01.2014]\n", "Bærum kommune", "fravaer_fra", "dato dd.mm.åååå"),
        ("fravaer_fra: ０1.01.2014\n", "Bærum kommune", "fravaer_fra", "dato dd.mm.åååå"),
        ("kostnad_per_dagsverk: {a: 1}\n", "Bærum kommune", "kostnad_per_dagsverk", "positivt tall"),
        ("kostnad_per_dagsverk: ３５００\n", "Bærum kommune", "kostnad_per_dagsverk", "positivt tall"),
        ("ia_basisaar: [2018]\n", "Bærum kommune", "ia_basisaar", "årstall"),
        ("ia_basisaar: ２０１８\n", "Bærum kommune", "ia_basisaar", "årstall"),
        ("ia_reduksjon_prosent: [10]\n", "Bærum kommune", "ia_reduksjon_prosent", "tall fra 0 til 100"),
        ("ia_reduksjon_prosent: １０\n", "Bærum kommune", "ia_reduksjon_prosent", "tall fra 0 til 100"),
        ("omsorgsomrader: {PO: 1}\n", "Bærum kommune", "omsorgsomrader", "liste med områdekoder"),
        ("omsorgsomrader: [[PO]]\n", "Bærum kommune", "omsorgsomrader", "liste med områdekoder"),
    ],
)
def test_every_documented_key_has_its_type_checked(extra, navn, key, rule):
    data = _yaml(extra, navn=navn)
    if extra.startswith("kommunenummer:"):  # in place of the good one (a key given twice is refused as such)
        data = f"navn: {navn}\n{extra}".encode()
    message = _refused(data)
    assert message.startswith(f"referanse/kommune.yaml: {key} "), message
    assert rule in message


@pytest.mark.parametrize(
    "line, said",
    [
        # a misspelt optional key would otherwise be ignored and the report published without it
        ("fravear_fra: 01.01.2014\n", "«fravear_fra» er ikke en nøkkel kommune.yaml kan ha; mente du «fravaer_fra»?"),
        ("min-n: 3\n", "«min-n» er ikke en nøkkel kommune.yaml kan ha; mente du «min_n»?"),
        ("Kommunenavn: Bærum\n", "«Kommunenavn» er ikke en nøkkel kommune.yaml kan ha."),
    ],
)
def test_an_unknown_key_is_refused_naming_the_closest_known_one(line, said):
    message = _refused(_yaml(line))
    assert message.startswith(f"referanse/kommune.yaml: {said} "), message
    assert "Nøklene er navn, kommunenummer, min_n, fravaer_fra," in message and message.endswith("Ingenting er lastet.")


@pytest.mark.parametrize(
    "extra, said",
    [
        # without brackets «PO, HS» is one value: it matched no area and the care areas' table went silently
        ("omsorgsomrader: PO, HS\n", "«PO, HS» er ikke én kode (skriv flere koder i hakeparenteser)."),
        ("omsorgsomrader: [PO HS]\n", "«PO HS» er ikke én kode"),
        # YAML lets the last of two equal keys win: the municipality's min_n 10 became 3
        ("min_n: 10\nmin_n: 3\n", "«min_n» står mer enn én gang."),
        ('navn: "Asker kommune"\n', "«navn» står mer enn én gang."),
    ],
)
def test_a_list_without_brackets_and_a_key_given_twice_are_refused(extra, said):
    message = _refused(_yaml(extra))
    assert message.startswith("referanse/kommune.yaml: ") and said in message, message


def test_an_unknown_key_is_quoted_without_a_fodselsnummer_or_a_line_break():
    message = _refused(_yaml(f'"{NUMBER}\\nx": 1\n'))
    assert NUMBER not in message and MASK in message and "\\x0a" in message, message


def test_good_values_of_every_key_are_read():
    k = parse_kommune(
        "navn: 'Porsanger kommune – Porsáŋggu gielda – Porsangin komuuni'\nkommunenummer: 5620\nmin_n: 3\n"
        "maks_sletting_prosent: 12,5\nfravaer_fra: 01.01.2014\nkostnad_per_dagsverk: 3 500,50\n"
        "ia_basisaar: 2018\nia_reduksjon_prosent: 7.5\nomsorgsomrader: [PO, HS]\n".encode()
    )
    assert (k.navn, k.kommunenummer, k.min_n, k.maks_sletting_prosent) == (
        "Porsanger kommune – Porsáŋggu gielda – Porsangin komuuni",
        "5620",
        3,
        12.5,
    )
    assert (str(k.kostnad_per_dagsverk), k.ia_basisaar, str(k.ia_reduksjon_prosent), k.omsorgsomrader) == (
        "3500.50",
        2018,
        "7.5",
        ("PO", "HS"),
    )


def test_hr_ingest_refuses_a_bad_kommune_yaml_with_exit_3_and_loads_nothing(tmp_path):
    from hr.cli import app

    landing = Landing(tmp_path / "landing").hr_only()
    landing.bytes(KOMMUNE, _bomb(9))
    url = f"duckdb:///{tmp_path / 'warehouse.duckdb'}"
    env = {"HR_HOME": str(tmp_path / "wd"), "HR_PSEUDONYM_KEY": TEST_KEY, "COLUMNS": "200"}
    result = CliRunner().invoke(app, ["ingest", "--landing", str(landing.root), "--warehouse", url], env=env)
    assert result.exit_code == 3, result.output
    said = " ".join(result.stderr.split())
    assert "referanse/kommune.yaml:" in said and "alias" in said
    assert "Traceback" not in result.output
    assert not (tmp_path / "warehouse.duckdb").exists()
