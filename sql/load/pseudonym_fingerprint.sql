-- The fingerprint of the pseudonym key the municipality was loaded with (no row before its first load).
select fingeravtrykk
from meta_pseudonym_nokkel
where kommunenummer = :kommunenummer;
