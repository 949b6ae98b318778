-- Grain: one row per municipality and year-end (31.12) with any active employment: the number of
-- apprentices (any lonnsform, DEFINITIONS.md "Competence"); 0 apprentices is a figure, not a gap.
-- For: sql/marts/fct_laerlinger.sql. Aggregate, granted to the reporting role.
create or replace view rpt_laerlinger_status as
with active as (
    select e.kommunenummer, e.status_dato, e.person_id, k.kompetansegruppe
    from person_arbeidsforhold_status e
    left join ref_stillingskode k
      on k.kommunenummer = e.kommunenummer and k.stillingskode = e.stillingskode
)

select kommunenummer, status_dato,
       count(distinct case when kompetansegruppe = 'LAERLING' then person_id end) as laerlinger
from active
group by kommunenummer, status_dato;
