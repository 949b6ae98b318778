-- Grain: one row per municipality, status date and area, plus the whole municipality (er_total = 1), of
-- MAANED employments (DEFINITIONS.md "Immigrant background"); persons count once per row.
-- For: the immigrant-background figures (sql/marts/fct_minoritet_status.sql). Aggregate, granted to the
-- reporting role.
create or replace view rpt_minoritet_status as
select kommunenummer, status_dato, 0 as er_total, omrade,
       sum(stillingsprosent) as sum_pst,
       sum(case when innvandrerbakgrunn then stillingsprosent else 0 end) as sum_pst_minoritet,
       count(distinct person_id) as personer,
       count(distinct case when innvandrerbakgrunn then person_id end) as personer_minoritet,
       count(distinct case when innvandrerbakgrunn and kjonn = 'M' then person_id end) as menn,
       count(distinct case when innvandrerbakgrunn and kjonn = 'K' then person_id end) as kvinner,
       count(distinct case when leder then person_id end) as ledere,
       count(distinct case when leder and innvandrerbakgrunn then person_id end) as ledere_minoritet
from person_arbeidsforhold_status
where lonnsform = 'MAANED'
group by kommunenummer, status_dato, omrade
union all
select kommunenummer, status_dato, 1, cast(null as text),
       sum(stillingsprosent),
       sum(case when innvandrerbakgrunn then stillingsprosent else 0 end),
       count(distinct person_id),
       count(distinct case when innvandrerbakgrunn then person_id end),
       count(distinct case when innvandrerbakgrunn and kjonn = 'M' then person_id end),
       count(distinct case when innvandrerbakgrunn and kjonn = 'K' then person_id end),
       count(distinct case when leder then person_id end),
       count(distinct case when leder and innvandrerbakgrunn then person_id end)
from person_arbeidsforhold_status
where lonnsform = 'MAANED'
group by kommunenummer, status_dato;
