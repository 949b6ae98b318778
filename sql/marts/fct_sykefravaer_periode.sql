-- fct_sykefravaer_periode: the exact sick-leave sums of one period [:fra, :til] (DEFINITIONS.md "Sick leave").
-- Grain: one row per group: the whole municipality (niva = 'total'), each area code ('omrade') and each
-- gender ('kjonn'), for groups with agreed day-works in the period. Sums are exact numerics; Python
-- divides them. korttid = tapte_1_3 + tapte_4_16, langtid = tapte_17_56 + tapte_57.
with pieces as (
    select person_id, kjonn, omrade, stillingsprosent, sykegrad, egengrad, tilfelle_dager,
           greatest(fra_dato, cast(:fra as date)) as fra_dato,
           least(til_dato, cast(:til as date)) as til_dato
    from int_sykefravaer_segment
    where kommunenummer = :kommunenummer
      and fra_dato <= cast(:til as date)
      and til_dato >= cast(:fra as date)
      and stillingsprosent > 0
),

-- workdays in [fra_dato, til_dato] = nr(til_dato + 1) - nr(fra_dato)
with_workdays as (
    select p.*, k_etter.arbeidsdag_nr - k_fra.arbeidsdag_nr as arbeidsdager
    from pieces p
    join dim_kalender k_fra on k_fra.dato = p.fra_dato
    join dim_kalender k_etter on k_etter.dato = p.til_dato + 1
),

-- p = stillingsprosent / 100, written as * 0.01 so that DuckDB stays in exact decimals; the explicit
-- 38-digit type keeps DuckDB from multiplying in 64-bit integers, which overflow at 12 decimals
agreed as (
    select person_id, kjonn, omrade, tilfelle_dager, sykegrad, egengrad,
           cast(stillingsprosent * 0.01 * arbeidsdager as numeric(38,5)) as avtalte
    from with_workdays
    where arbeidsdager > 0
),

day_works as (
    select person_id, kjonn, omrade, tilfelle_dager, avtalte,
           avtalte * sykegrad as tapte,
           avtalte * egengrad as tapte_egen
    from agreed
),

grouped as (
    select case
               when grouping(omrade) = 0 then 'omrade'
               when grouping(kjonn) = 0 then 'kjonn'
               else 'total'
           end as niva,
           omrade,
           kjonn,
           count(distinct person_id) as personer,
           sum(avtalte) as avtalte,
           sum(tapte) as tapte,
           sum(tapte_egen) as tapte_egenmeldt,
           sum(case when tilfelle_dager between 1 and 3 then tapte else 0 end) as tapte_1_3,
           sum(case when tilfelle_dager between 4 and 16 then tapte else 0 end) as tapte_4_16,
           sum(case when tilfelle_dager between 17 and 56 then tapte else 0 end) as tapte_17_56,
           sum(case when tilfelle_dager >= 57 then tapte else 0 end) as tapte_57
    from day_works
    group by grouping sets ((), (omrade), (kjonn))
    having count(*) > 0  -- the empty grouping set gives a row even when the period has no day-works
)

select niva, omrade, kjonn, personer, avtalte, tapte, tapte_egenmeldt,
       tapte_1_3, tapte_4_16, tapte_17_56, tapte_57
from grouped
