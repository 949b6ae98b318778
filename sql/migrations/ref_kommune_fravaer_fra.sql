-- Warehouses made before fravaer_fra existed get the column (empty: coverage from the first registration).
-- Run only where the column is missing (hr.warehouse.MIGRATIONS): ALTER TABLE takes an exclusive lock on
-- ref_kommune even when the column is there, which would make every ingest wait for another
-- municipality's open load transaction.
alter table ref_kommune add column fravaer_fra date;
