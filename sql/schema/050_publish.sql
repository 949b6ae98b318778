-- Publication bookkeeping: what each rendered report said, so a re-run that changes a published
-- figure is reported as a revision (which figures, old -> new).

-- Grain: one row per rendering of one report for one period whose content differs from the one before.
create table if not exists meta_publish_log (
    publish_id         text primary key,
    kommunenummer      text not null,
    rapport            text not null,        -- sykefravaer | medarbeidere
    periode            text not null,        -- 2018H1 | 2018
    published_at       timestamp not null,
    loads_fingerprint  text not null,        -- sha256 over the load ids and checksums in use (meta_load_log)
    extracts           text not null,        -- the extracts in use, one "kind file_name checksum" per line
    figures_sha256     text not null,        -- sha256 of the figures file's bytes
    code_version       text not null,        -- hash of the metric/SQL/template code that produced the report
    pdf_path           text not null,
    revision           text                  -- the changes against the previous publication, in words; empty for the first
);

-- Grain: one row per headline figure (Hele kommunen, every group) of one publication.
-- verdi is the figures file's text of the value, so comparisons are exact on both engines.
create table if not exists meta_publish_figure (
    publish_id    text not null,
    kommunenummer text not null,
    metric        text not null,
    period        text not null,
    gruppe        text not null,
    verdi         text not null,         -- empty when suppressed or missing
    enhet         text not null
);
