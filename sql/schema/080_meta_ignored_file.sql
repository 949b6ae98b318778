-- Files of the landing directory the last ingest did not read, and why (issue 16: every file accounted
-- for). Grain: one row per kommunenummer and file name, as the municipality's last ingest found them; each
-- ingest replaces its municipality's rows, so a file renamed or removed since drops out.
create table if not exists meta_ignored_file (
    kommunenummer text not null,
    file_name     text not null,         -- path relative to the landing directory
    rule          text not null,         -- ukjent_filnavn | feil_filnavn | ugyldig_dato_i_navn | lenke_ut | lenke_til_mappe | ikke_vanlig_fil | uleselig_fil | skjult_fil
    status        text not null,         -- refused (may hold a delivery: the ingest exits 3) | skipped
    expected_name text,                  -- feil_filnavn: the contract name it differs from only by case or separators
    message       text not null,         -- the reason in words, Norwegian
    seen_at       timestamp not null
);
