-- A file of sql/views/ that no longer exists: its view is gone from the warehouse too.
delete from meta_views
where file_name = :file_name
