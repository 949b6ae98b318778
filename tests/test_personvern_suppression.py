"""Issue 6 acceptance, suppression end to end: an area of 4 persons (the default min_n is 5) is suppressed
in every table and chart of both reports, the table's secondary cell is suppressed with it, and the
attacks a reader could make on the published figures (a total minus the shown areas; a rate rebuilt from
rates and day-works) never give the area's own value.

Figures come from a real warehouse (both engines) through the compute step; the reports are rendered
and their text and every chart's text alternative are read back.
"""
from __future__ import annotations

import re
from dataclasses import fields
from fractions import Fraction

import pdfplumber
import pytest

from hr.figures import HELE_KOMMUNEN, Figure
from hr.metrics.medarbeidere import compute_medarbeidere
from hr.metrics.sykefravaer import compute_sykefravaer
from hr.periods import Period
from reports import charts
from tests.factory import KOMMUNE, absence, emp, load, org
from tests.report_fixtures import report_meta

MIN_N = 5
SMALL = "Område A"  # 4 persons
SIZES = {"A": 4, "B": 6, "C": 9}
ADDITIVE_UNITS = {"dagsverk", "personer", "arsverk", "kroner"}
SICK_RATES = ("sykefravaer_prosent", "sykefravaer_korttid_prosent", "sykefravaer_langtid_prosent",
              "sykefravaer_egenmeldt_prosent", "sykefravaer_legemeldt_prosent")


def _warehouse(engine) -> None:
    tree = [org(KOMMUNE, "Testkommune", None, 1)]
    for area in SIZES:
        tree += [org(area, f"Område {area}", KOMMUNE, 2), org(f"{area}1", f"Enhet {area}1", area, 3)]
    ansatte, fravaer = [], []
    for area, size in SIZES.items():
        for i in range(1, size + 1):
            af = f"AF{area}{i}"
            ansatte.append(emp(af, f"p{area}{i}", f"{area}1", kjonn="K" if i % 2 else "M",
                               pst=100 if i % 3 else 60, fodt=f"01.0{1 + i % 9}.19{60 + 3 * i}"))
            if i <= 3:  # three sick persons per area, doctor- and self-certified, cases of different lengths
                fravaer += [absence(f"F{area}{i}a", af, "SYKMELDING", "05.03.2018", f"{9 + i + len(area)}.03.2018"),
                            absence(f"F{area}{i}b", af, "EGENMELDING", "04.06.2018", f"0{5 + i % 2}.06.2018")]
            if area != "A" and i == size:  # a long case outside the small area
                fravaer.append(absence(f"F{area}{i}l", af, "SYKMELDING", "01.02.2018", "30.04.2018", grad=50))
    load(engine, org=tree, ansatte=ansatte, fravaer=fravaer, min_n=MIN_N)


@pytest.fixture
def figures(engine):
    """Both reports' figures, suppressed (min_n 5) and, to know what an attacker is after, unsuppressed."""
    _warehouse(engine)
    with engine.connect() as conn:
        out = {}
        for min_n, name in ((MIN_N, "published"), (0, "true")):
            out[name] = {
                "sykefravaer": compute_sykefravaer(conn, KOMMUNE, Period.parse("2018H1"), min_n),
                "medarbeidere": compute_medarbeidere(conn, KOMMUNE, 2018, min_n),
            }
    return out


def _by_key(figs: list[Figure]) -> dict[tuple, Figure]:
    return {f.key: f for f in figs}


def test_every_figure_of_the_small_area_is_suppressed_in_both_reports(figures):
    checked = set()
    for rapport, figs in figures["published"].items():
        true = _by_key(figures["true"][rapport])
        for f in figs:
            if f.omrade != SMALL or true[f.key].n is None:
                continue
            assert true[f.key].n < MIN_N
            assert f.prikket and f.verdi is None, (rapport, f)
            checked.add((rapport, f.metric))
    # every kind of table the area appears in was looked at
    assert {("sykefravaer", m) for m in SICK_RATES} <= checked
    assert {("sykefravaer", "sykefravaer_tapte_dagsverk"), ("sykefravaer", "sykefravaer_varighet_prosent"),
            ("medarbeidere", "personer_totalt"), ("medarbeidere", "arsverk"),
            ("medarbeidere", "sykefravaer_prosent")} <= checked


def test_every_table_with_the_small_area_has_a_second_suppressed_cell(figures):
    tables = 0
    for rapport, figs in figures["published"].items():
        by_key = _by_key(figs)
        for f in figs:
            if f.omrade != SMALL or not f.prikket:
                continue
            table = [g for g in figs if (g.metric, g.period, g.gruppe) == (f.metric, f.period, f.gruppe)
                     and g.omrade not in (SMALL, HELE_KOMMUNEN)]
            total = by_key.get((f.metric, f.period, HELE_KOMMUNEN, f.gruppe))
            assert any(g.prikket for g in table) or (total is not None and total.prikket), (rapport, f.key)
            tables += 1
    assert tables >= 30


def _residual(published: dict[tuple, Figure], metric: str, period: str, gruppe: str) -> Fraction | None:
    """The attack on an additive table: the total minus every area shown (None when the total is hidden)."""
    total = published.get((metric, period, HELE_KOMMUNEN, gruppe))
    if total is None or total.verdi is None:
        return None
    shown = [f for f in published.values() if (f.metric, f.period, f.gruppe) == (metric, period, gruppe)
             and f.omrade != HELE_KOMMUNEN and f.verdi is not None]
    return Fraction(total.verdi) - sum((Fraction(f.verdi) for f in shown), Fraction(0))


