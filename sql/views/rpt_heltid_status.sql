-- Grain: one row per municipality, year-end (31.12) and size class of the persons with MAANED
-- employments (DEFINITIONS.md "Full-time and part-time"), position sizes capped at 100.
-- For: the full-time shares (sql/marts/fct_heltid_status.sql). Aggregate, granted to the reporting role.
create or replace view rpt_heltid_status as
with classed as (
    select kommunenummer, status_dato,
           case when storrelse >= 100 then 'HELTID' when storrelse >= 80 then '80_99' else 'UNDER_80' end as klasse,
           case when storrelse > 100 then 100 else storrelse end as storrelse_tak
    from person_stillingsstorrelse_status
)

select kommunenummer, status_dato, klasse, count(*) as personer, sum(storrelse_tak) as sum_storrelse
from classed
group by kommunenummer, status_dato, klasse;
