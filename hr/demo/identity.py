"""Synthetic but valid fødselsnumre (mod-11 check digits), consistent with birth date and gender."""

from __future__ import annotations

from datetime import date

from stdnum.no.fodselsnummer import calc_check_digit1, calc_check_digit2


def fodselsnummer(birth: date, gender: str, used: set[str], start: int) -> str:
    """The first free number for this birth date and gender, trying individual numbers from `start`.

    Individual numbers 000–499 are for births 1900–1999, 500–999 for 2000–2039; the third digit is odd
    for men and even for women.
    """
    lo, hi = (0, 499) if birth.year < 2000 else (500, 999)
    head = birth.strftime("%d%m%y")
    for k in range(hi - lo + 1):
        ind = lo + (start + k) % (hi - lo + 1)
        if (ind % 2 == 1) != (gender == "M"):
            continue
        nine = f"{head}{ind:03d}"
        k1 = calc_check_digit1(nine)
        if len(k1) != 1:
            continue
        k2 = calc_check_digit2(nine + k1)
        if len(k2) != 1:
            continue
        number = nine + k1 + k2
        if number not in used:
            used.add(number)
            return number
    raise ValueError("no free fødselsnummer left for this birth date")
