-- Grain: one row per municipality and year with postings (postings are not persons).
-- For: the recruitment figures (sql/marts/fct_rekruttering.sql). Aggregate, granted to the reporting
-- role.
create or replace view rpt_rekruttering as
select kommunenummer, aar, count(*) as utlysninger, sum(antall_stillinger) as stillinger,
       sum(antall_sokere) as sokere
from int_utlysning
group by kommunenummer, aar;
