-- A provider-year pension file replaces that provider's year for the municipality.
delete from stg_pensjon
where kommunenummer = :kommunenummer
  and leverandor = :leverandor
  and aar = :aar;
