-- Record one publication (its headline figures are bulk-inserted into meta_publish_figure beside it).
insert into meta_publish_log (publish_id, kommunenummer, rapport, periode, published_at, loads_fingerprint,
                              extracts, figures_sha256, code_version, pdf_path, revision)
values (:publish_id, :kommunenummer, :rapport, :periode, :published_at, :loads_fingerprint,
        :extracts, :figures_sha256, :code_version, :pdf_path, :revision);
