-- Grain: one row per piece of person_sykefravaer_dagsverk, with the position code and age band of its
-- employment version (age in completed years on the period's last day, the bands of DEFINITIONS.md "Age
-- and gender") and the code's kompetansegruppe (UKJENT: code not in stillingskoder.csv).
-- For: the breakdowns of sick leave in rpt_sykefravaer_gruppe (DEFINITIONS.md "Year view, size and
-- breakdowns"). Person-level helper, granted to nobody.
create or replace view person_sykefravaer_gruppe as
with coded as (
    select d.kommunenummer, d.periode_fra, d.periode_til, d.person_id, d.avtalte, d.tapte,
           a.stillingskode, a.fodselsdato
    from person_sykefravaer_dagsverk d
    join int_arbeidsforhold_omrade a
      on a.kommunenummer = d.kommunenummer
     and a.arbeidsforhold_id = d.arbeidsforhold_id
     and a.omrade = d.omrade
     and a.lonnsform = 'MAANED'
     and a.fra_dato <= d.fra_dato
     and d.fra_dato <= a.til_dato
),

aged as (
    select c.*,
           cast(extract(year from periode_til) as integer) - cast(extract(year from fodselsdato) as integer)
           - case
                 when cast(extract(month from fodselsdato) as integer) * 100 + cast(extract(day from fodselsdato) as integer)
                      > cast(extract(month from periode_til) as integer) * 100
                        + cast(extract(day from periode_til) as integer)
                 then 1 else 0
             end as alder
    from coded c
)

select g.kommunenummer, g.periode_fra, g.periode_til, g.person_id, g.avtalte, g.tapte, g.stillingskode,
       coalesce(k.kompetansegruppe, 'UKJENT') as kompetansegruppe,
       case
           when g.alder < 25 then '<25'
           when g.alder <= 34 then '25-34'
           when g.alder <= 44 then '35-44'
           when g.alder <= 54 then '45-54'
           when g.alder <= 61 then '55-61'
           when g.alder <= 66 then '62-66'
           else '67+'
       end as aldersgruppe
from aged g
left join ref_stillingskode k
  on k.kommunenummer = g.kommunenummer and k.stillingskode = g.stillingskode;
