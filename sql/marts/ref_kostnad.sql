-- The cost of one lost day-work (kroner) from kommune.yaml, when set. Grain: one row per municipality, or none.
with kostnad as (
    select kostnad_per_dagsverk
    from ref_kostnad
    where kommunenummer = :kommunenummer
)

select kostnad_per_dagsverk
from kostnad
