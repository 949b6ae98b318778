-- The loads whose rows are the current truth. Grain: one row per load.
with loads as (
    select load_id
    from meta_load_log
    where kommunenummer = :kommunenummer
      and status = 'loaded'
)

select load_id
from loads
order by load_id
