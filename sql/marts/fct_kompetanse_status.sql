-- Competence of the MAANED årsverk on a status date, apprentices left out (DEFINITIONS.md "Competence").
-- Grain: one row per area and kompetansegruppe, with subtotals per area (alle_grupper = 1), per group
-- (er_total = 1) and for the whole municipality; exact sums of stillingsprosent and distinct persons.
-- Reads the aggregate view rpt_kompetanse_status (sql/views/rpt_kompetanse_status.sql),
-- which holds every year-end (31.12): :dato is a year-end.
with status as (
    select er_total, alle_grupper, omrade, kompetansegruppe, sum_pst, personer
    from rpt_kompetanse_status
    where kommunenummer = :kommunenummer
      and status_dato = cast(:dato as date)
)

select er_total, alle_grupper, omrade, kompetansegruppe, sum_pst, personer
from status
