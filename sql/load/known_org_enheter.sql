-- Org unit codes of the municipality's current organisasjon snapshot (one row per code).
select distinct org_enhet
from stg_organisasjon
where kommunenummer = :kommunenummer
order by org_enhet;
