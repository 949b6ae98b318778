-- Workforce on a status date (DEFINITIONS.md "Workforce on the status date").
-- Grain: one row per area with active employments, plus one row for the whole municipality (er_total = 1).
-- Sums are exact sums of stillingsprosent; Python divides by 100.
with active as (
    select person_id, omrade, lonnsform, ansettelsesform, stillingsprosent
    from int_arbeidsforhold_omrade
    where kommunenummer = :kommunenummer
      and fra_dato <= :dato and :dato <= til_dato
),

person_anywhere as (
    -- "no active MAANED employment" is a property of the person in the whole municipality, so an hourly
    -- job in one area does not make a monthly-paid person "timelønnet" there.
    select person_id, max(case when lonnsform = 'MAANED' then 1 else 0 end) as har_maaned
    from active
    group by person_id
),

person_area as (
    -- one row per person and area: a person counts once in each area they work in
    select omrade, person_id,
           sum(case when lonnsform = 'MAANED' and ansettelsesform = 'FAST' then stillingsprosent else 0 end) as pst_fast,
           sum(case when lonnsform = 'MAANED' and ansettelsesform = 'MIDLERTIDIG' then stillingsprosent else 0 end) as pst_midlertidig,
           max(case when lonnsform = 'MAANED' and ansettelsesform = 'FAST' then 1 else 0 end) as er_fast,
           max(case when lonnsform = 'MAANED' and ansettelsesform = 'MIDLERTIDIG' then 1 else 0 end) as er_midlertidig,
           max(case when lonnsform = 'MAANED' then 1 else 0 end) as er_maaned,
           max(case when lonnsform = 'TIME' then 1 else 0 end) as er_time
    from active
    group by omrade, person_id
),

flagged as (
    select pa.omrade, pa.person_id, pa.pst_fast, pa.pst_midlertidig, pa.er_fast, pa.er_midlertidig,
           pa.er_maaned, case when pa.er_time = 1 and p.har_maaned = 0 then 1 else 0 end as er_timelonnet
    from person_area pa
    join person_anywhere p on p.person_id = pa.person_id
),

summed as (
    select grouping(omrade) as er_total, omrade,
           sum(pst_fast) as sum_pst_fast,
           sum(pst_midlertidig) as sum_pst_midlertidig,
           count(distinct case when er_fast = 1 then person_id end) as personer_fast,
           count(distinct case when er_midlertidig = 1 then person_id end) as personer_midlertidig,
           count(distinct case when er_maaned = 1 then person_id end) as personer_maanedslonnet,
           count(distinct case when er_timelonnet = 1 then person_id end) as timelonnede_personer,
           count(distinct person_id) as personer_totalt
    from flagged
    group by grouping sets ((omrade), ())
)

select er_total, omrade, sum_pst_fast, sum_pst_midlertidig, personer_fast, personer_midlertidig,
       personer_maanedslonnet, timelonnede_personer, personer_totalt
from summed
