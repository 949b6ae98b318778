-- Grain: one row per status date, area and person working there, with the flags of DEFINITIONS.md
-- "Workforce on the status date".
-- For: rpt_arsverk_status. Person-level helper, granted to nobody.
create or replace view person_arsverk as
with person_anywhere as (
    -- "no active MAANED employment" is a property of the person in the whole municipality, so an hourly
    -- job in one area does not make a monthly-paid person "timelønnet" there.
    select kommunenummer, status_dato, person_id,
           max(case when lonnsform = 'MAANED' then 1 else 0 end) as har_maaned
    from person_arbeidsforhold_status
    group by kommunenummer, status_dato, person_id
),

person_area as (
    -- one row per person and area: a person counts once in each area they work in
    select kommunenummer, status_dato, omrade, person_id,
           sum(case when lonnsform = 'MAANED' and ansettelsesform = 'FAST' then stillingsprosent else 0 end) as pst_fast,
           sum(case when lonnsform = 'MAANED' and ansettelsesform = 'MIDLERTIDIG' then stillingsprosent else 0 end) as pst_midlertidig,
           max(case when lonnsform = 'MAANED' and ansettelsesform = 'FAST' then 1 else 0 end) as er_fast,
           max(case when lonnsform = 'MAANED' and ansettelsesform = 'MIDLERTIDIG' then 1 else 0 end) as er_midlertidig,
           max(case when lonnsform = 'MAANED' then 1 else 0 end) as er_maaned,
           max(case when lonnsform = 'TIME' then 1 else 0 end) as er_time
    from person_arbeidsforhold_status
    group by kommunenummer, status_dato, omrade, person_id
)

select pa.kommunenummer, pa.status_dato, pa.omrade, pa.person_id, pa.pst_fast, pa.pst_midlertidig, pa.er_fast,
       pa.er_midlertidig, pa.er_maaned,
       case when pa.er_time = 1 and p.har_maaned = 0 then 1 else 0 end as er_timelonnet
from person_area pa
join person_anywhere p
  on p.kommunenummer = pa.kommunenummer and p.status_dato = pa.status_dato and p.person_id = pa.person_id;
