-- What the warehouse's schema was last brought up to: the fingerprint of sql/schema/, sql/migrations/,
-- sql/views/ and of the code that applies them (hr.warehouse.schema_fingerprint). Grain: one row.
-- hr.warehouse.ensure_schema finds it current with one query and does nothing more.
create table if not exists meta_schema (
    fingerprint text not null
);
