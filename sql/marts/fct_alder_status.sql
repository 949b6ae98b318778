-- Age and gender of persons with a MAANED employment on a status date (DEFINITIONS.md "Age and gender").
-- Grain: one row per gender and age band, with exact sums (persons, completed years, stillingsprosent).
with active as (
    select person_id, kjonn, fodselsdato, stillingsprosent
    from int_arbeidsforhold_omrade
    where kommunenummer = :kommunenummer
      and lonnsform = 'MAANED'
      and fra_dato <= :dato and :dato <= til_dato
),

persons as (
    select person_id, min(kjonn) as kjonn, min(fodselsdato) as fodselsdato, sum(stillingsprosent) as pst
    from active
    group by person_id
),

ages as (
    -- completed years: the birthday counts on the day itself (born 31.12 is a year older on 31.12);
    -- someone born 29 February has their birthday on 1 March in other years.
    select person_id, kjonn, pst,
           cast(extract(year from cast(:dato as date)) as integer) - cast(extract(year from fodselsdato) as integer)
           - case
                 when cast(extract(month from fodselsdato) as integer) * 100 + cast(extract(day from fodselsdato) as integer)
                      > cast(extract(month from cast(:dato as date)) as integer) * 100
                        + cast(extract(day from cast(:dato as date)) as integer)
                 then 1 else 0
             end as alder
    from persons
),

banded as (
    select person_id, kjonn, pst, alder,
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
),

summed as (
    select kjonn, aldersgruppe, count(*) as personer, sum(alder) as sum_alder, sum(pst) as sum_pst
    from banded
    group by kjonn, aldersgruppe
)

select kjonn, aldersgruppe, personer, sum_alder, sum_pst
from summed
