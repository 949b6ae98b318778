"""The web edition: one self-contained HTML file per report, checked in a real browser.

Headless Chromium (Debian's package) loads the file with the network cut off, axe-core checks it
against WCAG 2.1 A/AA and best practice, and screenshots at phone and desktop width are taken. Set
HR_WEB_SCREENSHOTS=DIR to keep the screenshots for a human to look at.
"""

from __future__ import annotations

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from reports.medarbeidere import build_context as medarbeidere_context
from reports.render import render_html, web_edition_path
from tasks.render import outputs_current, render_report
from tests.report_fixtures import medarbeidere_figures, report_meta, sykefravaer_figures

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
MOBILE, DESKTOP = 375, 1280
TILTAK = "## Tiltak\n\nVi følger opp langtidssykmeldte tettere.\n\n- Kurs for ledere\n- Tidlig dialog\n"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """The half-yearly report through the flow's render step (PDF, figures file and web edition), the
    annual chapter's web edition straight from the templates (its PDF is tested elsewhere)."""
    out = tmp_path_factory.mktemp("web")
    pdf, _csv, _headline = render_report.fn(
        "sykefravaer", sykefravaer_figures(small_area=True), report_meta(tiltak=TILTAK), out
    )
    chapter = out / "medarbeidere_2018.html"
    context = medarbeidere_context(medarbeidere_figures(suppress_minority_area=True), report_meta("2018"))
    chapter.write_text(
        render_html("medarbeidere.html.j2", context | {"tiltak_html": None}, edition="web"), encoding="utf-8"
    )
    return {"sykefravaer": web_edition_path(pdf), "medarbeidere": chapter}


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        reason = f"{CHROMIUM} mangler: installer Debians chromium (make install gjør det som root)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, path: Path, width: int):
    """The file in a fresh page of the given width; every request other than the file itself is refused,
    so anything the page needs from elsewhere would be missing, and is recorded."""
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="nb-NO")
    page = context.new_page()
    fetched: list[str] = []

    def gate(route):
        if route.request.url == path.as_uri():
            route.continue_()
        else:
            fetched.append(route.request.url)
            route.abort()

    page.route("**/*", gate)
    page.goto(path.as_uri(), wait_until="load")
    return context, page, fetched


