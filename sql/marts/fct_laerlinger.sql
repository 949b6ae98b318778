-- Apprentices on every year-end from :fra_dato to :dato (DEFINITIONS.md "Competence": any lonnsform).
-- Grain: one row per year-end with any active employment (0 apprentices is a figure, not a gap).
with year_ends as (
    select dato as status_dato
    from dim_kalender
    where dato between :fra_dato and :dato
      and extract(month from dato) = 12 and extract(day from dato) = 31
),

active as (
    select y.status_dato, e.person_id, k.kompetansegruppe
    from year_ends y
    join int_arbeidsforhold_omrade e
      on e.fra_dato <= y.status_dato and y.status_dato <= e.til_dato
    left join ref_stillingskode k
      on k.kommunenummer = e.kommunenummer and k.stillingskode = e.stillingskode
    where e.kommunenummer = :kommunenummer
),

counted as (
    select status_dato,
           count(distinct case when kompetansegruppe = 'LAERLING' then person_id end) as laerlinger
    from active
    group by status_dato
)

select status_dato, laerlinger
from counted
