-- dim_omrade_navn: the display name of every area code for a period ending :til (OUTPUTS.md "omrade":
-- the name on the last day within the period on which the area existed).
-- Grain: one row per area code. The name row starting last on or before :til is valid on that day;
-- an area dissolved earlier keeps its last name. An area that only starts after :til (no use in such a
-- period) gets its first name.
with names as (
    select omrade, navn, gyldig_fra
    from rpt_omrade_navn
    where kommunenummer = :kommunenummer
),

ranked as (
    select omrade, navn,
           row_number() over (
               partition by omrade
               order by case when gyldig_fra <= cast(:til as date) then 0 else 1 end,
                        abs(gyldig_fra - cast(:til as date)),
                        navn
           ) as rang
    from names
)

select omrade, navn
from ranked
where rang = 1
