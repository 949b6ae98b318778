-- Grain: one row per municipality, calendar period, area and status (BLIR or a reason).
-- For: the turnover figures (sql/marts/fct_turnover.sql). Aggregate, granted to the reporting role.
create or replace view rpt_turnover as
select kommunenummer, fra, til, omrade, status, count(*) as personer
from person_turnover
group by kommunenummer, fra, til, omrade, status;
