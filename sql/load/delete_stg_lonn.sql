-- A payroll month file replaces that month (periode YYYY-MM) for the municipality.
delete from stg_lonn
where kommunenummer = :kommunenummer
  and periode = :periode;
