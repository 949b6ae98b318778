-- Payroll cost for year :aar (DEFINITIONS.md "Pay and gender": Σ belop of all lines, corrections included).
-- Grain: one row per area (of the employment on the 15th of the line's month), plus the whole municipality
-- (er_total = 1). Lines of employments unknown to the HR extract count only in the total (omrade empty).
-- Reads the aggregate view rpt_lonnskostnad (sql/views/rpt_lonnskostnad.sql).
with summed as (
    select er_total, omrade, sum_belop, personer
    from rpt_lonnskostnad
    where kommunenummer = :kommunenummer
      and aar = :aar
)

select er_total, omrade, sum_belop, personer
from summed
