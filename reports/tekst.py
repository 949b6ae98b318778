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
        elif item := bullet or numbered:
            close_para()
            tag = "ul" if bullet else "ol"
            if list_tag != tag:
                close_list()
                out.append(f"<{tag}>")
                list_tag = tag
            out.append(f"<li>{item.group(1)}</li>")
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
        body = markdown.markdown(
            text.replace("&", "&amp;").replace("<", "&lt;"),
            extensions=["sane_lists", _SafeLinks()],
            output_format="html",
        )
    return Markup(_shift_headings(body, top_heading))


# Where a link in HR's text may lead: web pages and e-mail addresses. Anything else (javascript:, data:,
# file:, vbscript:, a relative path the PDF cannot resolve) is shown as the link's text without the link.
SAFE_LINK = re.compile(r"(?:https?://|mailto:)\S", re.IGNORECASE)


def safe_link(href: str) -> bool:
    """Whether `href` may stay a link (http, https or mailto; control characters and blanks never pass)."""
    return bool(SAFE_LINK.match(href)) and not re.search(r"[\x00-\x20\x7f]", href)


def _SafeLinks():
    """A Python-Markdown extension: links only to http(s) and mailto, and no images at all (an image
    would be fetched while the PDF is made, from the network or from this machine's files); an image is
    replaced by its alt text."""
    import markdown
    from markdown.treeprocessors import Treeprocessor

    class Links(Treeprocessor):
        def run(self, root):
            for parent in list(root.iter()):
                for el in list(parent):
                    if el.tag == "img":
                        _replace_by_text(parent, el, el.get("alt") or "")
                    elif el.tag == "a" and not safe_link(el.get("href", "")):
                        for name in list(el.attrib):
                            del el.attrib[name]
                        el.tag = "span"

    class SafeLinks(markdown.Extension):
        def extendMarkdown(self, md):
            # after 'inline' (which makes the links) and before 'prettify'
            md.treeprocessors.register(Links(md), "hr_safe_links", 5)

    return SafeLinks()


def _replace_by_text(parent, el, text: str) -> None:
    """Remove `el` from `parent`, keeping `text` and the text that followed it (its tail) in its place."""
    index = list(parent).index(el)
    joined = text + (el.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + joined
    else:
        prev = parent[index - 1]
        prev.tail = (prev.tail or "") + joined
    parent.remove(el)
