-- The pension keys (EXTRACTS.md: provider + person + type + uttaksdato) a provider has delivered to the
-- municipality, with their file's year: a row of a later year's file with one of them is a duplicate.
select distinct person_id, pensjonstype, uttaksdato, aar
from stg_pensjon
where kommunenummer = :kommunenummer
  and leverandor = :leverandor;
