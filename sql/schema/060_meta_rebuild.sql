-- What the intermediate layer was last built from. Grain: one row per municipality.
-- fingerprint = sha256 of the files (name, checksum) in use and the text of sql/intermediate/*.sql.
create table if not exists meta_rebuild (
    kommunenummer text primary key,
    fingerprint   text not null
);
