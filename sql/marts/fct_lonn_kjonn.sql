-- Monthly full-time-equivalent base pay by gender for year :aar (DEFINITIONS.md "Pay and gender (ARP)").
-- Grain: one row per gender, kompetansegruppe and stillingsprosent (detail rows: alle_stillingsprosent = 0)
-- with the exact sum of the employment-months' FASTLONN and their number; since every month in a row has
-- the same stillingsprosent p, Σ(belop / (p/100)) = Σbelop * 100 / p is computed exactly in Python.
-- Subtotal rows (per group and for all groups, both genders) carry the distinct persons.
-- Reads the aggregate view rpt_lonn_kjonn (sql/views/rpt_lonn_kjonn.sql).
with summed as (
    select alle_kjonn, alle_grupper, alle_stillingsprosent, kjonn, kompetansegruppe, stillingsprosent,
           sum_belop, maaneder, personer
    from rpt_lonn_kjonn
    where kommunenummer = :kommunenummer
      and aar = :aar
)

select alle_kjonn, alle_grupper, alle_stillingsprosent, kjonn, kompetansegruppe, stillingsprosent,
       sum_belop, maaneder, personer
from summed
