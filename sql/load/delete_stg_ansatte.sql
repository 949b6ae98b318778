-- A new delivery replaces the municipality's rows of stg_ansatte whole (full snapshot / reference list).
delete from stg_ansatte
where kommunenummer = :kommunenummer;
