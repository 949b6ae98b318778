-- Where the absence register starts (DEFINITIONS.md "Coverage"): fravaer_fra from referanse/kommune.yaml
-- when given, and the first day with a registration in the fravaer snapshot in use (the fallback; the
-- first day of its month is the start). Grain: one row per municipality (none when it is not loaded).
with kommune as (
    select kommunenummer, fravaer_fra
    from ref_kommune
    where kommunenummer = :kommunenummer
),

forste as (
    select kommunenummer, forste_registrering
    from rpt_fravaer_dekning
    where kommunenummer = :kommunenummer
)

select k.fravaer_fra, f.forste_registrering
from kommune k
left join forste f on f.kommunenummer = k.kommunenummer
