-- int_arbeidsforhold_omrade: employment versions split where their unit's area changes.
-- The unit may sit at any level >= 2; int_org_omrade gives each unit's level-2 ancestor per stretch of days.
delete from int_arbeidsforhold_omrade where kommunenummer = :kommunenummer;

insert into int_arbeidsforhold_omrade (
    kommunenummer, person_id, kjonn, fodselsdato, arbeidsforhold_id, versjon_fra, org_enhet, omrade,
    stillingskode, stillingsprosent, lonnsform, ansettelsesform, innvandrerbakgrunn, leder, fra_dato, til_dato
)
with versions as (
    select kommunenummer, person_id, kjonn, fodselsdato, arbeidsforhold_id, org_enhet, stillingskode,
           stillingsprosent, lonnsform, ansettelsesform, innvandrerbakgrunn, leder,
           gyldig_fra, coalesce(gyldig_til, date '9999-12-31') as gyldig_til
    from stg_ansatte
    where kommunenummer = :kommunenummer
),

unit_areas as (
    select org_enhet, omrade, gyldig_fra, gyldig_til
    from int_org_omrade
    where kommunenummer = :kommunenummer
),

split as (
    select v.*, u.omrade,
           greatest(v.gyldig_fra, u.gyldig_fra) as fra_dato,
           least(v.gyldig_til, u.gyldig_til) as til_dato
    from versions v
    join unit_areas u
      on u.org_enhet = v.org_enhet
     and u.gyldig_fra <= v.gyldig_til
     and v.gyldig_fra <= u.gyldig_til
)

select kommunenummer, person_id, kjonn, fodselsdato, arbeidsforhold_id, gyldig_fra as versjon_fra, org_enhet,
       omrade, stillingskode, stillingsprosent, lonnsform, ansettelsesform, innvandrerbakgrunn, leder,
       fra_dato, til_dato
from split;

-- statistics for the queries that read it next (later rebuild steps and the reporting views)
analyze int_arbeidsforhold_omrade;
