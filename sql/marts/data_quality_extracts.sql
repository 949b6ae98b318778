-- Data quality, extracts in use: one row per delivered file whose rows are the current truth
-- (status loaded) for the municipality. Superseded, replaced and rejected deliveries are not in use.
with loads as (
    select kind, file_name, file_date, checksum, rows_read, rows_loaded, rows_quarantined, status
    from meta_load_log
    where kommunenummer = :kommunenummer
),

in_use as (
    select kind, file_name, file_date, checksum, rows_read, rows_loaded, rows_quarantined
    from loads
    where status = 'loaded'
)

select kind, file_name, file_date, checksum, rows_read, rows_loaded, rows_quarantined
from in_use
order by kind, file_date, file_name;
