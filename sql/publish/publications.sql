-- Every publication of one report for one municipality, newest first (for operators and tests).
-- Grain: one row per publication.
with publications as (
    select publish_id, rapport, periode, published_at, figures_sha256, revision
    from meta_publish_log
    where kommunenummer = :kommunenummer
      and rapport = :rapport
)

select publish_id, rapport, periode, published_at, figures_sha256, revision
from publications
order by published_at desc, publish_id desc;
