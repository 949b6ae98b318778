"""A corrected extract changes one period's figures: `hr backfill` names exactly that period as revised.

The tiny demo municipality is backfilled for 2018H1–2018H2; then the newest absence snapshot is
delivered again without the sick-leave spells of September–November 2018 (a correction inside the
second half-year only) and the same backfill is run again. The output must name 2018H2 with its old
and new figures as the report shows them, must not call 2018H1 revised, and the publish log must keep
the revision. Run through the `hr` command (in-process), on the embedded DuckDB warehouse.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hr.cli import app
from hr.figures import HELE_KOMMUNEN, read_figures_csv
from reports.format import prosent

SNAPSHOT = "hr/fravaer_20190115.csv"
SICK = {"SYKMELDING", "EGENMELDING"}


@pytest.fixture(scope="module")
def demo_landing(tiny_demo, tmp_path_factory):
    return tiny_demo(tmp_path_factory.mktemp("demo") / "landing")


def _day(text: str) -> date:
    d, m, y = text.split(".")
    return date(int(y), int(m), int(d))


def drop_autumn_sick_leave(path: Path) -> int:
    """Rewrite the snapshot without sick-leave spells wholly inside 1 Sep – 30 Nov 2018; return how many.

    Every dropped spell starts more than two months after 2018H1 ended, so no spell reaching into the
    first half-year gets shorter: that half-year's figures cannot change."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    header, body = lines[0], [line for line in lines[1:] if line]
    cols = header.split(";")
    kept, dropped = [], 0
    for line in body:
        row = dict(zip(cols, next(csv.reader(io.StringIO(line), delimiter=";"))))
        if (
            row["fravaerstype"] in SICK
            and _day(row["fra_dato"]) >= date(2018, 9, 1)
            and _day(row["til_dato"]) <= date(2018, 11, 30)
        ):
            dropped += 1
            continue
        kept.append(line)
    path.write_bytes(newline.join([header, *kept]).encode("utf-8") + newline.encode())
    return dropped


def _headline(figures_csv: Path, period: str) -> float:
    (f,) = [
        f
        for f in read_figures_csv(figures_csv)
        if f.metric == "sykefravaer_prosent" and f.period == period and f.omrade == HELE_KOMMUNEN and f.gruppe == ""
    ]
    return f.verdi


def _backfill(landing: Path, out: Path, warehouse: str):
    result = CliRunner().invoke(
        app,
        [
            "backfill",
            "sykefravaer",
            "2018H1",
            "2018H2",
            "--landing",
            str(landing),
            "--out",
            str(out),
            "--warehouse",
            warehouse,
        ],
    )
    assert result.exit_code == 0, result.output
    return result.output


def _revised_lines(output: str) -> dict[str, str]:
    return dict(re.findall(r"^Revidert (\d{4}H[12]): (.*)$", output, flags=re.MULTILINE))


def test_corrected_extract_revises_only_the_period_it_changes(demo_landing, tmp_path):
    from hr.publish_log import publications
    from hr.warehouse import create_engine

    landing = tmp_path / "landing"
    shutil.copytree(demo_landing, landing)
    out = tmp_path / "out"
    warehouse = f"duckdb:///{tmp_path / 'hr' / 'warehouse.duckdb'}"

    first = _backfill(landing, out, warehouse)
    assert _revised_lines(first) == {}  # a first publication is not a revision
    h1_before = (out / "sykefravaer_2018H1.figures.csv").read_bytes()
    h2_old = _headline(out / "sykefravaer_2018H2.figures.csv", "2018H2")

    assert drop_autumn_sick_leave(landing / SNAPSHOT) > 20
    second = _backfill(landing, out, warehouse)

    h2_new = _headline(out / "sykefravaer_2018H2.figures.csv", "2018H2")
    assert h2_new < h2_old and prosent(h2_new) != prosent(h2_old)
    assert (out / "sykefravaer_2018H1.figures.csv").read_bytes() == h1_before

    revised = _revised_lines(second)
    assert list(revised) == ["2018H2"], second  # exactly the changed period; 2018H1 is not named
    line = revised["2018H2"]
    # the figure by the report's own name and period, old → new as the report shows them (one decimal,
    # decimal comma), not the metric key, the period code or raw floats; the headline figure first
    assert line.startswith(f"Sykefravær, totalt 2. halvår 2018: {prosent(h2_old)} → {prosent(h2_new)}"), line
    assert "sykefravaer_" not in line and not re.search(r"\d{4}[HQ]\d", line), line
    assert not re.search(r"\d\.\d", line), line
    # only figures of the corrected half-year, its quarters and its year changed (not the year-before comparison)
    assert set(re.findall(r"\b\d\. (?:halvår|kvartal) \d{4}\b", line)) <= {
        "2. halvår 2018",
        "3. kvartal 2018",
        "4. kvartal 2018",
    }, line
    assert "2017" not in line, line

    engine = create_engine(warehouse)
    try:
        with engine.connect() as conn:
            log = publications(conn, "0219", "sykefravaer")
    finally:
        engine.dispose()
    latest = log.sort_values("published_at").groupby("periode").last()
    assert latest.loc["2018H2", "revision"] == line
    assert not log[log.periode == "2018H1"].revision.notna().any()

    # Nothing changed since: no work and no revision reported again.
    third = _backfill(landing, out, warehouse)
    assert "ingenting er endret" in third and _revised_lines(third) == {}
