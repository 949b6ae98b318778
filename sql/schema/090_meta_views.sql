-- Which version of each file of sql/views/ the warehouse's views were last created from.
-- Grain: one row per view file. hr.warehouse_views re-creates a file's views only when its text changed,
-- so an ordinary ingest never replaces a view that a report may be reading at that moment.
create table if not exists meta_views (
    file_name   text primary key,
    fingerprint text not null            -- sha256 of the file's text
);
