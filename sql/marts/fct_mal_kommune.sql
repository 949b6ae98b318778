-- Targets for the whole municipality (referanse/mal.csv rows on the root unit, i.e. not on a level-2 area).
-- Grain: one row per year and indicator.
with areas as (
    select distinct omrade
    from rpt_omrade_navn
    where kommunenummer = :kommunenummer
),

targets as (
    select m.aar, m.indikator, m.verdi
    from ref_mal m
    left join areas a on a.omrade = m.org_enhet
    where m.kommunenummer = :kommunenummer
      and a.omrade is null
)

select aar, indikator, verdi
from targets
