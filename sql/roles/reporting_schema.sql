-- PostgreSQL only. Run by the owner of the schema (a database administrator): the reporting role may look
-- up names in the warehouse schema; which tables and views it may read is decided by reporting_grants.sql.
grant usage on schema {schema} to {reporting};
