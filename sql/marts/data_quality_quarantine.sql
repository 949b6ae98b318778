-- Data quality, rows set aside: one row per file in use and broken rule, with how many times
-- (a row breaking two rules counts once under each). Only deliveries in use (status loaded).
with in_use as (
    select load_id, kind, file_name
    from meta_load_log
    where kommunenummer = :kommunenummer
      and status = 'loaded'
),

findings as (
    -- the aggregate view: counts per delivery and rule, no line numbers or values
    select q.load_id, q.rule, q.message, q.antall
    from rpt_karantene_regel q
    where q.kommunenummer = :kommunenummer
),

per_rule as (
    select u.kind, u.file_name, f.rule, f.message, cast(sum(f.antall) as bigint) as n
    from findings f
    join in_use u on u.load_id = f.load_id
    group by u.kind, u.file_name, f.rule, f.message
)

select kind, file_name, rule, message, n as count
from per_rule
order by file_name, count desc, rule;
