-- Population on 1 January. Grain: one row per year.
with innbyggere as (
    select aar, innbyggere
    from ref_innbyggere
    where kommunenummer = :kommunenummer
)

select aar, innbyggere
from innbyggere
