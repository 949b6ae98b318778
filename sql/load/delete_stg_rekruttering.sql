-- A new delivery replaces the municipality's rows of stg_rekruttering whole (full snapshot / reference list).
delete from stg_rekruttering
where kommunenummer = :kommunenummer;
