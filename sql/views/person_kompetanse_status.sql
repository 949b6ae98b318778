-- Grain: one row per status date and MAANED employment-area period, with its kompetansegruppe,
-- apprentices left out (DEFINITIONS.md "Competence").
-- For: rpt_kompetanse_status. Person-level helper, granted to nobody.
create or replace view person_kompetanse_status as
select a.kommunenummer, a.status_dato, a.person_id, a.omrade, a.stillingsprosent, k.kompetansegruppe
from person_arbeidsforhold_status a
join ref_stillingskode k
  on k.kommunenummer = a.kommunenummer and k.stillingskode = a.stillingskode
where a.lonnsform = 'MAANED'
  and k.kompetansegruppe <> 'LAERLING';
