-- Grain: one row per municipality, year, gender, kompetansegruppe and stillingsprosent (detail rows) with
-- the exact sum of the employment-months' FASTLONN and their number, plus subtotal rows per
-- kompetansegruppe and for all groups (both genders, alle_kjonn = 1; and each gender, alle_kjonn = 0 with
-- alle_stillingsprosent = 1, for the suppression of pay by gender) that carry the distinct persons.
-- For: pay and gender (sql/marts/fct_lonn_kjonn.sql). Aggregate, granted to the reporting role.
create or replace view rpt_lonn_kjonn as
select kommunenummer, aar, 0 as alle_kjonn, 0 as alle_grupper, 0 as alle_stillingsprosent,
       kjonn, kompetansegruppe, stillingsprosent,
       sum(belop) as sum_belop, count(*) as maaneder, count(distinct person_id) as personer
from person_lonn_maaned
group by kommunenummer, aar, kjonn, kompetansegruppe, stillingsprosent
union all
select kommunenummer, aar, 1, 0, 1, cast(null as text), kompetansegruppe, cast(null as numeric(7,3)),
       sum(belop), count(*), count(distinct person_id)
from person_lonn_maaned
group by kommunenummer, aar, kompetansegruppe
union all
select kommunenummer, aar, 0, 0, 1, kjonn, kompetansegruppe, cast(null as numeric(7,3)),
       sum(belop), count(*), count(distinct person_id)
from person_lonn_maaned
group by kommunenummer, aar, kjonn, kompetansegruppe
union all
select kommunenummer, aar, 0, 1, 1, kjonn, cast(null as text), cast(null as numeric(7,3)),
       sum(belop), count(*), count(distinct person_id)
from person_lonn_maaned
group by kommunenummer, aar, kjonn
union all
select kommunenummer, aar, 1, 1, 1, cast(null as text), cast(null as text), cast(null as numeric(7,3)),
       sum(belop), count(*), count(distinct person_id)
from person_lonn_maaned
group by kommunenummer, aar;
