-- Grain: one row per municipality, org unit and stretch of days on which it belonged to one level-2 area.
-- For: the reorganisations between the periods a report compares (sql/marts/org_flytting.sql). Organisation,
-- no persons; granted to the reporting role.
create or replace view rpt_org_omrade as
select kommunenummer, org_enhet, omrade, gyldig_fra, gyldig_til
from int_org_omrade;
