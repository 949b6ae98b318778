-- Grain: one row per sick-leave period: the calendar periods of dim_periode and the rolling 12 months
-- ending with the last day of a quarter (DEFINITIONS.md `sykefravaer_rullerende_12m_prosent`), those that are
-- not a calendar year (the 12 months ending with Q4 are the year, already in dim_periode): April-March,
-- July-June and October-September.
-- For: the grid of person_sykefravaer_dagsverk. A filter on fra and til reaches dim_kalender's key in both
-- branches. Granted to nobody.
create or replace view dim_periode_fravaer as
select fra, til, maaneder
from dim_periode
union all
select s.dato as fra, e.dato as til, 12 as maaneder
from dim_kalender s
join dim_kalender e
  on extract(year from e.dato) = extract(year from s.dato) + 1
 and cast(extract(month from e.dato) as integer) = cast(extract(month from s.dato) as integer) - 1
where extract(day from s.dato) = 1
  and extract(day from e.dato + 1) = 1
  and cast(extract(month from s.dato) as integer) in (4, 7, 10);
