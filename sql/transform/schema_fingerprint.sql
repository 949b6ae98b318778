-- The fingerprint the warehouse's schema was last brought up to (hr.warehouse.ensure_schema). Grain: one row
-- (none in a warehouse made before meta_schema existed, or whose schema was never completed).
select fingerprint
from meta_schema
