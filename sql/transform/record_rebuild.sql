-- Remember what the intermediate layer was just built from.
delete from meta_rebuild where kommunenummer = :kommunenummer;

insert into meta_rebuild (kommunenummer, fingerprint)
values (:kommunenummer, :fingerprint);
