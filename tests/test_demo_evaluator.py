"""docs/demo.md's table «Published and computed figures» is what the generator's own evaluator
(hr.demo.calibration.compare) computes on the Bærum-sized demo, row for row: the published figure from
hr/demo/baerum_2018.yaml, the computed one and the difference as printed. If the generator or the
evaluator changes a figure, the documentation has to change with it."""

from __future__ import annotations

import re

from hr.demo import preset_of
from hr.demo.calibration import compare, load_reference
from hr.demo.landing import build
from hr.paths import ROOT


def _documented() -> dict[str, tuple[str, str, str]]:
    text = (ROOT / "docs" / "demo.md").read_text(encoding="utf-8")
    table = text.split("### Published and computed figures", 1)[1]
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"[-+]?[\d.]+", cells[1]):
            rows[cells[0]] = (cells[1], cells[2], cells[3])
    return rows


def test_the_table_of_docs_demo_md_is_what_the_evaluator_computes_on_the_baerum_demo():
    preset = preset_of("baerum")
    demo = build(preset.factor, 2018, preset.first_year)  # the tables generate_landing(scale="baerum") writes
    computed = compare(demo.versions, demo.absences, load_reference())
    documented = _documented()
    assert len(computed) == len(documented) > 100
    for figure, published, value in computed:
        assert figure in documented, figure
        doc_published, doc_value, doc_difference = documented[figure]
        assert float(doc_published) == published, figure
        assert doc_value == f"{value:.2f}", figure
        assert doc_difference == f"{value - published:+.2f}", figure
