-- Workforce on a status date (DEFINITIONS.md "Workforce on the status date").
-- Grain: one row per area with active employments, plus one row for the whole municipality (er_total = 1).
-- Sums are exact sums of stillingsprosent; Python divides by 100. Reads the aggregate view
-- rpt_arsverk_status (sql/views/rpt_arsverk_status.sql), which holds every year-end (31.12).
with status as (
    select er_total, omrade, sum_pst_fast, sum_pst_midlertidig, personer_fast, personer_midlertidig,
           personer_maanedslonnet, timelonnede_personer, personer_totalt
    from rpt_arsverk_status
    where kommunenummer = :kommunenummer
      and status_dato = cast(:dato as date)
)

select er_total, omrade, sum_pst_fast, sum_pst_midlertidig, personer_fast, personer_midlertidig,
       personer_maanedslonnet, timelonnede_personer, personer_totalt
from status
