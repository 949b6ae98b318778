-- The deliveries whose rows are in use now for one municipality: what the reports are computed from.
-- Grain: one row per load in use. A new or corrected extract adds a load id, so this changes exactly
-- when the warehouse's content does.
with in_use as (
    select load_id, kind, file_name, checksum
    from meta_load_log
    where kommunenummer = :kommunenummer
      and status = 'loaded'
)

select load_id, kind, file_name, checksum
from in_use
order by kind, file_name, load_id;
