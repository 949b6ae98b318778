"""The Bærum-sized demo, run through the real pipeline, reproduces the published Bærum 2018 figures.

Reads hr/demo/baerum_2018.yaml and compares every target with the figures that
hr.metrics computes from the warehouse that hr.ingest loaded (within the file's tolerances).
"""

from __future__ import annotations

import pytest
import yaml

from hr.demo.calibration import REFERENCE

AREA_NAMES = [
    "Oppvekst skole",
    "Oppvekst barnehage",
    "Pleie og omsorg",
    "Helse og sosial",
    "Tekniske tjenester",
    "Plan, miljø og kultur",
    "Organisasjon og utvikling",
]
OVRIGE = ("Plan, miljø og kultur", "Organisasjon og utvikling")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ref():
    with open(REFERENCE, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def figures(baerum_demo_figures):
    """Every figure the pipeline computes from the Bærum-sized demo, keyed (metric, period, omrade, gruppe)."""
    _landing, figs = baerum_demo_figures
    return {f.key: f.verdi for f in figs}


def value(figures, metric, period, omrade="Hele kommunen", gruppe=""):
    key = (metric, period, omrade, gruppe)
    assert key in figures, f"the pipeline computed no {key}"
    return figures[key]


def close_pp(actual, expected, ref):
    return abs(actual - expected) <= ref["tolerance"]["percent_points"] + 1e-9


def close_rel(actual, expected, ref):
    return abs(actual - expected) <= ref["tolerance"]["relative"] * abs(expected) + 1e-9


def test_sick_leave_per_year_matches_the_published_series(figures, ref):
    """The headline: sick leave 2014–2018 for the whole municipality as Bærum published it."""
    for year, expected in ref["sick_leave"]["sykefravaer_prosent"].items():
        got = value(figures, "sykefravaer_prosent", str(year))
        assert close_pp(got, expected, ref), (year, got, expected)


def test_sick_leave_2018_splits_into_published_short_and_long_term(figures, ref):
    """Korttid 2.6 and langtid 4.7 in 2018: the split the report explains."""
    for kind in ("korttid", "langtid"):
        got = value(figures, f"sykefravaer_{kind}_prosent", "2018")
        assert close_pp(got, ref["sick_leave"]["2018"][kind], ref), (kind, got)


def test_sick_leave_by_area_matches_the_published_areas(figures, ref):
    """Area figures use the area on the day; PO, OS, HS, OB as published for 2017 and 2018."""
    for year, areas in ref["sick_leave"]["by_area"].items():
        for area, expected in areas.items():
            got = value(figures, "sykefravaer_prosent", str(year), area)
            assert close_pp(got, expected, ref), (year, area, got, expected)


def test_sick_leave_notes_of_the_published_text_hold(figures):
    """PMK, OU and TT rose 2017→2018; four areas were below 7.3 in 2018; OU under 7 %."""
    for area in ("Plan, miljø og kultur", "Organisasjon og utvikling", "Tekniske tjenester"):
        assert value(figures, "sykefravaer_prosent", "2018", area) > value(figures, "sykefravaer_prosent", "2017", area)
    below = [a for a in AREA_NAMES if value(figures, "sykefravaer_prosent", "2018", a) < 7.3]
    assert len(below) == 4, below
    assert value(figures, "sykefravaer_prosent", "2018", "Organisasjon og utvikling") < 7.0


def test_first_half_year_is_sicker_than_the_second(figures):
    """Half-years differ as they usually do, while the years hit their targets."""
    for year in (2017, 2018):
        assert value(figures, "sykefravaer_prosent", f"{year}H1") > value(figures, "sykefravaer_prosent", f"{year}H2")


def test_workforce_on_the_status_date_matches_the_published_counts(figures, ref):
    """Årsverk and persons on 31.12.2018 within 0.5 %."""
    wf = ref["workforce_2018"]
    for metric in ("arsverk_fast", "personer_fast", "timelonnede_personer", "personer_totalt"):
        got = value(figures, metric, "2018-12-31")
        assert close_rel(got, wf[metric], ref), (metric, got, wf[metric])


def test_mean_ages_match_the_published_ones(figures, ref):
    """Mean age 44.9 (M 43.7, K 45.4) in 2018 and 45.1 in 2016."""
    ages = ref["workforce_2018"]["gjennomsnittsalder"]
    assert close_pp(value(figures, "gjennomsnittsalder", "2018-12-31"), ages["alle"], ref)
    for g in ("M", "K"):
        assert close_pp(value(figures, "gjennomsnittsalder", "2018-12-31", gruppe=g), ages[g], ref)
    assert close_pp(
        value(figures, "gjennomsnittsalder", "2016-12-31"), ref["workforce_2018"]["gjennomsnittsalder_2016"], ref
    )


def test_turnover_matches_the_published_rates(figures, ref):
    """Turnover 2017 and 2018, in total and for Oppvekst barnehage and Tekniske tjenester."""
    for year in ("2017", "2018"):
        for area, expected in ref["turnover_prosent"][year].items():
            got = value(figures, "turnover_prosent", year, area)
            assert close_pp(got, expected, ref), (year, area, got, expected)


def test_recruitment_matches_the_published_postings(figures, ref):
    """2280 posts in 2018 and the applicants per post 2014–2018."""
    assert close_rel(
        value(figures, "utlyste_stillinger", "2018"), ref["recruitment"]["utlyste_stillinger"]["2018"], ref
    )
    for year, expected in ref["recruitment"]["sokere_per_stilling"].items():
        got = value(figures, "sokere_per_stilling", str(year))
        assert close_rel(got, expected, ref), (year, got)


def test_competence_shares_match_the_published_ones(figures, ref):
    """Årsverk by competence group (apprentices left out) and the skilled shares of OB and PO."""
    comp = ref["competence_2018"]
    for group, expected in comp["kompetanse_andel_prosent"].items():
        got = value(figures, "kompetanse_andel_prosent", "2018-12-31", gruppe=group)
        assert close_pp(got, expected, ref), (group, got)
    for area, expected in comp["andel_faglaerte_prosent"].items():
        got = value(figures, "andel_faglaerte_prosent", "2018-12-31", area)
        assert close_pp(got, expected, ref), (area, got)


def test_apprentice_counts_match_the_published_series(figures, ref):
    """Distinct apprentices on 31.12 for 2013–2018."""
    for year, expected in ref["competence_2018"]["laerlinger"].items():
        assert value(figures, "laerlinger", f"{year}-12-31") == expected, year


def test_full_time_and_part_time_shares_match(figures, ref):
    """Full-time 53/57 % and part-time under 80 % 36..31 % of persons with a monthly-paid employment."""
    ft = ref["full_time_part_time"]
    for year, expected in ft["andel_heltid_prosent"].items():
        assert close_pp(value(figures, "andel_heltid_prosent", f"{year}-12-31"), expected, ref), year
    for year, expected in ft["andel_deltid_under_80_prosent"].items():
        assert close_pp(value(figures, "andel_deltid_under_80_prosent", f"{year}-12-31"), expected, ref), year


def test_immigrant_background_tables_match(figures, ref):
    """Årsverk, men, women and share by area (Øvrige = PMK + OU) for 2017 and 2018."""
    for year, table in ref["immigrant_background"].items():
        status = f"{year}-12-31"
        for area, row in table.items():
            areas = OVRIGE if area == "Øvrige" else (area,)
            arsverk = sum(value(figures, "minoritet_arsverk", status, a) for a in areas)
            menn = sum(value(figures, "minoritet_menn", status, a) for a in areas)
            kvinner = sum(value(figures, "minoritet_kvinner", status, a) for a in areas)
            assert close_rel(arsverk, row["arsverk"], ref), (year, area, arsverk)
            assert close_rel(menn, row["menn"], ref), (year, area, menn)
            assert close_rel(kvinner, row["kvinner"], ref), (year, area, kvinner)
            if area == "Øvrige":
                total = sum(
                    value(figures, "minoritet_arsverk", status, a)
                    / value(figures, "minoritet_andel_prosent", status, a)
                    for a in areas
                )
                share = 100 * arsverk / (100 * total)
            else:
                share = value(figures, "minoritet_andel_prosent", status, area)
            assert close_pp(share, row["andel_prosent"], ref), (year, area, share)
