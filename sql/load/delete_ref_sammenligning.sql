-- A new delivery replaces the municipality's rows of ref_sammenligning whole (full snapshot / reference list).
delete from ref_sammenligning
where kommunenummer = :kommunenummer;
