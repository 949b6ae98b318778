-- Pension years delivered (DEFINITIONS.md "Coverage": a pension year never delivered has no figures).
-- Grain: one row per year ('2018') with a pension file of any provider in use (status loaded).
with loads as (
    select file_date
    from meta_load_log
    where kommunenummer = :kommunenummer
      and kind like 'pensjon_%'
      and status = 'loaded'
)

select distinct file_date as aar
from loads
