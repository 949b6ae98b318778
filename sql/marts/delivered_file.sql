-- Whether a file of this name was ever delivered (in any status), for `hr quarantine show` to tell an unknown
-- name from a delivery without quarantined rows. Grain: one row.
select count(*) as deliveries
from meta_load_log
where file_name = :file_name
  and (cast(:kommunenummer as text) is null or kommunenummer = cast(:kommunenummer as text))
