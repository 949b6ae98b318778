-- Grain: one row per municipality, status date, area and kompetansegruppe, with subtotals per area
-- (alle_grupper = 1), per group (er_total = 1) and for the whole municipality (both 1).
-- For: the competence figures (sql/marts/fct_kompetanse_status.sql). Aggregate, granted to the reporting
-- role.
create or replace view rpt_kompetanse_status as
select kommunenummer, status_dato, 0 as er_total, 0 as alle_grupper, omrade, kompetansegruppe,
       sum(stillingsprosent) as sum_pst, count(distinct person_id) as personer
from person_kompetanse_status
group by kommunenummer, status_dato, omrade, kompetansegruppe
union all
select kommunenummer, status_dato, 0, 1, omrade, cast(null as text),
       sum(stillingsprosent), count(distinct person_id)
from person_kompetanse_status
group by kommunenummer, status_dato, omrade
union all
select kommunenummer, status_dato, 1, 0, cast(null as text), kompetansegruppe,
       sum(stillingsprosent), count(distinct person_id)
from person_kompetanse_status
group by kommunenummer, status_dato, kompetansegruppe
union all
select kommunenummer, status_dato, 1, 1, cast(null as text), cast(null as text),
       sum(stillingsprosent), count(distinct person_id)
from person_kompetanse_status
group by kommunenummer, status_dato;
