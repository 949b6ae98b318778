-- The most recent publication of one report for one period, if any. Grain: at most one row.
with publications as (
    select publish_id, published_at, loads_fingerprint, figures_sha256, code_version, pdf_path
    from meta_publish_log
    where kommunenummer = :kommunenummer
      and rapport = :rapport
      and periode = :periode
),

latest as (
    select publish_id, published_at, loads_fingerprint, figures_sha256, code_version, pdf_path,
           row_number() over (order by published_at desc, publish_id desc) as rang
    from publications
)

select publish_id, published_at, loads_fingerprint, figures_sha256, code_version, pdf_path
from latest
where rang = 1;
