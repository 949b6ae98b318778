"""The one declaration of the extract kinds (hr/ingest/specs.py) is complete and agrees with the rest of the repo:
its tables exist in sql/schema/, its suites in expectations/, its delete SQL in sql/load/, and its patterns
recognise every file of the sample landing directory exactly once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hr.ingest.files import classify, discover
from hr.ingest.specs import PERIOD, REFERENCE, SNAPSHOT, SPECS, spec_for
from hr.paths import EXPECTATIONS_DIR, SAMPLE_LANDING, SQL_DIR


def _schema_tables() -> dict[str, str]:
    """Table name -> the text of its create statement, over every file of sql/schema/."""
    tables: dict[str, str] = {}
    for path in sorted((SQL_DIR / "schema").glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"create table if not exists (\w+) \((.*?)\n\);", text, re.S | re.I):
            tables[m.group(1)] = m.group(2)
    return tables


def _matching(name: str) -> list[str]:
    return [kind for kind, spec in SPECS.items() if re.fullmatch(spec.pattern, name)]


def test_every_kind_is_declared_once_under_its_own_name():
    assert list(SPECS) == [spec.kind for spec in SPECS.values()]
    assert set(SPECS) == {
        "kommune",
        "stillingskoder",
        "mal",
        "innbyggere",
        "sammenligning",
        "tekst",
        "organisasjon",
        "ansatte",
        "fravaer",
        "rekruttering",
        "tiltak",
        "lonn",
        "pensjon_klp",
        "pensjon_spk",
        "pensjon_bkp",
    }
    for kind in SPECS:
        assert spec_for(kind) is SPECS[kind]


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_each_definition_names_a_table_of_the_schema_and_its_delete(kind):
    spec = SPECS[kind]
    tables = _schema_tables()
    assert spec.table in tables, spec.table
    delete = (SQL_DIR / "load" / f"delete_{spec.table}.sql").read_text(encoding="utf-8")
    narrowed = set(re.findall(r"and (\w+) = :\w+", delete))
    assert narrowed == set(spec.replaces_by), (kind, narrowed)
    for column in spec.replaces_by:
        assert re.search(rf"^\s*{column}\s", tables[spec.table], re.M), (spec.table, column)


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_each_definition_is_consistent_in_itself(kind):
    spec = SPECS[kind]
    assert spec.format in ("csv", "xlsx", "yaml", "markdown")
    assert spec.semantics in (SNAPSHOT, PERIOD, REFERENCE)
    assert spec.columns and spec.key
    table = _schema_tables()[spec.table]
    for column in spec.key:  # a row is identified by columns of the extract, or of its table (linje)
        assert column in spec.columns or re.search(rf"^\s*{column}\s", table, re.M), (kind, column)
    if spec.suite is None:
        assert spec.format in ("yaml", "markdown")  # only kommune.yaml and the texts have no suite
    else:
        assert spec.format in ("csv", "xlsx")
        assert (EXPECTATIONS_DIR / f"{spec.suite}.json").is_file(), spec.suite
    groups = set(re.compile(spec.pattern).groupindex)
    if spec.semantics == SNAPSHOT:
        assert groups == {"dato"} and spec.record_id in spec.columns
        snapshot_records = (SQL_DIR / "load" / "snapshot_records.sql").read_text(encoding="utf-8")
        assert f"select {spec.record_id}" in snapshot_records and f"'{kind}'" in snapshot_records
    else:
        assert spec.record_id is None
    if spec.semantics == PERIOD:
        assert groups in ({"maaned"}, {"aar"}, {"rapport", "periode"}) and spec.replaces_by
    if spec.semantics == REFERENCE:
        assert not groups and not spec.replaces_by


def test_the_pension_providers_share_the_one_pension_table_and_suite():
    pensions = [spec for spec in SPECS.values() if spec.provider]
    assert {spec.provider for spec in pensions} == {"KLP", "SPK", "BKP"}
    assert {spec.table for spec in pensions} == {"stg_pensjon"}
    assert {spec.suite for spec in pensions} == {"pensjon"}
    assert len({tuple(spec.columns.items()) for spec in pensions}) == 1
    assert spec_for("pensjon_spk").format == "xlsx"
    assert {spec_for("pensjon_klp").format, spec_for("pensjon_bkp").format} == {"csv"}
    assert all(spec.kind == f"pensjon_{spec.provider.lower()}" for spec in pensions)


def test_every_file_of_the_sample_landing_is_recognised_by_exactly_one_definition():
    found = discover(SAMPLE_LANDING)
    assert found.ignored == []
    names = sorted(p.relative_to(SAMPLE_LANDING).as_posix() for p in SAMPLE_LANDING.rglob("*") if p.is_file())
    assert sorted(f.name for f in found.files) == names
    for f in found.files:
        assert _matching(f.name) == [f.kind], f.name


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("hr/organisasjon_20190115.csv", "organisasjon"),
        ("hr/ansatte_20190115.csv", "ansatte"),
        ("hr/fravaer_20190115.csv", "fravaer"),
        ("hr/rekruttering_20190115.csv", "rekruttering"),
        ("lonn/lonn_201901.csv", "lonn"),
        ("pensjon/klp_2018.csv", "pensjon_klp"),
        ("pensjon/spk_2018.xlsx", "pensjon_spk"),
        ("pensjon/bkp_2018.csv", "pensjon_bkp"),
        ("referanse/kommune.yaml", "kommune"),
        ("referanse/stillingskoder.csv", "stillingskoder"),
        ("referanse/mal.csv", "mal"),
        ("referanse/innbyggere.csv", "innbyggere"),
        ("referanse/sammenligning.csv", "sammenligning"),
        ("referanse/tiltak.csv", "tiltak"),
        ("referanse/tekster/sykefravaer_2018H2.md", "tekst"),
    ],
)
def test_every_kind_has_a_contract_name_only_it_recognises(name, kind):
    assert _matching(name) == [kind]
    found = classify(name, Path(name))
    assert not isinstance(found, str) and found is not None and found.kind == kind


@pytest.mark.parametrize(
    "name",
    [
        "pensjon/spk_2018.csv",
        "pensjon/klp_2018.xlsx",
        "hr/lonn_201901.csv",
        "referanse/tekster/Sykefravaer_2018.md",
        "referanse/kommune.yml",
    ],
)
def test_names_outside_the_contract_match_no_definition(name):
    assert _matching(name) == []


def test_the_ingest_order_reads_the_references_before_what_is_checked_against_them():
    order = list(SPECS)
    assert order.index("stillingskoder") < order.index("organisasjon") < order.index("ansatte")
    assert order.index("ansatte") < order.index("fravaer") < order.index("tiltak") < order.index("lonn")
    assert order.index("lonn") < order.index("pensjon_klp")
