-- The schema the connection's search_path puts the warehouse in (the schema the grants apply to).
select current_schema() as schema_name
