-- The municipality's row in ref_kommune (zero or one row).
select kommunenummer, navn, min_n, fravaer_fra
from ref_kommune
where kommunenummer = :kommunenummer;
