-- The units a measure (referanse/tiltak.csv) may name: the municipality itself (its number or the root,
-- level 1, of the current organisasjon snapshot) and the snapshot's level-2 areas. One row per code.
with units as (
    select org_enhet
    from stg_organisasjon
    where kommunenummer = :kommunenummer
      and niva in (1, 2)
)

select distinct org_enhet
from units
union
select cast(:kommunenummer as text) as org_enhet
from stg_organisasjon
where kommunenummer = :kommunenummer
order by org_enhet
