-- Grain: one row per calendar period (dim_periode) and person with a MAANED + FAST employment on its
-- first day: the area of the largest such employment and the person's status on its last day
-- (DEFINITIONS.md "Turnover for year Y"): BLIR when still MAANED + FAST anywhere, else the reason of the
-- last employment ended in the period (or UKJENT).
-- For: rpt_turnover. Person-level helper, granted to nobody.
create or replace view person_turnover as
with fast as (
    select kommunenummer, person_id, arbeidsforhold_id, omrade, stillingsprosent, fra_dato, til_dato
    from int_arbeidsforhold_omrade
    where lonnsform = 'MAANED' and ansettelsesform = 'FAST'
),

base_ranked as (
    select f.kommunenummer, p.fra, p.til, f.person_id, f.omrade,
           row_number() over (
               partition by f.kommunenummer, p.fra, p.til, f.person_id
               order by f.stillingsprosent desc, f.arbeidsforhold_id
           ) as rang
    from dim_periode p
    join fast f on f.fra_dato <= p.fra and p.fra <= f.til_dato
),

base as (
    select kommunenummer, fra, til, person_id, omrade
    from base_ranked
    where rang = 1
),

still_fast as (
    -- any MAANED + FAST employment on the last day, in any unit or area: internal moves are not turnover
    select distinct f.kommunenummer, p.fra, p.til, f.person_id
    from dim_periode p
    join fast f on f.fra_dato <= p.til and p.til <= f.til_dato
),

ended_ranked as (
    -- the person's last ended employment in the period; on the same day a stated reason wins over none
    select s.kommunenummer, p.fra, p.til, s.person_id, s.sluttarsak,
           row_number() over (
               partition by s.kommunenummer, p.fra, p.til, s.person_id
               order by s.slutt_dato desc, case when s.sluttarsak is null then 1 else 0 end, s.arbeidsforhold_id
           ) as rang
    from dim_periode p
    join int_arbeidsforhold_slutt s on s.slutt_dato between p.fra and p.til
),

last_end as (
    select kommunenummer, fra, til, person_id, sluttarsak
    from ended_ranked
    where rang = 1
),

-- The three facts per person are stacked and grouped instead of joined: PostgreSQL estimates the
-- period-range joins above at a row or two and would then rescan last_end once per base person.
keyed as (
    select kommunenummer, fra, til, person_id, omrade, 1 as i_base, 0 as i_fast, cast(null as text) as sluttarsak
    from base
    union all
    select kommunenummer, fra, til, person_id, cast(null as text), 0, 1, cast(null as text)
    from still_fast
    union all
    select kommunenummer, fra, til, person_id, cast(null as text), 0, 0, sluttarsak
    from last_end
),

per_person as (
    select kommunenummer, fra, til, person_id,
           max(omrade) as omrade, max(i_base) as i_base, max(i_fast) as i_fast, max(sluttarsak) as sluttarsak
    from keyed
    group by kommunenummer, fra, til, person_id
)

select kommunenummer, fra, til, person_id, omrade,
       case when i_fast = 1 then 'BLIR' else coalesce(sluttarsak, 'UKJENT') end as status
from per_person
where i_base = 1;
