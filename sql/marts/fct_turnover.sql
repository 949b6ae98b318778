-- Turnover for the year [:fra_dato, :til_dato] (DEFINITIONS.md "Turnover for year Y").
-- Grain: one row per area (of the person's largest MAANED + FAST employment on :fra_dato) and status:
-- BLIR for persons still MAANED + FAST on :til_dato, else the leaver's sluttarsak (or UKJENT).
-- Reads the aggregate view rpt_turnover (sql/views/rpt_turnover.sql), which holds every
-- calendar year, half-year and quarter; :fra_dato and :til_dato pick one of them.
with counted as (
    select omrade, status, personer
    from rpt_turnover
    where kommunenummer = :kommunenummer
      and fra = cast(:fra_dato as date)
      and til = cast(:til_dato as date)
)

select omrade, status, personer
from counted
