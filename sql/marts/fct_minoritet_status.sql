-- Immigrant background on a status date, MAANED employments (DEFINITIONS.md "Immigrant background").
-- Grain: one row per area, plus the whole municipality (er_total = 1); persons count once per row.
-- Reads the aggregate view rpt_minoritet_status (sql/views/rpt_minoritet_status.sql),
-- which holds every year-end (31.12): :dato is a year-end.
with status as (
    select er_total, omrade, sum_pst, sum_pst_minoritet, personer, personer_minoritet, menn, kvinner,
           ledere, ledere_minoritet
    from rpt_minoritet_status
    where kommunenummer = :kommunenummer
      and status_dato = cast(:dato as date)
)

select er_total, omrade, sum_pst, sum_pst_minoritet, personer, personer_minoritet, menn, kvinner,
       ledere, ledere_minoritet
from status
