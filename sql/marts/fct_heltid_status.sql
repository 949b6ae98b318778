-- Full-time and part-time on every year-end from :fra_dato to :dato (DEFINITIONS.md "Full-time and part-time").
-- Grain: one row per year-end and size class (HELTID >= 100, 80_99, UNDER_80), with the number of persons
-- and the exact sum of their position sizes capped at 100.
with year_ends as (
    select dato as status_dato
    from dim_kalender
    where dato between :fra_dato and :dato
      and extract(month from dato) = 12 and extract(day from dato) = 31
),

active as (
    select y.status_dato, e.person_id, e.stillingsprosent
    from year_ends y
    join int_arbeidsforhold_omrade e
      on e.fra_dato <= y.status_dato and y.status_dato <= e.til_dato
    where e.kommunenummer = :kommunenummer
      and e.lonnsform = 'MAANED'
),

sizes as (
    -- the size is the sum over the person's MAANED employments: two 60 % jobs make a full-time person
    select status_dato, person_id, sum(stillingsprosent) as storrelse
    from active
    group by status_dato, person_id
),

classed as (
    select status_dato,
           case when storrelse >= 100 then 'HELTID' when storrelse >= 80 then '80_99' else 'UNDER_80' end as klasse,
           case when storrelse > 100 then 100 else storrelse end as storrelse_tak
    from sizes
),

summed as (
    select status_dato, klasse, count(*) as personer, sum(storrelse_tak) as sum_storrelse
    from classed
    group by status_dato, klasse
)

select status_dato, klasse, personer, sum_storrelse
from summed
