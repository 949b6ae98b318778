-- Record one decided delivery (sent or rejected); the archive directory is written before this row.
insert into meta_delivery (delivery_id, kommunenummer, rapport, periode, status, decided_at, approver, comment,
                           recipients, sent_at, publish_id, figures_sha256, pdf_sha256, extracts, archive_dir,
                           flow_run_id)
values (:delivery_id, :kommunenummer, :rapport, :periode, :status, :decided_at, :approver, :comment,
        :recipients, :sent_at, :publish_id, :figures_sha256, :pdf_sha256, :extracts, :archive_dir,
        :flow_run_id);
