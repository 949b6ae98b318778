-- Whether a role of this name exists in the cluster (roles are cluster-wide). Grain: one row.
select count(*) as n
from pg_roles
where rolname = :role
