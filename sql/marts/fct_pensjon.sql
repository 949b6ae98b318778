-- New pensions per year up to :til_aar (DEFINITIONS.md "Pensions").
-- Grain: one row per year of uttaksdato, pension type and provider.
-- Reads the aggregate view rpt_pensjon (sql/views/rpt_pensjon.sql).
with counted as (
    select aar, pensjonstype, leverandor, antall, antall_gradert
    from rpt_pensjon
    where kommunenummer = :kommunenummer
      and aar <= :til_aar
)

select aar, pensjonstype, leverandor, antall, antall_gradert
from counted
