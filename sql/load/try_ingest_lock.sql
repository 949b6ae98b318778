-- PostgreSQL only (hr.warehouse.exclusive_writer; DuckDB uses a lock file beside its database file).
-- Take the ingest lock of this warehouse without waiting: true when taken. A session-level advisory
-- lock, keyed on the schema so warehouses in other schemas of the same database do not block each other;
-- it ends with the session, so a killed process cannot leave it behind.
select pg_try_advisory_lock(hashtext('hr-ingest:' || coalesce(current_schema(), ''))) as taken;
