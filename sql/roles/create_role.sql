-- PostgreSQL only. Run by a database administrator (a role with CREATEROLE): a role that can log in,
-- with no rights of its own (loader_schema.sql / reporting_schema.sql / reporting_grants.sql give them).
-- {role} is an identifier filled in by hr.warehouse_roles (quoted by psycopg.sql). No password is set
-- here: the administrator sets one (or a certificate) as the site requires. Roles are cluster-wide.
create role {role} login;