def test_recovery_attempts_give_no_suppressed_value_of_the_small_area(figures):
    attempts = 0
    for rapport, figs in figures["published"].items():
        published, true = _by_key(figs), _by_key(figures["true"][rapport])
        for f in figs:
            if f.omrade != SMALL or not f.prikket:
                continue
            secret = true[f.key].verdi
            if f.enhet in ADDITIVE_UNITS:
                guess = _residual(published, f.metric, f.period, f.gruppe)
            elif f.metric in SICK_RATES and f.gruppe == "":
                # rate x agreed day-works = lost day-works, for the total and every shown area
                lost = _residual_weighted(published, f.metric, f.period)
                agreed = _residual(published, "sykefravaer_avtalte_dagsverk", f.period, "")
                guess = None if lost is None or not agreed else lost / agreed
            else:
                continue
            attempts += 1
            if guess is not None and secret is not None:
                assert abs(float(guess) - float(secret)) > 1e-6, (rapport, f.key, float(guess))
    assert attempts >= 20


def _residual_weighted(published: dict[tuple, Figure], metric: str, period: str) -> Fraction | None:
    def weight(omrade: str) -> Fraction | None:
        agreed = published.get(("sykefravaer_avtalte_dagsverk", period, omrade, ""))
        return None if agreed is None or agreed.verdi is None else Fraction(agreed.verdi)

    total = published.get((metric, period, HELE_KOMMUNEN, ""))
    if total is None or total.verdi is None or weight(HELE_KOMMUNEN) is None:
        return None
    lost = Fraction(total.verdi) * weight(HELE_KOMMUNEN)
    for f in published.values():
        if (f.metric, f.period, f.gruppe) == (metric, period, "") and f.omrade != HELE_KOMMUNEN and f.verdi is not None:
            w = weight(f.omrade)
            if w is None:
                return None  # a shown rate whose day-works are hidden: the attacker cannot weight it
            lost -= Fraction(f.verdi) * w
    return lost


def _charts(value) -> list[charts.Chart]:
    """Every chart in a report context, however deep."""
    if isinstance(value, charts.Chart):
        return [value]
    if isinstance(value, dict):
        return [c for v in value.values() for c in _charts(v)]
    if isinstance(value, (list, tuple)):
        return [c for v in value for c in _charts(v)]
    if hasattr(value, "__dataclass_fields__"):
        return [c for fld in fields(value) for c in _charts(getattr(value, fld.name))]
    return []


@pytest.mark.parametrize("rapport, period", [("sykefravaer", "2018H1"), ("medarbeidere", "2018")])
def test_tables_and_charts_of_the_rendered_reports_show_no_value_for_the_small_area(figures, rapport, period,
                                                                                   tmp_path):
    from reports.render import render_medarbeidere, render_sykefravaer

    figs = figures["published"][rapport]
    meta = report_meta(period, min_n=MIN_N)
    if rapport == "sykefravaer":
        from reports.sykefravaer import build_context
        pdf, _csv = render_sykefravaer(figs, meta, tmp_path)
    else:
        from reports.medarbeidere import build_context
        pdf, _csv = render_medarbeidere(figs, meta, tmp_path)
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() or "" for page in doc.pages).replace("\u00a0", " ")
    rows = [line for line in text.splitlines() if SMALL in line]
    assert rows, "the small area is named in the report's tables"
    for line in rows:
        rest = line.replace(SMALL, "")
        assert not re.search(r"\d", rest), line  # only dashes, never a number
    assert "færre enn 5 personer" in text
    alts = [c.alt.replace("\u00a0", " ") for c in _charts(build_context(figs, meta))]
    assert alts
    for alt in alts:
        for part in re.split(r"[;.]\s", alt):
            if SMALL in part:
                assert "prikket" in part or not re.search(r"\d", part.replace(SMALL, "")), part


def test_without_secondary_suppression_the_same_attacks_recover_the_small_area(engine, monkeypatch):
    """Positive control: the attacks above are real; with only primary suppression they give the area's values."""
    _warehouse(engine)
    monkeypatch.setattr("hr.metrics.suppression._secondary", lambda *args, **kwargs: False)
    with engine.connect() as conn:
        published = _by_key(compute_sykefravaer(conn, KOMMUNE, Period.parse("2018H1"), MIN_N))
        true = _by_key(compute_sykefravaer(conn, KOMMUNE, Period.parse("2018H1"), 0))
    lost_key = ("sykefravaer_tapte_dagsverk", "2018H1", SMALL, "")
    rate_key = ("sykefravaer_prosent", "2018H1", SMALL, "")
    assert published[lost_key].prikket and published[rate_key].prikket
    assert float(_residual(published, *lost_key[:2], "")) == pytest.approx(true[lost_key].verdi, abs=1e-6)
    lost = _residual_weighted(published, "sykefravaer_prosent", "2018H1")
    agreed = _residual(published, "sykefravaer_avtalte_dagsverk", "2018H1", "")
    assert float(lost / agreed) == pytest.approx(true[rate_key].verdi, abs=1e-6)
