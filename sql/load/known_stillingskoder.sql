-- Position codes of the municipality's current referanse/stillingskoder.csv (one row per code).
select distinct stillingskode
from ref_stillingskode
where kommunenummer = :kommunenummer
order by stillingskode;
