-- Grain: one row per root (level-1) unit of the org tree in the organisasjon extract in use.
-- For: the sick-leave target of the root is the target of the whole municipality
-- (sql/marts/fct_sykefravaer_mal.sql, ref_tiltak.sql). Organisation, no persons; granted to the
-- reporting role.
create or replace view rpt_org_rot as
select distinct kommunenummer, org_enhet
from stg_organisasjon
where niva = 1;
