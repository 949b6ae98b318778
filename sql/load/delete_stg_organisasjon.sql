-- A new delivery replaces the municipality's rows of stg_organisasjon whole (full snapshot / reference list).
delete from stg_organisasjon
where kommunenummer = :kommunenummer;
