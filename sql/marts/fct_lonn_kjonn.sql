-- Monthly full-time-equivalent base pay by gender for year :aar (DEFINITIONS.md "Pay and gender (ARP)").
-- Grain: one row per gender, kompetansegruppe and stillingsprosent (detail rows: alle_stillingsprosent = 0)
-- with the exact sum of the employment-months' FASTLONN and their number; since every month in a row has
-- the same stillingsprosent p, Σ(belop / (p/100)) = Σbelop * 100 / p is computed exactly in Python.
-- Subtotal rows (per group and for all groups, both genders) carry the distinct persons.
with lines as (
    select kommunenummer, arbeidsforhold_id, periode, person_id, kjonn, stillingskode, stillingsprosent, belop
    from int_lonn
    where kommunenummer = :kommunenummer
      and aar = :aar
      and lonnsartgruppe = 'FASTLONN'
      and aktiv_den_15
      and stillingsprosent > 0
),

months as (
    -- one value per employment and month: all FASTLONN lines of the month, corrections included
    select kommunenummer, arbeidsforhold_id, periode, person_id, kjonn, stillingskode, stillingsprosent,
           sum(belop) as belop
    from lines
    group by kommunenummer, arbeidsforhold_id, periode, person_id, kjonn, stillingskode, stillingsprosent
),

coded as (
    select m.person_id, m.kjonn, m.stillingsprosent, m.belop, k.kompetansegruppe
    from months m
    left join ref_stillingskode k
      on k.kommunenummer = m.kommunenummer and k.stillingskode = m.stillingskode
),

summed as (
    select grouping(kjonn) as alle_kjonn, grouping(kompetansegruppe) as alle_grupper,
           grouping(stillingsprosent) as alle_stillingsprosent,
           kjonn, kompetansegruppe, stillingsprosent,
           sum(belop) as sum_belop, count(*) as maaneder, count(distinct person_id) as personer
    from coded
    group by grouping sets (
        (kjonn, kompetansegruppe, stillingsprosent), (kompetansegruppe), ()
    )
)

select alle_kjonn, alle_grupper, alle_stillingsprosent, kjonn, kompetansegruppe, stillingsprosent,
       sum_belop, maaneder, personer
from summed
