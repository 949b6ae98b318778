-- Which version of each view of sql/views/ (one file per view) the warehouse's views were last created from.
-- Grain: one row per view file. hr.warehouse_views re-creates a view only when its text, or that of a view
-- it reads, changed, so an ordinary ingest never replaces a view that a report may be reading at that moment.
create table if not exists meta_views (
    file_name   text primary key,
    fingerprint text not null            -- sha256 of the file's text and of the fingerprints of the views it reads
);
