"""The reports' own names for figures: "Sykefravær, totalt 2. halvår 2018 (kvinner)", not
"sykefravaer_prosent 2018H2 (K)".

One vocabulary for everything a reader sees outside a report's tables: the revision lines of
`hr backfill` and the publish log (hr/publish_log.py), the headline table artifact of a run
(flows/artifacts.py) and the annual chapter's indicator table (reports/medarbeidere.py). The metric
keys are the compute step's (docs/definisjoner.md); an unknown key is shown as it is.
"""

from __future__ import annotations

from datetime import date

from hr.metrics.medarbeidere import AGE_BANDS

# What the reports call each metric (bokmål); the indicator table of the annual chapter uses the first four.
METRIC_LABELS = {
    "sykefravaer_prosent": "Sykefravær, totalt",
    "andel_deltid_under_80_prosent": "Andel deltid (under 80 %)",
    "sokere_per_stilling": "Søkere per utlyst stilling",
    "turnover_prosent": "Turnover",
    "sykefravaer_korttid_prosent": "Sykefravær, korttid",
    "sykefravaer_langtid_prosent": "Sykefravær, langtid",
    "sykefravaer_egenmeldt_prosent": "Egenmeldt sykefravær",
    "sykefravaer_legemeldt_prosent": "Legemeldt sykefravær",
    "sykefravaer_mal_prosent": "Mål for sykefravær",
    "sykefravaer_varighet_prosent": "Sykefravær etter varighet",
    "sykefravaer_rullerende_12m_prosent": "Sykefravær, siste 12 måneder",
    "sykefravaer_ia_mal_prosent": "IA-mål for sykefravær",
    "sykefravaer_tapte_dagsverk": "Tapte dagsverk",
    "sykefravaer_avtalte_dagsverk": "Avtalte dagsverk",
    "sykefravaer_tapte_arsverk": "Tapte årsverk",
    "sykefravaer_kostnad_kroner": "Kostnad ved sykefravær (kr)",
    "arsverk": "Årsverk",
    "arsverk_fast": "Årsverk, faste",
    "arsverk_midlertidig": "Årsverk, midlertidige",
    "arsverk_aldersgruppe": "Årsverk etter alder",
    "personer_totalt": "Ansatte i alt",
    "personer_fast": "Faste ansatte",
    "personer_midlertidig": "Midlertidig ansatte",
    "personer_maanedslonnet": "Ansatte med månedslønn",
    "timelonnede_personer": "Timelønnede",
    "andel_heltid_prosent": "Andel heltid",
    "andel_80_99_prosent": "Andel deltid 80–99 %",
    "gjennomsnittlig_stillingsstorrelse": "Gjennomsnittlig stillingsstørrelse",
    "gjennomsnittsalder": "Gjennomsnittsalder",
    "avganger": "Avganger",
    "utlyste_stillinger": "Utlyste stillinger",
    "andel_faglaerte_prosent": "Andel faglærte",
    "kompetanse_andel_prosent": "Kompetanse, andel av årsverk",
    "laerlinger": "Lærlinger",
    "laerlinger_per_1000_innbyggere": "Lærlinger per 1 000 innbyggere",
    "nye_pensjoner": "Nye pensjoner",
    "nye_pensjoner_leverandor": "Nye pensjoner etter leverandør",
    "minoritet_arsverk": "Årsverk, innvandrere",
    "minoritet_andel_prosent": "Andel innvandrere",
    "minoritet_andel_ledere_prosent": "Andel innvandrere blant ledere",
    "minoritet_kvinner": "Kvinner som er innvandrere",
    "minoritet_menn": "Menn som er innvandrere",
    "lonn_kvinner_andel_av_menn_prosent": "Kvinners grunnlønn i prosent av menns",
    "lonnskostnad_kroner": "Lønnskostnad (kr)",
}
# The annual chapter's indicator rows: the group is the indicator's metric.
INDICATOR_LABELS = {
    "kpi": "",
    "kpi_mal": "mål",
    "kpi_trend_3aar": "trend over tre år",
    "kpi_maal_retning": "målets retning",
}

# Competence groups and age bands as the tables name them (both reports, revision lines).
COMPETENCE_NAMES = {
    "UFAGLAERT": "Ufaglærte",
    "FAGARBEIDER": "Fagarbeidere",
    "HOYSKOLE": "Høyskole/universitet",
    "LAERLING": "Lærlinger",
    "UKJENT": "Ukjent kode",
}
AGE_NAMES = {
    b: ("67 år og eldre" if b == "67+" else b.replace("<", "under ").replace("-", "–") + " år") for b in AGE_BANDS
}

# Groups as the reports name them (gender, competence, pension type, provider, age band, duration).
GROUP_LABELS = {
    "K": "kvinner",
    "M": "menn",
    **{g: COMPETENCE_NAMES[g].lower() for g in ("UFAGLAERT", "FAGARBEIDER", "HOYSKOLE", "LAERLING")},
    "gradert": "graderte",
    "AFP": "AFP",
    "ALDER": "alderspensjon",
    "UFORE": "uførepensjon",
    "OPPSIGELSE": "sa opp selv",
    "PENSJON": "pensjon",
    "DOD": "dødsfall",
    "ANNET": "annet",
    "UKJENT": "ukjent",
    "<25": AGE_NAMES["<25"],
    "67+": AGE_NAMES["67+"],
    "57+": "57 dager eller mer",
}
_DURATIONS = {"1-3", "4-16", "17-56"}


def metric_label(metric: str) -> str:
    return METRIC_LABELS.get(metric, metric)


def group_label(gruppe: str) -> str:
    """'K' -> 'kvinner', '25-34|M' -> '25–34 år, menn', 'alder:<25' -> 'under 25 år', '4-16' -> '4–16 dager'."""
    parts = []
    for part in gruppe.split("|"):
        part = part.removeprefix("alder:")
        if part in GROUP_LABELS:
            parts.append(GROUP_LABELS[part])
        elif part in _DURATIONS:
            parts.append(part.replace("-", "–") + " dager")
        elif part[:1].isdigit() and "-" in part:
            parts.append(part.replace("-", "–") + " år")
        else:
            parts.append(part)
    return ", ".join(parts)


def period_label(code: str) -> str:
    """'2018H2' -> '2. halvår 2018', '2018Q3' -> '3. kvartal 2018', '2018-12-31' -> 'per 31.12.2018'."""
    from hr.periods import Period
    from reports.format import dato

    try:
        return f"per {dato(date.fromisoformat(code))}"
    except ValueError:
        pass
    try:
        return Period.parse(code).label_nb()
    except Exception:  # noqa: BLE001 - a period text the reports do not know: as it is
        return code


def figure_label(metric: str, period: str | None = None, gruppe: str = "") -> str:
    """A figure by the reports' names: 'Sykefravær, totalt 2. halvår 2018 (kvinner)'."""
    if metric in INDICATOR_LABELS and gruppe:
        what = metric_label(gruppe) + (f", {INDICATOR_LABELS[metric]}" if INDICATOR_LABELS[metric] else "")
        gruppe = ""
    else:
        what = metric_label(metric)
    if period:
        what += f" {period_label(period)}"
    return what + (f" ({group_label(gruppe)})" if gruppe else "")
