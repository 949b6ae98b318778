-- A new delivery replaces the municipality's rows of ref_stillingskode whole (full snapshot / reference list).
delete from ref_stillingskode
where kommunenummer = :kommunenummer;
