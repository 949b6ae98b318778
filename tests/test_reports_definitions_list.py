"""«Om tallene»: in the PDF two definition lists side by side, cut where the columns balance; on the web one list.

WeasyPrint's balanced CSS columns laid the list out many times over (0.75 s of a 2.4 s render), so the PDF
edition cuts the list itself (reports/render.py definition_halves). Nothing may be lost, reordered or split
between a term and its description.
"""

from __future__ import annotations

import re

from reports.render import definition_halves, environment

SHORT = "kort tekst."
LONG = "en lang forklaring som går over mange linjer i spalten. " * 6


def _pairs(*texts: str) -> str:
    return "".join(f"\n  <dt>Begrep {i}</dt>\n  <dd>{t}</dd>" for i, t in enumerate(texts, start=1))


def test_the_halves_hold_every_pair_in_order_and_cut_only_before_a_term():
    items = _pairs(SHORT, LONG, SHORT, SHORT, LONG, SHORT)
    first, second = definition_halves(items)
    assert str(first) + str(second) == items.strip()
    assert str(second).startswith("<dt>")
    assert str(first).count("<dt>") + str(second).count("<dt>") == 6


def test_the_cut_balances_the_columns_and_the_first_is_the_longer():
    # One long pair against five short ones: the long one alone is the first column.
    first, second = definition_halves(_pairs(LONG, SHORT, SHORT, SHORT, SHORT))
    assert re.findall(r"<dt>(.*?)</dt>", str(first)) == ["Begrep 1"]
    # Equal pairs: half and half, the odd one in the first column.
    first, second = definition_halves(_pairs(*[SHORT] * 5))
    assert (str(first).count("<dt>"), str(second).count("<dt>")) == (3, 2)
    first, second = definition_halves(_pairs(*[SHORT] * 4))
    assert (str(first).count("<dt>"), str(second).count("<dt>")) == (2, 2)


def test_one_pair_stays_in_the_first_column_and_no_pair_gives_two_empty_halves():
    first, second = definition_halves(_pairs(SHORT))
    assert "Begrep 1" in first and str(second) == ""
    assert tuple(map(str, definition_halves("  "))) == ("", "")


TEMPLATE = (
    '{% from "_macros.html.j2" import definitions %}'
    "{% set items %}<dt>A & B</dt><dd>{{ value }}</dd><dt>C</dt><dd>tekst</dd>{% endset %}"
    "{{ definitions(items) }}"
)


def test_pdf_edition_has_two_lists_side_by_side_and_the_web_one_list():
    pdf = environment("pdf").from_string(TEMPLATE).render(value="<b>1 < 2</b>")
    web = environment("web").from_string(TEMPLATE).render(value="<b>1 < 2</b>")
    assert pdf.count("<dl>") == 2 and 'class="definition-columns"' in pdf
    assert web.count("<dl>") == 1 and "definition-columns" not in web
    for html in (pdf, web):  # the captured block keeps its escaping: a value is text, not markup
        assert "&lt;b&gt;1 &lt; 2&lt;/b&gt;" in html and "<b>" not in html
        assert re.findall(r"<dt>(.*?)</dt>", html) == ["A & B", "C"]  # the template's own text as written
