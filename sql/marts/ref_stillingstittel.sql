-- The title of every position code (stillingskoder.csv), for the breakdowns by position.
-- Grain: one row per position code.
with codes as (
    select stillingskode, tittel
    from rpt_stillingskode
    where kommunenummer = :kommunenummer
)

select stillingskode, tittel
from codes
