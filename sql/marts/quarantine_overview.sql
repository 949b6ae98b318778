-- Quarantined rows of every delivery, for `hr quarantine list`. Grain: one row per delivery and rule.
-- :kommunenummer may be null (every municipality in the warehouse).
with loads as (
    select load_id, kommunenummer, file_name, status, loaded_at
    from meta_load_log
    where cast(:kommunenummer as text) is null or kommunenummer = cast(:kommunenummer as text)
),

findings as (
    select load_id, rule, count(*) as rader
    from meta_quarantine
    group by load_id, rule
)

select l.kommunenummer, l.file_name, l.status, l.loaded_at, f.rule, f.rader
from findings f
join loads l on l.load_id = f.load_id
order by l.kommunenummer, l.file_name, l.loaded_at, f.rule
