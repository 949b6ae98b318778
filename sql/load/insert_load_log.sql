-- One delivered file version recorded in the load log (one row per load_id; see sql/schema/010_meta.sql).
insert into meta_load_log (
    load_id, kommunenummer, kind, file_name, file_date, checksum, encoding, rows_read, rows_loaded,
    rows_quarantined, status, message, archive_path, loaded_at
) values (
    :load_id, :kommunenummer, :kind, :file_name, :file_date, :checksum, :encoding, :rows_read, :rows_loaded,
    :rows_quarantined, :status, :message, :archive_path, :loaded_at
);
