-- New pensions per year up to :til_aar (DEFINITIONS.md "Pensions").
-- Grain: one row per year of uttaksdato, pension type and provider.
with pensions as (
    select aar, pensjonstype, leverandor, gradert
    from int_pensjon
    where kommunenummer = :kommunenummer
      and aar <= :til_aar
),

counted as (
    select aar, pensjonstype, leverandor, count(*) as antall,
           sum(case when gradert then 1 else 0 end) as antall_gradert
    from pensions
    group by aar, pensjonstype, leverandor
)

select aar, pensjonstype, leverandor, antall, antall_gradert
from counted
