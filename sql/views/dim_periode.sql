-- Grain: one row per calendar period (year, half-year, quarter) of dim_kalender: its first and last day
-- and its length in months.
-- For: the grid of calendar periods the period views are defined over (a view takes no parameters, so
-- the marts filter on fra/til); read by dim_periode_fravaer and person_turnover. Granted to nobody.
create or replace view dim_periode as
with paired as (
    -- a period of 3, 6 or 12 months starts on the first day of a month that is a multiple of its length
    -- (Q1-Q4, H1-H2, the year) and ends on the last day of a month of the same year; no CTE is read twice,
    -- so a filter on fra and til reaches dim_kalender's primary key
    select s.dato as fra, e.dato as til,
           cast(extract(month from e.dato) as integer) - cast(extract(month from s.dato) as integer) + 1 as maaneder,
           cast(extract(month from s.dato) as integer) as start_mnd
    from dim_kalender s
    join dim_kalender e
      on extract(year from e.dato) = extract(year from s.dato)
     and e.dato > s.dato
    where extract(day from s.dato) = 1
      and extract(day from e.dato + 1) = 1
)

select fra, til, maaneder
from paired
where maaneder in (3, 6, 12)
  and mod(start_mnd - 1, maaneder) = 0;
