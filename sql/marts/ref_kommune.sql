-- The municipality's name, small-number threshold and the date its absence register is complete from. Grain: one row per municipality.
with kommune as (
    select kommunenummer, navn, min_n, fravaer_fra
    from ref_kommune
    where kommunenummer = :kommunenummer
)

select kommunenummer, navn, min_n, fravaer_fra
from kommune
