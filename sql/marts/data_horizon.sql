-- How far the HR data reaches: the snapshot date of the ansatte and fravaer extracts in use.
-- Grain: one row per extract kind. A period ending after this date is not yet fully known.
with loads as (
    select kind, file_date
    from meta_load_log
    where kommunenummer = :kommunenummer
      and status = 'loaded'
      and kind in ('ansatte', 'fravaer')
),

per_kind as (
    select kind, max(file_date) as snapshot_date
    from loads
    group by kind
)

select kind, snapshot_date
from per_kind
