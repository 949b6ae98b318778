-- Grain: one row per municipality, year-end (31.12), area, position code and size class of the persons
-- with a MAANED employment with that code in that area (DEFINITIONS.md "Full-time and part-time": the
-- class is the person's size over all their MAANED employments), with the persons and the exact sum of
-- the stillingsprosent of those employments (årsverk x 100, to rank the codes of an area).
-- For: the care areas' full-time shares by position (sql/marts/fct_heltid_omsorg.sql). Aggregate,
-- granted to the reporting role.
create or replace view rpt_heltid_stilling_status as
with jobs as (
    select kommunenummer, status_dato, omrade, stillingskode, person_id, sum(stillingsprosent) as pst
    from person_arbeidsforhold_status
    where lonnsform = 'MAANED'
    group by kommunenummer, status_dato, omrade, stillingskode, person_id
),

classed as (
    select j.kommunenummer, j.status_dato, j.omrade, j.stillingskode, j.pst,
           case when s.storrelse >= 100 then 'HELTID' when s.storrelse >= 80 then '80_99' else 'UNDER_80' end as klasse
    from jobs j
    join person_stillingsstorrelse_status s
      on s.kommunenummer = j.kommunenummer and s.status_dato = j.status_dato and s.person_id = j.person_id
)

select kommunenummer, status_dato, omrade, stillingskode, klasse, count(*) as personer, sum(pst) as sum_pst
from classed
group by kommunenummer, status_dato, omrade, stillingskode, klasse;
