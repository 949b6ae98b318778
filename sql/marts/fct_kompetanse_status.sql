-- Competence of the MAANED årsverk on a status date, apprentices left out (DEFINITIONS.md "Competence").
-- Grain: one row per area and kompetansegruppe, with subtotals per area (alle_grupper = 1), per group
-- (er_total = 1) and for the whole municipality; exact sums of stillingsprosent and distinct persons.
with active as (
    select kommunenummer, person_id, omrade, stillingskode, stillingsprosent
    from int_arbeidsforhold_omrade
    where kommunenummer = :kommunenummer
      and lonnsform = 'MAANED'
      and fra_dato <= :dato and :dato <= til_dato
),

coded as (
    select a.person_id, a.omrade, a.stillingsprosent, k.kompetansegruppe
    from active a
    join ref_stillingskode k
      on k.kommunenummer = a.kommunenummer and k.stillingskode = a.stillingskode
    where k.kompetansegruppe <> 'LAERLING'
),

summed as (
    select grouping(omrade) as er_total, grouping(kompetansegruppe) as alle_grupper, omrade, kompetansegruppe,
           sum(stillingsprosent) as sum_pst, count(distinct person_id) as personer
    from coded
    group by grouping sets ((omrade, kompetansegruppe), (omrade), (kompetansegruppe), ())
)

select er_total, alle_grupper, omrade, kompetansegruppe, sum_pst, personer
from summed
