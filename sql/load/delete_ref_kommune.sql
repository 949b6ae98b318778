-- A new delivery replaces the municipality's rows of ref_kommune whole (full snapshot / reference list).
delete from ref_kommune
where kommunenummer = :kommunenummer;
