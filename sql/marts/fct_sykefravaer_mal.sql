-- fct_sykefravaer_mal: sick-leave targets (referanse/mal.csv) for year :aar.
-- Grain: one row per org unit with a target: the root unit (er_kommunen, the whole municipality) or a
-- level-2 area. The root is the level-1 unit of the org tree (rpt_org_rot, read from staging by the view).
with targets as (
    select org_enhet, verdi
    from ref_mal
    where kommunenummer = :kommunenummer
      and aar = :aar
      and indikator = 'sykefravaer_prosent'
),

roots as (
    select org_enhet
    from rpt_org_rot
    where kommunenummer = :kommunenummer
),

flagged as (
    select t.org_enhet, t.verdi,
           case when t.org_enhet = :kommunenummer or r.org_enhet is not null then 1 else 0 end as er_kommunen
    from targets t
    left join roots r on r.org_enhet = t.org_enhet
)

select org_enhet, verdi, er_kommunen
from flagged
