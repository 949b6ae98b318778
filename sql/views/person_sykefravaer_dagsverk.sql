-- Grain: one row per piece of int_sykefravaer_segment and sick-leave period (dim_periode_fravaer) it
-- overlaps, clipped to the period, with its agreed and lost day-works (DEFINITIONS.md "Sick leave"), and
-- the employment and first day of the piece (for the breakdowns).
-- For: the sick-leave sums of rpt_sykefravaer_periode and person_sykefravaer_gruppe. Person-level helper,
-- granted to nobody.
create or replace view person_sykefravaer_dagsverk as
with pieces as (
    select s.kommunenummer, p.fra as periode_fra, p.til as periode_til,
           s.person_id, s.kjonn, s.omrade, s.stillingsprosent, s.sykegrad, s.egengrad, s.tilfelle_dager,
           s.arbeidsforhold_id,
           greatest(s.fra_dato, p.fra) as fra_dato,
           least(s.til_dato, p.til) as til_dato
    from int_sykefravaer_segment s
    join dim_periode_fravaer p on s.fra_dato <= p.til and s.til_dato >= p.fra
    where s.stillingsprosent > 0
),

-- workdays in [fra_dato, til_dato] = nr(til_dato + 1) - nr(fra_dato)
with_workdays as (
    select p.kommunenummer, p.periode_fra, p.periode_til, p.person_id, p.kjonn, p.omrade, p.stillingsprosent,
           p.sykegrad, p.egengrad, p.tilfelle_dager, p.arbeidsforhold_id, p.fra_dato,
           k_etter.arbeidsdag_nr - k_fra.arbeidsdag_nr as arbeidsdager
    from pieces p
    join dim_kalender k_fra on k_fra.dato = p.fra_dato
    join dim_kalender k_etter on k_etter.dato = p.til_dato + 1
),

-- p = stillingsprosent / 100, written as * 0.01 so that DuckDB stays in exact decimals; the explicit
-- 38-digit type keeps DuckDB from multiplying in 64-bit integers, which overflow at 12 decimals
agreed as (
    select kommunenummer, periode_fra, periode_til, person_id, kjonn, omrade, tilfelle_dager, sykegrad, egengrad,
           arbeidsforhold_id, fra_dato,
           cast(stillingsprosent * 0.01 * arbeidsdager as numeric(38,5)) as avtalte
    from with_workdays
    where arbeidsdager > 0
)

select kommunenummer, periode_fra, periode_til, person_id, kjonn, omrade, tilfelle_dager, avtalte,
       avtalte * sykegrad as tapte,
       avtalte * egengrad as tapte_egen,
       arbeidsforhold_id, fra_dato
from agreed;
