-- Grain: one row per municipality, status date and area, plus the whole municipality (er_total = 1).
-- For: årsverk and persons by employment type (sql/marts/fct_arsverk_status.sql). Aggregate, granted to
-- the reporting role.
create or replace view rpt_arsverk_status as
select kommunenummer, status_dato, 0 as er_total, omrade,
       sum(pst_fast) as sum_pst_fast,
       sum(pst_midlertidig) as sum_pst_midlertidig,
       count(distinct case when er_fast = 1 then person_id end) as personer_fast,
       count(distinct case when er_midlertidig = 1 then person_id end) as personer_midlertidig,
       count(distinct case when er_maaned = 1 then person_id end) as personer_maanedslonnet,
       count(distinct case when er_timelonnet = 1 then person_id end) as timelonnede_personer,
       count(distinct person_id) as personer_totalt
from person_arsverk
group by kommunenummer, status_dato, omrade
union all
select kommunenummer, status_dato, 1, cast(null as text),
       sum(pst_fast), sum(pst_midlertidig),
       count(distinct case when er_fast = 1 then person_id end),
       count(distinct case when er_midlertidig = 1 then person_id end),
       count(distinct case when er_maaned = 1 then person_id end),
       count(distinct case when er_timelonnet = 1 then person_id end),
       count(distinct person_id)
from person_arsverk
group by kommunenummer, status_dato;
