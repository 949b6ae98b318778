-- Grain: one row per municipality, year of uttaksdato, pension type and provider.
-- For: the pension figures (sql/marts/fct_pensjon.sql). Aggregate, granted to the reporting role.
create or replace view rpt_pensjon as
select kommunenummer, aar, pensjonstype, leverandor, count(*) as antall,
       sum(case when gradert then 1 else 0 end) as antall_gradert
from int_pensjon
group by kommunenummer, aar, pensjonstype, leverandor;
