-- int_pensjon: one row per new pension, dated by its uttaksdato (see sql/schema/040_intermediate.sql).
-- The providers' labels are already mapped to AFP / ALDER / UFORE on load.
delete from int_pensjon where kommunenummer = :kommunenummer;

insert into int_pensjon (kommunenummer, leverandor, person_id, pensjonstype, uttaksdato, aar, gradert)
with pensions as (
    select kommunenummer, leverandor, person_id, pensjonstype, uttaksdato, uttaksgrad
    from stg_pensjon
    where kommunenummer = :kommunenummer
),

dated as (
    select kommunenummer, leverandor, person_id, pensjonstype, uttaksdato,
           cast(extract(year from uttaksdato) as integer) as aar,
           case when uttaksgrad < 100 then true else false end as gradert
    from pensions
)

select kommunenummer, leverandor, person_id, pensjonstype, uttaksdato, aar, gradert
from dated;

-- statistics for the queries that read it next (later rebuild steps and the reporting views)
analyze int_pensjon;
