-- Grain: one row per status date and employment-area period active on that day
-- (int_arbeidsforhold_omrade). The status dates are the year-ends (31.12), the only ones the reports use
-- (DEFINITIONS.md): so the rpt_*_status views stay small enough to read whole, and a mart asking for
-- another day gets no rows.
-- For: every status-date view (person_arsverk, person_stillingsstorrelse_status, person_kompetanse_status,
-- rpt_alder_status, rpt_heltid_stilling_status, rpt_laerlinger_status, rpt_minoritet_status).
-- Person-level helper, granted to nobody.
create or replace view person_arbeidsforhold_status as
select e.kommunenummer, k.dato as status_dato, e.person_id, e.kjonn, e.fodselsdato, e.arbeidsforhold_id,
       e.omrade, e.stillingskode, e.stillingsprosent, e.lonnsform, e.ansettelsesform, e.innvandrerbakgrunn,
       e.leder
from dim_kalender k
join int_arbeidsforhold_omrade e on e.fra_dato <= k.dato and k.dato <= e.til_dato
where extract(month from k.dato) = 12 and extract(day from k.dato) = 31;
