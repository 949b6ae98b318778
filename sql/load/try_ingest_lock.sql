-- PostgreSQL only (hr.warehouse.exclusive_writer; DuckDB uses a lock file beside its database file).
-- Take the ingest lock of one municipality in this warehouse without waiting: true when taken. A
-- session-level advisory lock, keyed on the schema and the kommunenummer: two ingests of the same
-- municipality never decide what is new at once, while municipalities sharing a warehouse load side by
-- side (their rows never overlap; the schema and the rebuild have locks of their own). It ends with the
-- session, so a killed process cannot leave it behind.
select pg_try_advisory_lock(hashtext('hr-ingest:' || coalesce(current_schema(), '') || ':' || :kommunenummer)) as taken;
