-- A new delivery replaces the municipality's rows of stg_fravaer whole (full snapshot / reference list).
delete from stg_fravaer
where kommunenummer = :kommunenummer;
