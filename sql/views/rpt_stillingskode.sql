-- Grain: one row per municipality and position code of stillingskoder.csv, with its title and
-- kompetansegruppe.
-- For: the position titles of the reports (sql/marts/ref_stillingstittel.sql). Reference data, no
-- persons; granted to the reporting role.
create or replace view rpt_stillingskode as
select kommunenummer, stillingskode, tittel, kompetansegruppe
from ref_stillingskode;
