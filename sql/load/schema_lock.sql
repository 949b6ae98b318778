-- PostgreSQL only (hr.warehouse.ensure_schema): one schema check at a time per warehouse, held to the end
-- of its transaction. Ingests of different municipalities run at once; their `create ... if not exists`
-- and `create or replace view` would otherwise race on the catalogue (duplicate key in pg_type, "tuple
-- concurrently updated").
select pg_advisory_xact_lock(hashtext('hr-schema:' || coalesce(current_schema(), '')));
