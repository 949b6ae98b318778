-- Grain: one row per employment and month of FASTLONN with the employment active on the 15th
-- (DEFINITIONS.md "Pay and gender (ARP)"), corrections included.
-- For: rpt_lonn_kjonn. Person-level helper, granted to nobody.
create or replace view person_lonn_maaned as
with lines as (
    select kommunenummer, aar, arbeidsforhold_id, periode, person_id, kjonn, stillingskode, stillingsprosent, belop
    from int_lonn
    where lonnsartgruppe = 'FASTLONN'
      and aktiv_den_15
      and stillingsprosent > 0
),

months as (
    select kommunenummer, aar, arbeidsforhold_id, periode, person_id, kjonn, stillingskode, stillingsprosent,
           sum(belop) as belop
    from lines
    group by kommunenummer, aar, arbeidsforhold_id, periode, person_id, kjonn, stillingskode, stillingsprosent
)

select m.kommunenummer, m.aar, m.person_id, m.kjonn, m.stillingsprosent, m.belop, k.kompetansegruppe
from months m
left join ref_stillingskode k
  on k.kommunenummer = m.kommunenummer and k.stillingskode = m.stillingskode;
