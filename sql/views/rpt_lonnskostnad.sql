-- Grain: one row per municipality, year and area (of the employment on the 15th of the line's month),
-- plus the whole municipality (er_total = 1); lines of employments unknown to the HR extract count only in
-- the total (omrade empty).
-- For: the pay costs (sql/marts/fct_lonnskostnad.sql). Aggregate, granted to the reporting role.
create or replace view rpt_lonnskostnad as
select kommunenummer, aar, 0 as er_total, omrade, sum(belop) as sum_belop, count(distinct person_id) as personer
from int_lonn
group by kommunenummer, aar, omrade
union all
select kommunenummer, aar, 1, cast(null as text), sum(belop), count(distinct person_id)
from int_lonn
group by kommunenummer, aar;
