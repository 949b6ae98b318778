-- Remember the pseudonym key of the municipality's first load (its fingerprint only).
insert into meta_pseudonym_nokkel (kommunenummer, fingeravtrykk, registrert)
values (:kommunenummer, :fingerprint, current_timestamp);
