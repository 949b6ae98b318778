-- int_arbeidsforhold_slutt: one row per ended employment (see sql/schema/040_intermediate.sql).
-- EXTRACTS.md: sluttarsak is delivered only on the last version of an ended employment.
delete from int_arbeidsforhold_slutt where kommunenummer = :kommunenummer;

insert into int_arbeidsforhold_slutt (kommunenummer, person_id, arbeidsforhold_id, slutt_dato, sluttarsak)
with versions as (
    select kommunenummer, person_id, arbeidsforhold_id, gyldig_fra, gyldig_til, sluttarsak
    from stg_ansatte
    where kommunenummer = :kommunenummer
),

ranked as (
    select kommunenummer, person_id, arbeidsforhold_id, gyldig_til, sluttarsak,
           row_number() over (partition by arbeidsforhold_id order by gyldig_fra desc) as nr_fra_slutten
    from versions
),

ended as (
    select kommunenummer, person_id, arbeidsforhold_id, gyldig_til as slutt_dato, sluttarsak
    from ranked
    where nr_fra_slutten = 1 and gyldig_til is not null
)

select kommunenummer, person_id, arbeidsforhold_id, slutt_dato, sluttarsak
from ended;

-- statistics for the queries that read it next (later rebuild steps and the reporting views)
analyze int_arbeidsforhold_slutt;
