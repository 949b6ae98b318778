-- The pseudonym key each municipality's person data was loaded with, as a fingerprint (HMAC of a fixed
-- label under the key; never the key). Grain: one row per kommunenummer. An ingest with another key is
-- refused (hr/ingest/pseudonym.py check_key): it would give the same person a second pseudonym.
create table if not exists meta_pseudonym_nokkel (
    kommunenummer text primary key,
    fingeravtrykk text not null,          -- 64 hex digits
    registrert    timestamp not null
);
