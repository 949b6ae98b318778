-- PostgreSQL only. The privileges other roles hold on views about to be dropped and created again
-- (hr/warehouse_views.py gives them again). Grain: one row per view, grantee and privilege.
select table_name, grantee, privilege_type
from information_schema.table_privileges
where table_schema = current_schema()
  and table_name = any(:names)
  and grantee <> current_user
order by table_name, grantee, privilege_type
