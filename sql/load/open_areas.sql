-- The level-2 areas of the organisasjon snapshot in force that are open on :dag (no gyldig_til, or one on
-- or after it), with their names: what a newer snapshot must still have a loading row for, closed or not
-- (the plausibility hold, hr/ingest/pipeline.py).
-- Grain: one row per area code (its latest name).
select org_enhet, max(navn) as navn
from stg_organisasjon
where kommunenummer = :kommunenummer
  and niva = 2
  and (gyldig_til is null or gyldig_til >= cast(:dag as date))
group by org_enhet
order by org_enhet
