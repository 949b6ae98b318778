-- Grain: one row per municipality: the first day with a registration of any kind in the fravaer snapshot
-- in use (DEFINITIONS.md "Coverage": where the absence register starts when kommune.yaml gives no
-- fravaer_fra; the month of this day is the first one covered).
-- For: sql/marts/fravaer_dekning.sql. Aggregate, granted to the reporting role.
create or replace view rpt_fravaer_dekning as
select kommunenummer, min(fra_dato) as forste_registrering
from stg_fravaer
group by kommunenummer;
