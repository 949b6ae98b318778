-- PostgreSQL only. Give a privilege held on a view again after the view was dropped and created; {privilege}
-- is one of PostgreSQL's table privileges, {view} and {grantee} quoted identifiers (or PUBLIC).
grant {privilege} on {view} to {grantee}
