-- Age and gender of persons with a MAANED employment on a status date (DEFINITIONS.md "Age and gender").
-- Grain: one row per gender and age band, with exact sums (persons, completed years, stillingsprosent).
-- Reads the aggregate view rpt_alder_status (sql/views/rpt_alder_status.sql),
-- which holds every year-end (31.12): :dato is a year-end.
with status as (
    select kjonn, aldersgruppe, personer, sum_alder, sum_pst
    from rpt_alder_status
    where kommunenummer = :kommunenummer
      and status_dato = cast(:dato as date)
)

select kjonn, aldersgruppe, personer, sum_alder, sum_pst
from status
