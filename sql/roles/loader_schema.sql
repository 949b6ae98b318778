-- PostgreSQL only. Run by the owner of the schema (a database administrator): the loader role may create
-- tables and views in the warehouse schema, so it owns and writes meta_*, stg_*, ref_*, int_* and the
-- views. Ingest, transform and `hr warehouse grant` connect as this role (HR_WAREHOUSE_URL).
grant usage, create on schema {schema} to {loader};
