"""Scale presets of the demo generator: Oslo-sized history, many municipalities, and bad sizes refused."""

from __future__ import annotations

import csv
from datetime import date

import pytest
import yaml

from hr.demo import MUNICIPALITIES, PRESETS, generate_municipalities, preset_of
from hr.demo.landing import IA_BASISAAR, IA_REDUKSJON_PROSENT, KOSTNAD_PER_DAGSVERK, OMSORGSOMRADER, write_landing


def _rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter=";"))


def _dates(rows, column):
    out = []
    for r in rows:
        try:
            d, m, y = r[column].split(".")
            out.append(date(int(y), int(m), int(d)))
        except (ValueError, AttributeError, KeyError):
            continue
    return out


def test_presets_are_baerum_shaped_with_their_history():
    assert PRESETS["baerum"].history == "2014–2018"
    assert PRESETS["oslo"].history == "2009–2018"
    assert 3.8 < PRESETS["oslo"].factor < 4.2  # ≈ 50 000 persons: four Bærums
    assert preset_of("2.0").factor == 2.0 and preset_of(0.5).first_year == PRESETS["baerum"].first_year
    with pytest.raises(ValueError, match="ukjent størrelse"):
        preset_of("stor")
    with pytest.raises(ValueError):
        preset_of(0)


def test_longer_history_reaches_back_to_its_first_year(tmp_path):
    """The Oslo preset's history, at a tiny size: absences from 2008H2, employments and cases every year."""
    landing = write_landing(tmp_path / "l", 0.03, 7, first_year=2008)
    fravaer = _rows(landing / "hr" / "fravaer_20190115.csv")
    years = {d.year for d in _dates(fravaer, "fra_dato")}
    assert min(years) == 2008 and set(range(2009, 2019)) <= years
    ansatte = _rows(landing / "hr" / "ansatte_20190115.csv")
    starts = _dates(ansatte, "gyldig_fra")
    ends = {d.year for d in _dates(ansatte, "gyldig_til")}
    assert min(starts).year < 2008
    assert set(range(2009, 2019)) <= ends  # people leave in every year of the history


def test_default_history_is_unchanged(tmp_path):
    landing = write_landing(tmp_path / "l", 0.025, 2018)
    years = {d.year for d in _dates(_rows(landing / "hr" / "fravaer_20190115.csv"), "fra_dato")}
    assert min(years) == 2013


def test_many_municipalities_in_one_tree(tmp_path):
    landings = generate_municipalities(tmp_path / "landing", 2, scale="tiny", seed=5)
    assert [p.name for p in landings] == [MUNICIPALITIES[0][0], MUNICIPALITIES[1][0]]
    sizes = []
    for landing, (nummer, navn, _rel) in zip(landings, MUNICIPALITIES):
        kommune = yaml.load(
            (landing / "referanse" / "kommune.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader
        )
        assert kommune == {
            "navn": navn,
            "kommunenummer": nummer,
            "kostnad_per_dagsverk": str(KOSTNAD_PER_DAGSVERK),
            "ia_basisaar": str(IA_BASISAAR),
            "ia_reduksjon_prosent": str(IA_REDUKSJON_PROSENT),
            "omsorgsomrader": list(OMSORGSOMRADER),
        }
        with open(landing / "hr" / "organisasjon_20190115.csv", encoding="cp1252", newline="") as fh:
            org = list(csv.DictReader(fh, delimiter=";"))
        root = [r for r in org if r["niva"] == "1"]
        assert [(r["org_enhet"], r["navn"]) for r in root] == [(nummer, navn)]
        assert all(r["overordnet"] == nummer for r in org if r["niva"] == "2")
        assert set(OMSORGSOMRADER) <= {r["org_enhet"] for r in org if r["niva"] == "2"}  # care areas exist
        mal = _rows(landing / "referanse" / "mal.csv")
        assert {r["org_enhet"] for r in mal} >= {nummer}
        sizes.append(len(_rows(landing / "hr" / "ansatte_20190115.csv")))
    assert sizes[0] > 3 * sizes[1]  # Bærum and Notodden differ in size as their populations do


def test_too_many_municipalities_refused(tmp_path):
    with pytest.raises(ValueError, match="mellom 1 og"):
        generate_municipalities(tmp_path, len(MUNICIPALITIES) + 1, scale="tiny")


@pytest.mark.parametrize(
    "args, message",
    [
        (["--scale", "stor"], "ukjent størrelse"),
        (["--municipalities", "2", "--workers", "2"], "krever --warehouse med PostgreSQL"),
        (["--municipalities", str(len(MUNICIPALITIES) + 1)], "tar 1 til"),
    ],
)
def test_demo_refuses_bad_sizes_before_generating(tmp_path, args, message):
    from typer.testing import CliRunner

    from hr.cli import app

    result = CliRunner().invoke(app, ["demo", "--out", str(tmp_path / "demo"), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "demo").exists()
