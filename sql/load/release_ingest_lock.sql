-- PostgreSQL only: give back the ingest lock taken by try_ingest_lock.sql on this session.
select pg_advisory_unlock(hashtext('hr-ingest:' || coalesce(current_schema(), '') || ':' || :kommunenummer)) as released;
