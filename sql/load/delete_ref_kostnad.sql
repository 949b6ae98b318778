-- A new kommune.yaml replaces the municipality's cost per lost day-work (none when the key is left out).
delete from ref_kostnad
where kommunenummer = :kommunenummer;
