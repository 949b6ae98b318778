-- Payroll cost for year :aar (DEFINITIONS.md "Pay and gender": Σ belop of all lines, corrections included).
-- Grain: one row per area (of the employment on the 15th of the line's month), plus the whole municipality
-- (er_total = 1). Lines of employments unknown to the HR extract count only in the total (omrade empty).
with lines as (
    select omrade, person_id, belop
    from int_lonn
    where kommunenummer = :kommunenummer
      and aar = :aar
),

summed as (
    select grouping(omrade) as er_total, omrade, sum(belop) as sum_belop, count(distinct person_id) as personer
    from lines
    group by grouping sets ((omrade), ())
)

select er_total, omrade, sum_belop, personer
from summed
