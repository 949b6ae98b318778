-- PostgreSQL only, for tests and for retiring a role: take away everything the role was given in this
-- database, then the role itself (roles are cluster-wide; drop it only when no other database uses it).
drop owned by {role};

drop role {role};
