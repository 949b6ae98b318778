-- A new delivery replaces the municipality's rows of ref_innbyggere whole (full snapshot / reference list).
delete from ref_innbyggere
where kommunenummer = :kommunenummer;
