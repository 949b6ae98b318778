-- Grain: one row per municipality, sick-leave period and group: the whole municipality (niva 'total'),
-- each area code ('omrade') and each gender ('kjonn'), for groups with agreed day-works.
-- For: the sick-leave figures (sql/marts/fct_sykefravaer_periode.sql). Aggregate, granted to the
-- reporting role. Each subtotal is its own GROUP BY joined with UNION ALL: PostgreSQL does not push a
-- filter through GROUPING SETS.
create or replace view rpt_sykefravaer_periode as
select kommunenummer, periode_fra as fra, periode_til as til,
       cast('total' as text) as niva, cast(null as text) as omrade, cast(null as text) as kjonn,
       count(distinct person_id) as personer,
       sum(avtalte) as avtalte,
       sum(tapte) as tapte,
       sum(tapte_egen) as tapte_egenmeldt,
       sum(case when tilfelle_dager between 1 and 3 then tapte else 0 end) as tapte_1_3,
       sum(case when tilfelle_dager between 4 and 16 then tapte else 0 end) as tapte_4_16,
       sum(case when tilfelle_dager between 17 and 56 then tapte else 0 end) as tapte_17_56,
       sum(case when tilfelle_dager >= 57 then tapte else 0 end) as tapte_57
from person_sykefravaer_dagsverk
group by kommunenummer, periode_fra, periode_til
union all
select kommunenummer, periode_fra, periode_til,
       cast('omrade' as text), omrade, cast(null as text),
       count(distinct person_id),
       sum(avtalte), sum(tapte), sum(tapte_egen),
       sum(case when tilfelle_dager between 1 and 3 then tapte else 0 end),
       sum(case when tilfelle_dager between 4 and 16 then tapte else 0 end),
       sum(case when tilfelle_dager between 17 and 56 then tapte else 0 end),
       sum(case when tilfelle_dager >= 57 then tapte else 0 end)
from person_sykefravaer_dagsverk
group by kommunenummer, periode_fra, periode_til, omrade
union all
select kommunenummer, periode_fra, periode_til,
       cast('kjonn' as text), cast(null as text), kjonn,
       count(distinct person_id),
       sum(avtalte), sum(tapte), sum(tapte_egen),
       sum(case when tilfelle_dager between 1 and 3 then tapte else 0 end),
       sum(case when tilfelle_dager between 4 and 16 then tapte else 0 end),
       sum(case when tilfelle_dager between 17 and 56 then tapte else 0 end),
       sum(case when tilfelle_dager >= 57 then tapte else 0 end)
from person_sykefravaer_dagsverk
group by kommunenummer, periode_fra, periode_til, kjonn;
