-- The records (one id each) of the snapshot of :kind now in force for the municipality: what a newer
-- snapshot is compared with by the plausibility hold (EXTRACTS.md "Snapshot semantics").
select org_enhet as record_id from stg_organisasjon where kommunenummer = :kommunenummer and :kind = 'organisasjon'
union
select arbeidsforhold_id from stg_ansatte where kommunenummer = :kommunenummer and :kind = 'ansatte'
union
select fravaer_id from stg_fravaer where kommunenummer = :kommunenummer and :kind = 'fravaer'
union
select utlysning_id from stg_rekruttering where kommunenummer = :kommunenummer and :kind = 'rekruttering';
