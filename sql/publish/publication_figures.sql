-- The headline figures one publication recorded. Grain: one row per figure key.
with figures as (
    select metric, period, gruppe, verdi, enhet
    from meta_publish_figure
    where publish_id = :publish_id
)

select metric, period, gruppe, verdi, enhet
from figures
order by metric, period, gruppe;
