-- Full-time and part-time on every year-end from :fra_dato to :dato (DEFINITIONS.md "Full-time and part-time").
-- Grain: one row per year-end and size class (HELTID >= 100, 80_99, UNDER_80), with the number of persons
-- and the exact sum of their position sizes capped at 100. Reads the aggregate view rpt_heltid_status
-- (sql/views/rpt_heltid_status.sql), which holds every year-end.
with year_ends as (
    select status_dato, klasse, personer, sum_storrelse
    from rpt_heltid_status
    where kommunenummer = :kommunenummer
      and status_dato between cast(:fra_dato as date) and cast(:dato as date)
)

select status_dato, klasse, personer, sum_storrelse
from year_ends
