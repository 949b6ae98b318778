"""Fødselsnummer check (mod 11, D/H-numbers, the widened k1 rule from 2032) and pseudonymisation."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from stdnum.no import fodselsnummer as stdnum_fnr

from hr.ingest.fodselsnummer import K1_WEIGHTS, K2_WEIGHTS, is_valid, valid_mask
from hr.ingest.pseudonym import MASK, masked, person_id, person_ids
from tests.landing import P1, P2, P3, fnr


def _with_k1_remainder(prefix9: str, remainder: int) -> str | None:
    """A number whose first control digit leaves `remainder` (S1 + k1 mod 11) and whose k2 is right."""
    digits = [int(c) for c in prefix9]
    for k1 in range(10):
        if (sum(w * d for w, d in zip(K1_WEIGHTS, digits + [k1]))) % 11 != remainder:
            continue
        s2 = sum(w * d for w, d in zip(K2_WEIGHTS[:10], digits + [k1]))
        k2 = (11 - s2 % 11) % 11
        if k2 < 10:
            return prefix9 + str(k1) + str(k2)
    return None


def test_sample_numbers_pass_both_today_and_with_python_stdnum():
    """Today's numbers must pass: they are almost every number in the extracts."""
    for n in ("01017516430", "15089007795", "28029920224", "03035542166", P1, P2):
        assert stdnum_fnr.is_valid(n)
        assert is_valid(n)


def test_a_wrong_control_digit_is_rejected():
    """A typo in the number must not silently become another person."""
    wrong_k2 = P1[:10] + str((int(P1[10]) + 1) % 10)
    assert not is_valid(wrong_k2)
    assert not is_valid(P1[:9] + str((int(P1[9]) + 5) % 10) + P1[10])


def test_d_numbers_and_h_numbers_are_accepted():
    """D-numbers (day + 40) and H-numbers (month + 40) identify real employees too."""
    assert is_valid(P3) and int(P3[:2]) > 40
    h_number = _with_k1_remainder("014575123", 0)  # month 45: May, as an H-number
    assert h_number is not None and is_valid(h_number)
    month_15 = _with_k1_remainder("011575123", 0)  # month 15 is neither a month nor an H-number month
    assert month_15 is not None and not is_valid(month_15)


def test_widened_k1_rule_from_2032_accepts_remainders_one_to_three_that_stdnum_rejects():
    """Skatteetaten's numbers from 2032 may leave remainder 1-3 on k1; they must not land in quarantine."""
    for remainder in (1, 2, 3):
        n = _with_k1_remainder("150890456", remainder)
        assert n is not None
        assert is_valid(n)
        assert not stdnum_fnr.is_valid(n)


def test_widened_k1_rule_still_rejects_remainder_four_and_a_wrong_k2():
    """The widening is exactly {0,1,2,3}: a remainder of 4 or a bad k2 is still an error."""
    n = _with_k1_remainder("150890456", 4)
    assert n is not None and not is_valid(n)
    ok = _with_k1_remainder("150890456", 2)
    assert not is_valid(ok[:10] + str((int(ok[10]) + 1) % 10))


def test_impossible_date_part_and_malformed_values_are_rejected():
    """A number with day 32 or month 13, or with letters, cannot be a fødselsnummer."""
    assert not is_valid(_with_k1_remainder("320190456", 0) or "32019045600")
    assert not is_valid(_with_k1_remainder("011390456", 0) or "01139045600")
    values = pd.Series([P1, "0101751233", "0101751233X", None, "", P2])
    assert valid_mask(values).tolist() == [True, False, False, False, False, True]


def test_fnr_helper_makes_valid_numbers_for_any_birth_date():
    """The test fixtures' numbers are valid for the checker and for python-stdnum alike."""
    for born in (date(1950, 12, 31), date(2001, 2, 28), date(1988, 7, 4)):
        n = fnr(born)
        assert is_valid(n) and stdnum_fnr.is_valid(n)


def test_person_id_is_keyed_stable_and_never_the_number():
    """The pseudonym links a person's employments but cannot be recomputed without the key."""
    a = person_id(b"key-one", P1)
    assert a == person_id(b"key-one", P1)
    assert a != person_id(b"key-two", P1)
    assert P1 not in a and len(a) == 32
    ids = person_ids(b"key-one", pd.Series([P1, None, P1]))
    assert ids.iloc[0] == ids.iloc[2] == a and ids.iloc[1] is None


def test_quarantine_mask_hides_the_number_but_shows_that_one_was_given():
    """Quarantine must say 'a value was there' without storing the fødselsnummer."""
    shown = masked(pd.Series([P1, "", None, "123"]))
    assert shown.iloc[0] == MASK and shown.iloc[3] == MASK
    assert shown.iloc[1] == "" and pd.isna(shown.iloc[2])


@pytest.mark.parametrize("sep", ["", " ", "-", ".", "\u00a0", "\u202f"])
@pytest.mark.parametrize("column", ["grad", "fra_dato", "fravaer_id"])
def test_a_number_split_after_the_date_is_set_aside_masked_in_any_column(sep, column):
    """A fødselsnummer in a number, date or id column, however it is split after the birth date (a no-break
    space included, as a word processor writes it), is set aside as a fødselsnummer in the field, masked:
    never stored as typed under the parsing rule of the column."""
    from hr.ingest import fnr_scan
    from hr.ingest.parse import type_frame
    from hr.ingest.readers import read_csv
    from hr.ingest.specs import SPECS

    spec = SPECS["fravaer"]
    row = {"fravaer_id": "F1", "arbeidsforhold_id": "AF1", "fravaerstype": "SYKMELDING"}
    row |= {"fra_dato": "01.01.2018", "til_dato": "02.01.2018", "grad": "100"}
    number = P1[:6] + sep + P1[6:]
    row[column] = number
    data = (";".join(spec.names) + "\n" + ";".join(row[c] for c in spec.names)).encode("utf-8")
    typed = type_frame(read_csv(data, spec.names, spec.allow_empty).frame, spec, b"key")
    assert list(zip(typed.findings["column_name"], typed.findings["rule"], typed.findings["verdi"])) == [
        (column, fnr_scan.RULE, MASK)
    ]
    assert fnr_scan.mask_numbers(f"tekst {number} tekst") == f"tekst {MASK} tekst"
