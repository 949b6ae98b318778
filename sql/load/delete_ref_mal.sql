-- A new delivery replaces the municipality's rows of ref_mal whole (full snapshot / reference list).
delete from ref_mal
where kommunenummer = :kommunenummer;
