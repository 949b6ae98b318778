-- int_org_omrade: one row per org unit row and stretch of its validity with one level-2 area
-- (see sql/schema/040_intermediate.sql). Trees of any depth: the area is the level-2 ancestor on each day.
delete from int_org_omrade where kommunenummer = :kommunenummer;

insert into int_org_omrade (kommunenummer, org_enhet, omrade, gyldig_fra, gyldig_til)
with recursive org as (
    select org_enhet, overordnet, niva, gyldig_fra,
           coalesce(gyldig_til, date '9999-12-31') as gyldig_til
    from stg_organisasjon
    where kommunenummer = :kommunenummer
),

-- Grain: one row per unit row and piece of it under one ancestor row per level. Level 2 rows are their
-- own area; a row one level down takes its parent's area on the days both rows are valid. Validation
-- (hr/ingest/validate.py, org-tree rules) guarantees a parent on every day of every row below level 2,
-- one level up; `niva = parent + 1` also ends the recursion on any tree.
tree (org_enhet, rad_fra, rad_til, niva, omrade, fra, til) as (
    select org_enhet, gyldig_fra, gyldig_til, niva, org_enhet, gyldig_fra, gyldig_til
    from org
    where niva = 2
    union all
    select c.org_enhet, c.gyldig_fra, c.gyldig_til, c.niva, t.omrade,
           greatest(c.gyldig_fra, t.fra), least(c.gyldig_til, t.til)
    from tree t
    join org c
      on c.overordnet = t.org_enhet
     and c.niva = t.niva + 1
     and c.gyldig_fra <= t.til
     and t.fra <= c.gyldig_til
),

-- a new stretch starts where the area changes within a unit row (pieces of one row never overlap)
flagged as (
    select org_enhet, rad_fra, omrade, fra, til,
           case
               when lag(omrade) over w = omrade and (lag(til) over w) + 1 = fra then 0
               else 1
           end as ny
    from tree
    window w as (partition by org_enhet, rad_fra order by fra)
),

numbered as (
    select org_enhet, rad_fra, omrade, fra, til,
           sum(ny) over (partition by org_enhet, rad_fra order by fra rows unbounded preceding) as strekning
    from flagged
),

stretches as (
    select org_enhet, omrade, min(fra) as gyldig_fra, max(til) as gyldig_til
    from numbered
    group by org_enhet, rad_fra, omrade, strekning
)

select cast(:kommunenummer as text) as kommunenummer, org_enhet, omrade, gyldig_fra, gyldig_til
from stretches;

delete from int_omrade_navn where kommunenummer = :kommunenummer;

insert into int_omrade_navn (kommunenummer, omrade, navn, gyldig_fra, gyldig_til)
with areas as (
    select kommunenummer, org_enhet as omrade, navn, gyldig_fra,
           coalesce(gyldig_til, date '9999-12-31') as gyldig_til
    from stg_organisasjon
    where kommunenummer = :kommunenummer and niva = 2
)

select kommunenummer, omrade, navn, gyldig_fra, gyldig_til
from areas;

-- statistics for the queries that read it next (later rebuild steps and the reporting views)
analyze int_org_omrade;
analyze int_omrade_navn;
