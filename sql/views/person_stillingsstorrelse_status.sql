-- Grain: one row per municipality, year-end (31.12) and person with a MAANED employment: the person's
-- position size, the sum over their MAANED employments (two 60 % jobs make a full-time person).
-- For: the size classes of rpt_heltid_status and rpt_heltid_stilling_status. Person-level helper,
-- granted to nobody.
create or replace view person_stillingsstorrelse_status as
select kommunenummer, status_dato, person_id, sum(stillingsprosent) as storrelse
from person_arbeidsforhold_status
where lonnsform = 'MAANED'
group by kommunenummer, status_dato, person_id;
