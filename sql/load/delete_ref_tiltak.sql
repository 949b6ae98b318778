-- A new delivery replaces the municipality's rows of ref_tiltak whole (the register is a full list).
delete from ref_tiltak
where kommunenummer = :kommunenummer;
