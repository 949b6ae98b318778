"""Validating several deliveries of one kind in one suite run finds exactly what validating each alone finds.

The ingest validates payroll months and pension years in batches (hr.ingest.pipeline.BATCH_FILES) because
Great Expectations' cost is per run, not per row. These tests hold the batch to the one-by-one result:
the same findings with the same row, line, column, value and rule, the same good rows, and a row checked
against its own file's period and its own provider's labels, not the batch's.
"""

from __future__ import annotations

import contextlib

import pandas as pd
import pytest

from hr.ingest import extract as extract_step
from hr.ingest import validate as validate_step
from hr.ingest.files import discover
from tests.landing import P1, P2, Landing, lonn_rows, settings_for

# Each test compares suite runs over the same rows (with and without the configuration memo): all compute.
pytestmark = pytest.mark.fresh_steps

KNOWN = {"arbeidsforhold": ["AF1", "AF2", "AF3"]}


def _deliveries(landing: Landing, tmp_path, kind: str):
    settings = settings_for(tmp_path, f"duckdb:///{tmp_path / 'unused.duckdb'}")
    found = discover(landing.root)
    return [extract_step.extract(f, settings) for f in sorted(found.of_kind(kind), key=lambda f: f.name)]


def _findings(d) -> list[tuple]:
    f = d.findings
    return sorted(zip(f["row"], f["line"], f["column_name"], f["verdi"], f["rule"]), key=str)


@pytest.fixture
def payroll(tmp_path):
    landing = Landing(tmp_path / "landing")
    january = lonn_rows("2019-01")
    january.append(dict(january[0], periode="2019-02"))  # February's period in January's file
    january.append(dict(january[0], lonnsartgruppe="BONUS"))
    february = lonn_rows("2019-02")
    february.append(dict(february[0], arbeidsforhold_id="AF404"))  # an employment nobody knows
    february.append(dict(february[0], periode="2019-01"))
    march = lonn_rows("2019-03")  # a clean month between them
    landing.lonn("201901", january)
    landing.lonn("201902", february)
    landing.lonn("201903", march)
    return landing


def test_a_batch_of_payroll_months_finds_what_each_month_alone_finds(payroll, tmp_path):
    alone = [validate_step.validate(d, KNOWN) for d in _deliveries(payroll, tmp_path, "lonn")]
    together = validate_step.validate_many(_deliveries(payroll, tmp_path, "lonn"), KNOWN)

    assert [d.file.name for d in together] == [d.file.name for d in alone]
    for a, b in zip(alone, together):
        assert _findings(a) == _findings(b)
        pd.testing.assert_frame_equal(a.good, b.good)
    # and what they find is each file's own: lines 5 (period) and 6 (wage group) of January, 5 and 6 of February
    by_file = {d.file.name: {(line, rule) for _, line, _, _, rule in _findings(d)} for d in together}
    assert by_file == {
        "lonn/lonn_201901.csv": {(5, "periode_ulik_filnavn"), (6, "lonnsartgruppe_kode")},
        "lonn/lonn_201902.csv": {(5, "ukjent_arbeidsforhold"), (6, "periode_ulik_filnavn")},
        "lonn/lonn_201903.csv": set(),
    }
    assert all(len(d.good) == 3 for d in together)


def test_the_period_column_used_for_the_check_is_not_loaded(payroll, tmp_path):
    together = validate_step.validate_many(_deliveries(payroll, tmp_path, "lonn"), KNOWN)
    assert all("_filperiode" not in d.good.columns for d in together)
    assert all("_filperiode" not in d.typed.columns for d in together)


def test_pension_files_of_different_providers_are_checked_against_their_own_labels(tmp_path):
    landing = Landing(tmp_path / "landing")
    # "UFØR" is a KLP label, "alderspensjon" a BKP one: each is wrong in the other's file.
    landing.pensjon_csv(
        "klp",
        "2017",
        [
            dict(fodselsnummer=P1, pensjonstype="UFØR", uttaksdato="01.10.2017", uttaksgrad="50"),
            dict(fodselsnummer=P2, pensjonstype="alderspensjon", uttaksdato="01.10.2017", uttaksgrad="50"),
        ],
    )
    landing.pensjon_csv(
        "bkp",
        "2017",
        [
            dict(fodselsnummer=P2, pensjonstype="alderspensjon", uttaksdato="01.01.2017", uttaksgrad="100"),
            dict(fodselsnummer=P1, pensjonstype="UFØR", uttaksdato="01.01.2017", uttaksgrad="100"),
        ],
    )
    deliveries = _deliveries(landing, tmp_path, "pensjon_klp") + _deliveries(landing, tmp_path, "pensjon_bkp")
    together = validate_step.validate_many(deliveries, {})
    assert [{(line, rule) for _, line, _, _, rule in _findings(d)} for d in together] == [
        {(3, "pensjonstype_kode")},
        {(3, "pensjonstype_kode")},
    ]


def test_deliveries_already_seen_or_rejected_pass_through_untouched(payroll, tmp_path):
    first, second, third = _deliveries(payroll, tmp_path, "lonn")
    second.prior_status = "loaded"
    validate_step.validate_many([first, second, third], KNOWN)
    assert first.good is not None and third.good is not None
    assert second.good is None and second.findings.empty


def test_an_expectations_configuration_is_built_once_within_a_validation_and_afresh_outside_it(payroll, tmp_path):
    """hr.ingest.validate.configurations_built_once: GE's `configuration` property, built once per
    expectation while a suite runs (its hot spot), is left as GE wrote it outside, and the findings of a
    suite run are those of the unchanged property."""
    import great_expectations as gx

    expectation = gx.expectations.ExpectColumnValuesToNotBeNull(column="periode")
    with validate_step.configurations_built_once():
        assert expectation.configuration is expectation.configuration
        first = expectation.configuration
    assert expectation.configuration is not expectation.configuration
    assert expectation.configuration == first
    with validate_step.configurations_built_once():  # a new validation builds its own
        assert expectation.configuration is not first
        again = expectation.configuration
        with validate_step.configurations_built_once():  # a block inside it shares its memo ...
            assert expectation.configuration is again
        assert expectation.configuration is again  # ... and leaves it on for the rest of the outer one
    assert expectation.configuration is not expectation.configuration

    memo = _findings(validate_step.validate_many(_deliveries(payroll, tmp_path, "lonn"), KNOWN)[0])
    plain = validate_step.configurations_built_once
    try:
        validate_step.configurations_built_once = contextlib.nullcontext  # type: ignore[assignment]
        unchanged = _findings(validate_step.validate_many(_deliveries(payroll, tmp_path, "lonn"), KNOWN)[0])
    finally:
        validate_step.configurations_built_once = plain
    assert memo == unchanged and memo
