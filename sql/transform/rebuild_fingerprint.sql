-- The fingerprint of the last rebuild. Grain: at most one row.
with last_rebuild as (
    select fingerprint
    from meta_rebuild
    where kommunenummer = :kommunenummer
)

select fingerprint
from last_rebuild
