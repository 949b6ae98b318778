-- Load bookkeeping. Grain: one row per delivered file seen by `hr ingest`.
create table if not exists meta_load_log (
    load_id          text primary key,
    kommunenummer    text not null,
    kind             text not null,        -- organisasjon | ansatte | fravaer | rekruttering | lonn | pensjon_klp | pensjon_spk | pensjon_bkp | kommune | stillingskoder | mal | innbyggere | sammenligning | tiltak | tekst
    file_name        text not null,        -- path relative to the landing directory
    file_date        text,                 -- date in the file name: 2019-01-15 (snapshot), 2019-01 (payroll month) or 2018 (pension year)
    checksum         text not null,        -- sha256 of the file's bytes
    encoding         text,                 -- utf-8, utf-8-sig or cp1252
    rows_read        integer not null,
    rows_loaded      integer not null,
    rows_quarantined integer not null,
    status           text not null,        -- loaded | superseded | replaced | rejected
    message          text,
    archive_path     text,
    loaded_at        timestamp not null
);

-- Rejected rows. Grain: one row per broken rule of one delivered row (a row breaking two rules has two).
-- A fødselsnummer is never stored here: `verdi` of that column is masked.
create table if not exists meta_quarantine (
    load_id       text not null,
    kommunenummer text not null,
    file_name     text not null,
    line          integer,                 -- physical line in the file (1 = header); empty for file-level problems
    column_name   text,
    verdi         text,
    rule          text not null,           -- the rule's name, e.g. fodselsnummer_mod11
    message       text not null            -- the rule in words, Norwegian
);
