-- Recruitment per year from :fra_aar to :til_aar (DEFINITIONS.md "Recruitment").
-- Grain: one row per year with postings. Reads the aggregate view rpt_rekruttering
-- (sql/views/rpt_rekruttering.sql).
with summed as (
    select aar, utlysninger, stillinger, sokere
    from rpt_rekruttering
    where kommunenummer = :kommunenummer
      and aar between :fra_aar and :til_aar
)

select aar, utlysninger, stillinger, sokere
from summed
