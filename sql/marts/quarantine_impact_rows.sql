-- quarantine_impact_rows: how many rows of the ansatte and fravaer extracts in use were set aside, for
-- the bounds of hr/metrics/quality.py. Grain: one row. Reads only the load log (rows_quarantined counts
-- rows, not broken rules), which the reporting role may read (sql/roles/reporting_grants.sql).
with in_use as (
    select kind, rows_quarantined
    from meta_load_log
    where kommunenummer = :kommunenummer
      and status = 'loaded'
      and kind in ('ansatte', 'fravaer')
)

select coalesce(sum(case when kind = 'ansatte' then rows_quarantined end), 0) as ansatte_rader,
       coalesce(sum(case when kind = 'fravaer' then rows_quarantined end), 0) as fravaer_rader
from in_use
