"""Norwegian number formatting in the reports: what a reader sees must match the figures file, rounded half up."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from reports import format as fmt


def plain(text: str) -> str:
    """Babel's no-break spaces as ordinary spaces, so tests read naturally."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_thousands_are_grouped_with_a_space():
    """Norwegian print groups thousands with a space: 7 524 årsverk, 12 573 personer."""
    assert plain(fmt.tall(7524)) == "7 524"
    assert plain(fmt.tall(12573)) == "12 573"
    assert plain(fmt.tall(1070.64, 1)) == "1 070,6"
    assert plain(fmt.tall(999)) == "999"


def test_group_separator_is_a_no_break_space_so_numbers_never_split_across_lines():
    """A number broken over two lines in a table cell is misread; the PDF keeps the no-break space."""
    assert fmt.tall(7524) == "7\u00a0524"
    assert fmt.prosent(7.3) == "7,3\u00a0%"


def test_percent_rounds_half_up_on_the_decimal_value():
    """7.25 must read 7,3 (not banker's 7,2), and 2.675 must read 2,7 although the float is 2.67499..."""
    assert plain(fmt.prosent(7.25)) == "7,3 %"
    assert plain(fmt.prosent(7.349)) == "7,3 %"
    assert plain(fmt.prosent(2.675)) == "2,7 %"
    assert plain(fmt.prosent(0.05)) == "0,1 %"
    assert plain(fmt.prosent(7)) == "7,0 %"


@given(st.decimals(min_value=-1000, max_value=1000, places=3, allow_nan=False, allow_infinity=False))
def test_percent_always_equals_decimal_round_half_up_of_the_written_value(d):
    """Whatever the figures file holds, the report shows exactly its half-up rounding to one decimal."""
    expected = d.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if expected == 0:
        expected = abs(expected)
    text = plain(fmt.prosent(float(d))).replace("\u2212", "-").replace(" ", "").rstrip("%").replace(",", ".")
    assert Decimal(text) == expected


def test_percentage_points_carry_a_sign_and_never_show_minus_zero():
    """A change reads '−0,2 prosentpoeng' or '+0,3 prosentpoeng'; a change that rounds to zero is '0,0'."""
    assert plain(fmt.pp(-0.2)) == "\u22120,2 prosentpoeng"
    assert plain(fmt.pp(0.25)) == "+0,3 prosentpoeng"
    assert plain(fmt.pp(-0.04)) == "0,0 prosentpoeng"
    assert plain(fmt.pp_tall(-1.25)) == "\u22121,3"


def test_dates_and_periods_are_written_the_norwegian_way():
    """Politicians read 31.12.2018 and '1. halvår 2018', not ISO codes."""
    assert fmt.dato(date(2018, 12, 31)) == "31.12.2018"
    assert fmt.filedato("2019-01-15") == "15.01.2019"
    assert fmt.filedato("2019-01") == "januar 2019"
    assert fmt.filedato(None) == fmt.MANGLER
    assert fmt.filedato(float("nan")) == fmt.MANGLER  # a missing value read through pandas
    assert fmt.filedato(date(2019, 1, 15)) == "15.01.2019"
    assert fmt.periode("2018H1") == "1. halvår 2018"
    assert fmt.periode("2018Q2") == "2. kvartal 2018"


def test_a_number_stays_on_the_line_of_what_it_counts_in_every_printed_value():
    """«2. halvår», «31. desember» and «100 %» never break across lines: the templates' finalize gives every
    printed value no-break spaces there, keeps markup already marked safe safe and still escapes the rest."""
    from markupsafe import Markup

    from reports.render import environment

    env = environment("web")
    page = env.from_string("<p>{{ a }}</p><p>{{ b }}</p><p>{{ c }}</p>").render(
        a="I 2. halvår 2018 var 100 % på jobb 31. desember, men 12. mai var det 3 av 4.",
        b=Markup("<em>1. kvartal</em>"),
        c="<script>1. januar</script>",
    )
    nb = "\u00a0"
    assert f"2.{nb}halvår" in page and f"100{nb}%" in page and f"31.{nb}desember" in page and f"12.{nb}mai" in page
    assert "3 av 4" in page  # only a count's unit is joined, not every space after a number
    assert f"<em>1.{nb}kvartal</em>" in page
    assert f"&lt;script&gt;1.{nb}januar&lt;/script&gt;" in page
