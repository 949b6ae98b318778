"""The municipality's own text (referanse/tekster/*.md, e.g. the measures of the half-year) as safe HTML.

The text is written by people outside the pipeline, so raw HTML in it is shown as text, never
interpreted. Its headings are moved down so they sit under the report's section heading (h2).
"""
from __future__ import annotations

import html
import re

from markupsafe import Markup

_HEADING = re.compile(r"<(/?)h([1-6])(\s[^>]*)?>")


def _shift_headings(body: str, top: int) -> str:
    levels = [int(m.group(2)) for m in _HEADING.finditer(body)]
    if not levels:
        return body
    shift = top - min(levels)
    return _HEADING.sub(lambda m: f"<{m.group(1)}h{min(6, int(m.group(2)) + shift)}>", body)


def _drop_leading_heading(text: str, section_title: str | None) -> str:
    """Drop a first heading that only repeats the report's own section title ('## Tiltak' under 'Tiltak')."""
    if not section_title:
        return text
    lines = text.lstrip().splitlines()
    if lines and re.fullmatch(r"#{1,6}\s+" + re.escape(section_title) + r"\s*#*\s*", lines[0], re.IGNORECASE):
        return "\n".join(lines[1:])
    return text


def simple_markdown(text: str) -> str:
    """A small converter for headings, paragraphs and bullet/numbered lists, used when the
    `markdown` package is not installed. Everything is escaped first."""
    out: list[str] = []
    para: list[str] = []
    list_tag: str | None = None

    def close_para() -> None:
        if para:
            out.append(f"<p>{' '.join(para)}</p>")
            para.clear()

    def close_list() -> None:
        nonlocal list_tag
        if list_tag:
            out.append(f"</{list_tag}>")
            list_tag = None

    for raw in text.splitlines():
        line = html.escape(raw.strip(), quote=False)
        line = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", line)
        line = re.sub(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])", r"<em>\1</em>", line)
        heading = re.match(r"(#{1,6})\s+(.*?)\s*#*$", line)
        bullet = re.match(r"[-*+]\s+(.*)", line)
        numbered = re.match(r"\d+[.)]\s+(.*)", line)
        if not line:
            close_para()
            close_list()
        elif heading:
            close_para()
            close_list()
            level = len(heading.group(1))
            out.append(f"<h{level}>{heading.group(2)}</h{level}>")
        elif bullet or numbered:
            close_para()
            tag = "ul" if bullet else "ol"
            if list_tag != tag:
                close_list()
                out.append(f"<{tag}>")
                list_tag = tag
            out.append(f"<li>{(bullet or numbered).group(1)}</li>")
        else:
            close_list()
            para.append(line)
    close_para()
    close_list()
    return "\n".join(out)


def markdown_to_html(text: str, *, top_heading: int = 3, section_title: str | None = None) -> Markup:
    """Markdown as HTML safe to put in a report: raw HTML escaped, headings from `top_heading` down."""
    text = _drop_leading_heading(text, section_title)
    try:
        import markdown
    except ImportError:  # markdown comes in as a dependency of another package; keep working without it
        body = simple_markdown(text)
    else:
        # Escaping '&' and '<' before conversion keeps any raw HTML as visible text; '>' stays for quotes.
        body = markdown.markdown(text.replace("&", "&amp;").replace("<", "&lt;"), extensions=["sane_lists"],
                                 output_format="html")
    return Markup(_shift_headings(body, top_heading))
