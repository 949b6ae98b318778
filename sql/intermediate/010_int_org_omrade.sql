-- int_org_omrade: one row per org unit row with its level-2 area (see sql/schema/040_intermediate.sql).
delete from int_org_omrade where kommunenummer = :kommunenummer;

insert into int_org_omrade (kommunenummer, org_enhet, omrade, gyldig_fra, gyldig_til)
with org as (
    select kommunenummer, org_enhet, overordnet, niva, gyldig_fra,
           coalesce(gyldig_til, date '9999-12-31') as gyldig_til
    from stg_organisasjon
    where kommunenummer = :kommunenummer
),

with_area as (
    select kommunenummer, org_enhet,
           case when niva = 2 then org_enhet else overordnet end as omrade,
           gyldig_fra, gyldig_til
    from org
    where niva in (2, 3)
)

select kommunenummer, org_enhet, omrade, gyldig_fra, gyldig_til
from with_area;

delete from int_omrade_navn where kommunenummer = :kommunenummer;

insert into int_omrade_navn (kommunenummer, omrade, navn, gyldig_fra, gyldig_til)
with areas as (
    select kommunenummer, org_enhet as omrade, navn, gyldig_fra,
           coalesce(gyldig_til, date '9999-12-31') as gyldig_til
    from stg_organisasjon
    where kommunenummer = :kommunenummer and niva = 2
)

select kommunenummer, omrade, navn, gyldig_fra, gyldig_til
from areas;

-- statistics for the queries that read it next (later rebuild steps and the reporting views)
analyze int_org_omrade;
analyze int_omrade_navn;
