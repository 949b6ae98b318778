-- A new kommune.yaml replaces the municipality's IA goal line and care areas (none when left out).
delete from ref_ia
where kommunenummer = :kommunenummer;

delete from ref_omsorgsomrade
where kommunenummer = :kommunenummer;
