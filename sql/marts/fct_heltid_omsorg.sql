-- Full-time and part-time by position code in the care areas of kommune.yaml's omsorgsomrader on the
-- year-end :dato (DEFINITIONS.md "Year view, size and breakdowns of sick leave").
-- Grain: one row per care area, position code and size class (HELTID, 80_99, UNDER_80), with the persons
-- and the exact sum of their stillingsprosent in that code and area. Reads rpt_heltid_stilling_status.
with care as (
    select omrade
    from ref_omsorgsomrade
    where kommunenummer = :kommunenummer
),

classes as (
    select h.omrade, h.stillingskode, h.klasse, h.personer, h.sum_pst
    from rpt_heltid_stilling_status h
    join care c on c.omrade = h.omrade
    where h.kommunenummer = :kommunenummer
      and h.status_dato = cast(:dato as date)
)

select omrade, stillingskode, klasse, personer, sum_pst
from classes
