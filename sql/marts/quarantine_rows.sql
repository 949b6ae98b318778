-- The quarantined rows of one delivered file, for `hr quarantine show`. Grain: one row per broken rule
-- of one row. The fødselsnummer is never stored here (masked at ingest), so this is safe to print.
with loads as (
    select load_id, kommunenummer, file_name, status, loaded_at
    from meta_load_log
    where file_name = :file_name
      and (cast(:kommunenummer as text) is null or kommunenummer = cast(:kommunenummer as text))
),

findings as (
    select q.load_id, q.line, q.column_name, q.verdi, q.rule, q.message
    from meta_quarantine q
    join loads l on l.load_id = q.load_id
)

select l.kommunenummer, l.status, l.loaded_at, f.line, f.column_name, f.verdi, f.rule, f.message
from findings f
join loads l on l.load_id = f.load_id
order by l.loaded_at, f.line, f.column_name, f.rule
