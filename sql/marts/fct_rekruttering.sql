-- Recruitment per year from :fra_aar to :til_aar (DEFINITIONS.md "Recruitment").
-- Grain: one row per year with postings.
with postings as (
    select aar, antall_stillinger, antall_sokere
    from int_utlysning
    where kommunenummer = :kommunenummer
      and aar between :fra_aar and :til_aar
),

summed as (
    select aar, count(*) as utlysninger, sum(antall_stillinger) as stillinger, sum(antall_sokere) as sokere
    from postings
    group by aar
)

select aar, utlysninger, stillinger, sokere
from summed
