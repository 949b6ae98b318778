-- What was sent when to how many (and which drafts were rejected), newest first, for `hr archive list`.
-- Optional filters: :kommunenummer, :rapport, :periode (null = all). Counts only, never addresses.
-- Grain: one row per decided delivery.
with deliveries as (
    select delivery_id, kommunenummer, rapport, periode, status, decided_at, approver, comment,
           recipients, sent_at, publish_id, figures_sha256, pdf_sha256, extracts, archive_dir, flow_run_id
    from meta_delivery
    where (cast(:kommunenummer as text) is null or kommunenummer = cast(:kommunenummer as text))
      and (cast(:rapport as text) is null or rapport = cast(:rapport as text))
      and (cast(:periode as text) is null or periode = cast(:periode as text))
)

select delivery_id, kommunenummer, rapport, periode, status, decided_at, approver, comment,
       recipients, sent_at, publish_id, figures_sha256, pdf_sha256, extracts, archive_dir, flow_run_id
from deliveries
order by decided_at desc, delivery_id desc;
