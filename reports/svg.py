"""Make matplotlib's SVG output fit to stand inline in the web edition, as an accessible image.

matplotlib writes a standalone file: an XML prolog and DOCTYPE, a fixed size in points, RDF metadata,
and ids (`figure_1`, `axes_1`, clip paths, hatch patterns) that repeat from one chart to the next. In
one HTML page, repeated ids are invalid and make a browser clip or fill a chart with another chart's
definitions. So the chart is parsed (stdlib ElementTree), the ids that are referenced get a prefix
unique to the chart, the others are dropped, and the root becomes `<svg role="img">` named by its own
`<title>` (the caption) and `<desc>` (the text alternative with every number), scaled by CSS only.
Namespaces are dropped: in an HTML document the parser itself puts <svg> in the SVG namespace.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_XLINK_HREF = f"{{{XLINK_NS}}}href"
_URL_REF = re.compile(r"url\(#([^)]+)\)")


def _referenced_ids(root: ET.Element) -> set[str]:
    ids: set[str] = set()
    for el in root.iter():
        for name, value in el.attrib.items():
            ids.update(_URL_REF.findall(value))
            if name in (_XLINK_HREF, "href") and value.startswith("#"):
                ids.add(value[1:])
    return ids


def inline_svg(svg_text: str, *, title: str, desc: str, prefix: str) -> str:
    """The chart as an element to put straight into HTML: `<svg role="img" aria-labelledby=...>`.

    `prefix` must be unique within the page (ids become `<prefix>-<id>`); `title` and `desc` are plain
    text (ElementTree escapes them).
    """
    root = ET.fromstring(svg_text)
    for metadata in root.findall(f"{{{SVG_NS}}}metadata"):
        root.remove(metadata)
    # matplotlib's `*{stroke-linejoin: round; stroke-linecap: butt}` would style the whole page: web.css
    # has the same rule scoped to the charts
    for defs in root.findall(f"{{{SVG_NS}}}defs"):
        for style in defs.findall(f"{{{SVG_NS}}}style"):
            defs.remove(style)
    keep = _referenced_ids(root)

    def rename(match: re.Match) -> str:
        return f"url(#{prefix}-{match.group(1)})"

    for el in root.iter():
        el.tag = el.tag.rpartition("}")[2]  # the HTML parser puts <svg> and its content in the SVG namespace
        if "id" in el.attrib:
            if el.attrib["id"] in keep:
                el.attrib["id"] = f"{prefix}-{el.attrib['id']}"
            else:
                del el.attrib["id"]
        for name, value in list(el.attrib.items()):
            if "url(#" in value:
                el.attrib[name] = _URL_REF.sub(rename, value)
            elif name in (_XLINK_HREF, "href") and value.startswith("#"):
                # SVG 2's plain href: HTML needs no namespace declarations, and no xlink prefix to get right
                del el.attrib[name]
                el.attrib["href"] = f"#{prefix}-{value[1:]}"

    for size in ("width", "height"):  # the viewBox keeps the proportions; CSS sets the width
        root.attrib.pop(size, None)
    root.attrib.update({"role": "img", "aria-labelledby": f"{prefix}-title {prefix}-desc", "class": "chart-svg"})
    title_el = ET.Element("title", id=f"{prefix}-title")
    title_el.text = title
    desc_el = ET.Element("desc", id=f"{prefix}-desc")
    desc_el.text = desc
    root.insert(0, desc_el)
    root.insert(0, title_el)
    return ET.tostring(root, encoding="unicode")
