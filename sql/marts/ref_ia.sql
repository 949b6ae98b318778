-- The IA goal line's base year and reduction (kommune.yaml), when set. Grain: one row per municipality, or none.
with ia as (
    select ia_basisaar, ia_reduksjon_prosent
    from ref_ia
    where kommunenummer = :kommunenummer
)

select ia_basisaar, ia_reduksjon_prosent
from ia
