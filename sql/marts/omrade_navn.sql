-- The name of every area for a period: its name on the last day within [:fra_dato, :til_dato] on which it
-- existed (OUTPUTS.md), or, for an area that did not exist in the period, its latest name before it.
-- Grain: one row per area code.
with names as (
    select omrade, navn, gyldig_fra, gyldig_til
    from int_omrade_navn
    where kommunenummer = :kommunenummer
),

ranked as (
    select omrade, navn,
           row_number() over (
               partition by omrade
               order by case when gyldig_fra <= :til_dato and :fra_dato <= gyldig_til then 0 else 1 end,
                        least(gyldig_til, :til_dato) desc,
                        gyldig_fra desc
           ) as rang
    from names
)

select omrade, navn
from ranked
where rang = 1
