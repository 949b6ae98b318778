-- fct_sykefravaer_periode: the exact sick-leave sums of one period [:fra, :til] (DEFINITIONS.md "Sick leave").
-- Grain: one row per group: the whole municipality (niva = 'total'), each area code ('omrade') and each
-- gender ('kjonn'), for groups with agreed day-works in the period. Sums are exact numerics; Python
-- divides them. korttid = tapte_1_3 + tapte_4_16, langtid = tapte_17_56 + tapte_57.
-- Reads the aggregate view rpt_sykefravaer_periode (sql/views/rpt_sykefravaer_periode.sql), which holds
-- the sums of every calendar year, half-year and quarter; :fra and :til pick one of them.
with sums as (
    select niva, omrade, kjonn, personer, avtalte, tapte, tapte_egenmeldt,
           tapte_1_3, tapte_4_16, tapte_17_56, tapte_57
    from rpt_sykefravaer_periode
    where kommunenummer = :kommunenummer
      and fra = cast(:fra as date)
      and til = cast(:til as date)
)

select niva, omrade, kjonn, personer, avtalte, tapte, tapte_egenmeldt,
       tapte_1_3, tapte_4_16, tapte_17_56, tapte_57
from sums
