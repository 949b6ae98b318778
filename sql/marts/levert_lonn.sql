-- Payroll months delivered in year :aar (DEFINITIONS.md "Coverage": a year's pay figures need all twelve).
-- Grain: one row per month ('2018-03') with a payroll file in use (status loaded) for the municipality;
-- a rejected file is not a delivery, a replaced one has its successor.
with loads as (
    select file_date
    from meta_load_log
    where kommunenummer = :kommunenummer
      and kind = 'lonn'
      and status = 'loaded'
)

select distinct file_date as maaned
from loads
where substr(file_date, 1, 4) = :aar
