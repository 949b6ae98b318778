-- The deliveries whose rows are the current truth. Grain: one row per file in use.
with loads as (
    select file_name, checksum
    from meta_load_log
    where kommunenummer = :kommunenummer
      and status = 'loaded'
)

select file_name, checksum
from loads
order by file_name, checksum
