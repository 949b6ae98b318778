-- Files the last ingest of each municipality did not read, for `hr quarantine list`. Grain: one row per file.
-- :kommunenummer may be null (every municipality in the warehouse).
select kommunenummer, file_name, status, rule, expected_name, message, seen_at
from meta_ignored_file
where cast(:kommunenummer as text) is null or kommunenummer = cast(:kommunenummer as text)
order by kommunenummer, status, file_name