def run_axe(page, run_only: dict | None = None) -> dict:
    from axe_playwright_python.sync_playwright import Axe

    return (
        Axe()
        .run(page, options={"runOnly": run_only or {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        .response
    )


def serious(results: dict) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# ---------------------------------------------------------------- the file itself


class _Outline(HTMLParser):
    """Tags, ids and attributes of interest, collected without a browser."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def outline(path: Path) -> list[tuple[str, dict]]:
    parser = _Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.tags


def test_web_edition_is_written_beside_the_pdf_and_counts_for_the_up_to_date_check(pages):
    """The render step writes PDF, figures file and HTML atomically; a deleted HTML means "render again"."""
    html = pages["sykefravaer"]
    out = html.parent
    assert html.name == "sykefravaer_2018H1.html"
    assert {
        "sykefravaer_2018H1.pdf",
        "sykefravaer_2018H1.figures.csv",
        "sykefravaer_2018H1.html",
        "sykefravaer_2018H1.manifest.json",
    } <= {p.name for p in out.iterdir()}
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")], "temporary file left behind"
    figures = sykefravaer_figures(small_area=True)
    assert outputs_current("sykefravaer", figures, "2018H1", out)
    for name in (html.name, "sykefravaer_2018H1.manifest.json"):
        moved = out / f"moved-{name}"
        (out / name).rename(moved)
        try:
            assert not outputs_current("sykefravaer", figures, "2018H1", out)
        finally:
            moved.rename(out / name)


def test_the_web_edition_lists_every_file_with_its_checksum_in_a_collapsed_list(pages):
    """The PDF sums the extracts up per kind; the web edition also has each file, folded away."""
    page = pages["sykefravaer"].read_text(encoding="utf-8")
    details = page[page.index('<details class="files">') : page.index("</details>")]
    assert "<summary>" in details and "open" not in details[:30]
    for name, prefix in (("hr/ansatte_20180715.csv", "a1b2c3d4e5f6"), ("referanse/mal.csv", "77aa88bb99cc")):
        assert name in details and prefix in details


@pytest.mark.parametrize("report", ["sykefravaer", "medarbeidere"])
def test_web_edition_is_one_self_contained_accessible_document(pages, report):
    """Nothing to fetch (no links to files, scripts or fonts), charts as named SVG, tables with headers."""
    path = pages[report]
    text = path.read_text(encoding="utf-8")
    tags = outline(path)
    html = [a for t, a in tags if t == "html"]
    assert html == [{"lang": "nb"}]
    assert not [a for t, a in tags if t in ("img", "script", "link", "iframe", "object")]
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", text), "reference to another file"
    assert "url(" not in re.sub(r"url\(#[\w-]+\)", "", text), "CSS or SVG that fetches something"
    assert "file://" not in text and "<?xml" not in text and "<!DOCTYPE svg" not in text
    assert [t for t, _ in tags].count("main") == 1
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in tags

    assert text.count("<style") == 1, "a chart brings its own page-wide style"
    ids = [a["id"] for _, a in tags if "id" in a]
    assert len(ids) == len(set(ids)), "duplicate ids"
    # every clip path, hatch pattern and marker a chart uses is defined in the page, under its own name
    refs = set(re.findall(r"url\(#([\w-]+)\)", text)) | set(re.findall(r'href="#([\w-]+)"', text))
    assert refs and refs <= set(ids)
    svgs = [a for t, a in tags if t == "svg"]
    assert svgs, "no chart"
    for a in svgs:
        assert a["role"] == "img"
        title_id, desc_id = a["aria-labelledby"].split()
        assert title_id in ids and desc_id in ids
        assert "width" not in a and "viewbox" in a
    # the charts' text alternatives carry the numbers, as in the PDF
    descs = re.findall(r"<desc id=\"[^\"]+\">(.*?)</desc>", text, flags=re.S)
    assert len(descs) == len(svgs) and all(re.search(r"\d", d) for d in descs)

    tables = [a for t, a in tags if t == "table"]
    assert len(tables) == text.count("<caption")
    regions = [a for t, a in tags if a.get("role") == "region"]  # every table but the key figures, every chart
    assert len(regions) == len(tables) - text.count('class="keyfigures"') + len(svgs)
    for a in regions:
        assert a["tabindex"] == "0" and a["aria-labelledby"] in ids
    th_scopes = {a.get("scope") for t, a in tags if t == "th"}
    assert th_scopes == {"col", "row"}


# ---------------------------------------------------------------- in the browser


@pytest.mark.parametrize("report", ["sykefravaer", "medarbeidere"])
def test_axe_finds_no_serious_or_critical_violations(pages, browser, report):
    """WCAG 2.1 A and AA and axe's best practice, as a municipality's website must meet them, with the
    collapsed list of files opened (what a reader can open must meet them too). At a phone's width, where
    the wide tables and the charts scroll in their own regions (on a desktop every table fits)."""
    context, page, fetched = open_page(browser, pages[report], MOBILE)
    try:
        assert page.evaluate("document.querySelectorAll('details').length") == 1
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        results = run_axe(page)
    finally:
        context.close()
    assert fetched == []
    assert serious(results) == []
    ran = {r["id"] for r in results["passes"]} | {r["id"] for r in results["incomplete"]}
    assert {
        "html-has-lang",
        "color-contrast",
        "svg-img-alt",
        "th-has-data-cells",
        "scrollable-region-focusable",
        "heading-order",
        "landmark-one-main",
    } <= ran


def test_axe_check_catches_a_broken_page(pages, browser, tmp_path):
    """Control: the same page without its language and with unnamed charts fails the check above."""
    broken = tmp_path / "broken.html"
    text = pages["sykefravaer"].read_text(encoding="utf-8").replace('<html lang="nb">', "<html>", 1)
    text = re.sub(r'aria-labelledby="fig-[\w-]+ fig-[\w-]+"', "", text)
    broken.write_text(re.sub(r"<title id=.*?</title>", "", text, flags=re.S), encoding="utf-8")
    context, page, _ = open_page(browser, broken, DESKTOP)
    try:
        results = run_axe(page, {"type": "rule", "values": ["html-has-lang", "svg-img-alt"]})
        found = {v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")}
    finally:
        context.close()
    assert {"html-has-lang", "svg-img-alt"} <= found


CSP_META = """<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">"""


@pytest.mark.parametrize("with_policy", [True, False])
def test_the_content_security_policy_stops_a_script_and_a_fetch_that_got_into_the_page(
    pages, browser, tmp_path, with_policy
):
    """Should markup ever slip through the escaping, the page's own policy still runs no script and fetches
    nothing. Control (without the policy tag): the same injected markup does run, so the check can fail.
    axe is injected by the test harness (Playwright's evaluate), not by the page, so the policy does not stop it."""
    text = pages["sykefravaer"].read_text(encoding="utf-8")
    assert CSP_META in text
    if not with_policy:
        text = text.replace(CSP_META, "", 1)
    injected = (
        '<script>window.kjort = true;</script><img alt="" src="https://example.org/sporing.png">'
        '<img alt="" src="x" onerror="window.kjort = true">'
    )
    hostile = tmp_path / "hostile.html"
    hostile.write_text(text.replace("<main>", "<main>" + injected, 1), encoding="utf-8")
    context, page, fetched = open_page(browser, hostile, DESKTOP)
    try:
        ran = page.evaluate("() => window.kjort === true")
        if with_policy:
            assert serious(run_axe(page, {"type": "rule", "values": ["html-has-lang", "document-title"]})) == []
    finally:
        context.close()
    if with_policy:
        assert not ran and fetched == []
    else:
        assert ran and any("example.org" in url for url in fetched)


@pytest.mark.parametrize("report", ["sykefravaer", "medarbeidere"])
def test_readable_on_a_phone_and_on_a_desktop(pages, browser, report, tmp_path):
    """At 375 px the page does not scroll sideways (wide tables and the charts scroll in their own
    regions), text is at least 16 px and no chart label is drawn smaller than 9 px; at 1280 px the charts
    and every table fit the column and the text column stays narrow enough to read. At both widths a table
    of years shows its newest year, the report's own, without scrolling."""
    keep = os.environ.get("HR_WEB_SCREENSHOTS")
    for width in (MOBILE, DESKTOP):
        context, page, fetched = open_page(browser, pages[report], width)
        try:
            m = page.evaluate("""() => {
                const px = el => parseFloat(getComputedStyle(el).fontSize);
                const tables = [...document.querySelectorAll('div.table-block[role=region]')];
                const svgs = [...document.querySelectorAll('svg.chart-svg')];
                const charts = svgs.map(s => s.getBoundingClientRect());
                // a label's size on screen: its font size in the chart's units times the chart's scale
                const labels = svgs.flatMap(s => [...s.querySelectorAll('text')].map(
                    t => px(t) * s.getBoundingClientRect().width / s.viewBox.baseVal.width));
                return {
                    page: document.documentElement.scrollWidth,
                    body: px(document.querySelector('main p')),
                    main: document.querySelector('main').getBoundingClientRect().width,
                    scrollingTables: tables.filter(r => r.scrollWidth > r.clientWidth).length,
                    // a table of years, oldest first: is its newest year's column on screen without scrolling?
                    newestYearShown: [...document.querySelectorAll('div.table-block.chronological')].map(r => {
                        const box = r.getBoundingClientRect();
                        const last = r.querySelector('thead th:last-child').getBoundingClientRect();
                        return last.left >= box.left - 1 && last.right <= box.right + 1;
                    }),
                    chartWidths: charts.map(r => r.width), chartHeights: charts.map(r => r.height),
                    smallestLabel: Math.min(...labels), labels: labels.length,
                };
            }""")
            shot = tmp_path / f"{report}_{width}.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            context.close()
        assert fetched == []
        assert shot.stat().st_size > 20_000
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(shot, Path(keep) / shot.name)
        assert m["page"] <= width, f"the page scrolls sideways at {width}px"
        assert m["body"] >= 16
        assert m["chartWidths"] and all(h > 100 for h in m["chartHeights"])
        assert m["labels"] > 20 and m["smallestLabel"] >= 9
        # the report's own year is the last column of a table of years: it is in view as the page opens
        assert all(m["newestYearShown"]), m["newestYearShown"]
        if report == "medarbeidere":
            assert m["newestYearShown"], "no table of years: the check above proves nothing"
        if width == MOBILE:
            assert m["scrollingTables"] >= 1, "no table was wider than a phone: the check above proves nothing"
        else:
            assert m["scrollingTables"] == 0, "a table scrolls sideways on a desktop screen"
            assert all(0 < w <= m["main"] + 1 for w in m["chartWidths"])
            assert m["main"] <= 50 * 16
