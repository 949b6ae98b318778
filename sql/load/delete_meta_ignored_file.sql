-- Before an ingest records what it did not read: the municipality's previous listing goes.
delete from meta_ignored_file where kommunenummer = :kommunenummer;
