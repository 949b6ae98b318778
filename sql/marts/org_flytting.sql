-- org_flytting: the org units that belonged to one level-2 area on :fra and to another on :til, i.e. a
-- reorganisation between the periods a report compares; for the note under the reports' area tables
-- (docs/definitions-choices.md «Reorganisations»).
-- Grain: one row per pair of areas (before, after): the number of units moved, the first day a moved unit
-- was in its new area, and whether the area it left still exists on :til.
with before as (
    select org_enhet, omrade
    from rpt_org_omrade
    where kommunenummer = :kommunenummer
      and gyldig_fra <= cast(:fra as date) and cast(:fra as date) <= gyldig_til
),

after as (
    select org_enhet, omrade, gyldig_fra
    from rpt_org_omrade
    where kommunenummer = :kommunenummer
      and gyldig_fra <= cast(:til as date) and cast(:til as date) <= gyldig_til
)

select b.omrade as omrade_fra,
       a.omrade as omrade_til,
       count(*) as enheter,
       min(a.gyldig_fra) as fra_dato,
       exists (select 1 from after s where s.omrade = b.omrade) as finnes_fortsatt
from before b
join after a on a.org_enhet = b.org_enhet
where a.omrade <> b.omrade
group by b.omrade, a.omrade
order by b.omrade, a.omrade
