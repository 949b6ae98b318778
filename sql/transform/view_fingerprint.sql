-- The fingerprint the views of one file of sql/views/ were last created from. Grain: zero or one row.
select fingerprint
from meta_views
where file_name = :file_name
