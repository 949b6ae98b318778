-- Every delivery recorded for one municipality (one row per delivered file version), for deciding
-- what is new, unchanged, superseded or replaced.
select load_id, kind, file_name, file_date, checksum, status, message
from meta_load_log
where kommunenummer = :kommunenummer
order by loaded_at, load_id;
