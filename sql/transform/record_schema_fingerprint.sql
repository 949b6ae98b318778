-- ensure_schema completed: the fingerprint of what it applied replaces the previous one (one row).
delete from meta_schema;
insert into meta_schema (fingerprint) values (:fingerprint);
