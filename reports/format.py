"""Norwegian number, percent and date formatting for the reports (Babel, locale nb_NO).

Rounding is ROUND_HALF_UP on the decimal value written in the figures file (7.25 -> 7,3), not
banker's rounding and not the binary float (2.675 is 2.67499... as a float, yet a reader of the
figures file sees 2.675 and expects 2,7). Babel's nb group separator is a no-break space; we keep
it so that "7 524" never breaks across lines in a table cell.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.dates import format_date
from babel.numbers import format_decimal, get_minus_sign_symbol

from hr.periods import Period

LOCALE = "nb_NO"
NBSP = "\u00a0"
MINUS = get_minus_sign_symbol(LOCALE)  # U+2212, the typographic minus Norwegian print uses
PRIKK = "–"  # shown instead of a suppressed figure (prikket)
MANGLER = ".."  # shown where no figure exists (SSB's symbol for "tallgrunnlag mangler")


def avrund(x: float | int | Decimal, decimals: int = 1) -> Decimal:
    """`x` rounded half up to `decimals` places, via its shortest decimal text (no float artefacts)."""
    d = x if isinstance(x, Decimal) else Decimal(str(x))
    return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _number(x: float | int | Decimal, decimals: int) -> str:
    d = avrund(x, decimals)
    if d == 0:
        d = abs(d)  # never show "−0,0"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    text = format_decimal(d, format=pattern, locale=LOCALE)
    return MINUS + text[1:] if text.startswith("-") else text


def tall(x: float | int | Decimal, decimals: int = 0) -> str:
    """A count or amount: tall(7524) -> '7 524', tall(1070.64, 1) -> '1 070,6'."""
    return _number(x, decimals)


def prosent(x: float | int | Decimal, decimals: int = 1) -> str:
    """A percentage: prosent(7.25) -> '7,3 %' (no-break space before the sign, as Norwegian print)."""
    return f"{_number(x, decimals)}{NBSP}%"


def pp_tall(x: float | int | Decimal, decimals: int = 1) -> str:
    """A change in percentage points as a signed number: '+0,2', '−0,2', '0,0'."""
    text = _number(x, decimals)
    return "+" + text if avrund(x, decimals) > 0 else text


def pp(x: float | int | Decimal, decimals: int = 1) -> str:
    """A change in percentage points in words: pp(-0.2) -> '−0,2 prosentpoeng'."""
    return f"{pp_tall(x, decimals)}{NBSP}prosentpoeng"


def dato(d: date) -> str:
    """A date as Norwegian print writes it: 31.12.2018."""
    return format_date(d, "dd.MM.y", locale=LOCALE)


def lang_dato(d: date) -> str:
    """A date in words, as a sentence writes it: 1. januar 2018."""
    return format_date(d, "d. MMMM y", locale=LOCALE)


def filedato(text: str | date | None) -> str:
    """The date in a delivered file's name ('2019-01-15', '2019-01' or '2018') in Norwegian form."""
    if isinstance(text, date):
        return dato(text)
    if not isinstance(text, str) or not text:  # None, or a missing value from a DataFrame (NaN)
        return MANGLER
    try:
        return dato(date.fromisoformat(text))
    except ValueError:
        pass
    try:
        return Period.parse(text).label_nb()
    except ValueError:
        return text


def periode(code: str) -> str:
    """A period code in words: '2018H1' -> '1. halvår 2018'."""
    return Period.parse(code).label_nb()


def kort_periode(code: str) -> str:
    """A short period label for chart axes: '2018H1' -> '1. halvår\\n2018'."""
    p = Period.parse(code)
    label = p.label_nb()
    return label.replace(f" {p.year}", f"\n{p.year}") if p.kind in ("half", "quarter") else label


def stor_forbokstav(text: str) -> str:
    return text[:1].upper() + text[1:]
