-- Grain: one row per delivery, broken rule and message, with the number of times it was broken.
-- For: the data-quality chapter (sql/marts/data_quality_quarantine.sql). Aggregate of the quarantine
-- without line numbers or values; granted to the reporting role.
create or replace view rpt_karantene_regel as
select kommunenummer, load_id, rule, message, count(*) as antall
from meta_quarantine
group by kommunenummer, load_id, rule, message;
