-- Grain: one row per municipality, sick-leave period and group of one breakdown of the whole
-- municipality (dimensjon 'alder', 'kompetanse' or 'stilling', gruppe the band, kompetansegruppe or
-- position code), with the persons and the exact sums of agreed and lost day-works (the same sums as
-- rpt_sykefravaer_periode; a person with jobs in two groups counts in both).
-- For: sick leave by age band, competence group and position (sql/marts/fct_sykefravaer_gruppe.sql).
-- Aggregate, granted to the reporting role.
create or replace view rpt_sykefravaer_gruppe as
select kommunenummer, periode_fra as fra, periode_til as til,
       cast('alder' as text) as dimensjon, aldersgruppe as gruppe,
       count(distinct person_id) as personer, sum(avtalte) as avtalte, sum(tapte) as tapte
from person_sykefravaer_gruppe
group by kommunenummer, periode_fra, periode_til, aldersgruppe
union all
select kommunenummer, periode_fra, periode_til, cast('kompetanse' as text), kompetansegruppe,
       count(distinct person_id), sum(avtalte), sum(tapte)
from person_sykefravaer_gruppe
group by kommunenummer, periode_fra, periode_til, kompetansegruppe
union all
select kommunenummer, periode_fra, periode_til, cast('stilling' as text), stillingskode,
       count(distinct person_id), sum(avtalte), sum(tapte)
from person_sykefravaer_gruppe
group by kommunenummer, periode_fra, periode_til, stillingskode;
