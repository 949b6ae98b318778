-- fct_sykefravaer_mal: sick-leave targets (referanse/mal.csv) for year :aar.
-- Grain: one row per org unit with a target: the root unit (er_kommunen, the whole municipality) or a
-- level-2 area. The root is the level-1 unit of the org tree; the intermediate layer holds only areas
-- and units, so the tree's root is read from staging here.
with targets as (
    select org_enhet, verdi
    from ref_mal
    where kommunenummer = :kommunenummer
      and aar = :aar
      and indikator = 'sykefravaer_prosent'
),

roots as (
    select distinct org_enhet
    from stg_organisasjon
    where kommunenummer = :kommunenummer
      and niva = 1
),

flagged as (
    select t.org_enhet, t.verdi,
           case when t.org_enhet = :kommunenummer or r.org_enhet is not null then 1 else 0 end as er_kommunen
    from targets t
    left join roots r on r.org_enhet = t.org_enhet
)

select org_enhet, verdi, er_kommunen
from flagged
