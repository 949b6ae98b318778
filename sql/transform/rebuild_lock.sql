-- PostgreSQL only (hr.transform.rebuild_if_stale): one rebuild of the intermediate layer at a time per
-- warehouse, held to the end of its transaction. Each municipality's rebuild touches only its own rows,
-- but it refreshes the statistics of tables all municipalities share (ANALYZE, which waits for any other
-- ANALYZE of the same table until that transaction ends): taken first, the waiting is in one place and
-- in one order. Loads of other municipalities go on meanwhile.
select pg_advisory_xact_lock(hashtext('hr-rebuild:' || coalesce(current_schema(), '')));
