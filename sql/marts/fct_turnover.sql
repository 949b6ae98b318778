-- Turnover for the year [:fra_dato, :til_dato] (DEFINITIONS.md "Turnover for year Y").
-- Grain: one row per area (of the person's largest MAANED + FAST employment on :fra_dato) and status:
-- BLIR for persons still MAANED + FAST on :til_dato, else the leaver's sluttarsak (or UKJENT).
with fast as (
    select person_id, arbeidsforhold_id, omrade, stillingsprosent, fra_dato, til_dato
    from int_arbeidsforhold_omrade
    where kommunenummer = :kommunenummer
      and lonnsform = 'MAANED' and ansettelsesform = 'FAST'
),

base_ranked as (
    select person_id, omrade,
           row_number() over (partition by person_id order by stillingsprosent desc, arbeidsforhold_id) as rang
    from fast
    where fra_dato <= :fra_dato and :fra_dato <= til_dato
),

base as (
    select person_id, omrade
    from base_ranked
    where rang = 1
),

still_fast as (
    -- any MAANED + FAST employment on the last day, in any unit or area: internal moves are not turnover
    select distinct person_id
    from fast
    where fra_dato <= :til_dato and :til_dato <= til_dato
),

ended_ranked as (
    -- the person's last ended employment in the year; on the same day a stated reason wins over none
    select person_id, sluttarsak,
           row_number() over (
               partition by person_id
               order by slutt_dato desc, case when sluttarsak is null then 1 else 0 end, arbeidsforhold_id
           ) as rang
    from int_arbeidsforhold_slutt
    where kommunenummer = :kommunenummer
      and slutt_dato between :fra_dato and :til_dato
),

last_end as (
    select person_id, sluttarsak
    from ended_ranked
    where rang = 1
),

classified as (
    select b.person_id, b.omrade,
           case when s.person_id is not null then 'BLIR' else coalesce(l.sluttarsak, 'UKJENT') end as status
    from base b
    left join still_fast s on s.person_id = b.person_id
    left join last_end l on l.person_id = b.person_id
),

counted as (
    select omrade, status, count(*) as personer
    from classified
    group by omrade, status
)

select omrade, status, personer
from counted
