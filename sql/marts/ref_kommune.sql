-- The municipality's name and small-number threshold. Grain: one row per municipality.
with kommune as (
    select kommunenummer, navn, min_n
    from ref_kommune
    where kommunenummer = :kommunenummer
)

select kommunenummer, navn, min_n
from kommune
