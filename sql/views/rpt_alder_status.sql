-- Grain: one row per municipality, status date, gender and age band of persons with a MAANED employment
-- (DEFINITIONS.md "Age and gender"), with exact sums (persons, completed years, stillingsprosent).
-- For: the age and gender figures (sql/marts/fct_alder_status.sql). Aggregate, granted to the reporting
-- role.
create or replace view rpt_alder_status as
with persons as (
    select kommunenummer, status_dato, person_id, min(kjonn) as kjonn, min(fodselsdato) as fodselsdato,
           sum(stillingsprosent) as pst
    from person_arbeidsforhold_status
    where lonnsform = 'MAANED'
    group by kommunenummer, status_dato, person_id
),

ages as (
    -- completed years: the birthday counts on the day itself (born 31.12 is a year older on 31.12);
    -- someone born 29 February has their birthday on 1 March in other years.
    select kommunenummer, status_dato, person_id, kjonn, pst,
           cast(extract(year from status_dato) as integer) - cast(extract(year from fodselsdato) as integer)
           - case
                 when cast(extract(month from fodselsdato) as integer) * 100 + cast(extract(day from fodselsdato) as integer)
                      > cast(extract(month from status_dato) as integer) * 100
                        + cast(extract(day from status_dato) as integer)
                 then 1 else 0
             end as alder
    from persons
),

banded as (
    select kommunenummer, status_dato, kjonn, pst, alder,
           case
               when alder < 25 then '<25'
               when alder <= 34 then '25-34'
               when alder <= 44 then '35-44'
               when alder <= 54 then '45-54'
               when alder <= 61 then '55-61'
               when alder <= 66 then '62-66'
               else '67+'
           end as aldersgruppe
    from ages
)

select kommunenummer, status_dato, kjonn, aldersgruppe, count(*) as personer, sum(alder) as sum_alder,
       sum(pst) as sum_pst
from banded
group by kommunenummer, status_dato, kjonn, aldersgruppe;
