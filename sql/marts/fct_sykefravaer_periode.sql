-- fct_sykefravaer_periode: the exact sick-leave sums of the periods whose first day is one of :fra and last
-- day one of :til (lists; DEFINITIONS.md "Sick leave"). One query serves the ~25 periods of a report: the
-- filter reaches the period grid, so it costs little more than one period.
-- Grain: one row per period (fra, til) and group: the whole municipality (niva = 'total'), each area code
-- ('omrade') and each gender ('kjonn'), for groups with agreed day-works in the period. Sums are exact
-- numerics; Python divides them. korttid = tapte_1_3 + tapte_4_16, langtid = tapte_17_56 + tapte_57.
-- Reads the aggregate view rpt_sykefravaer_periode (sql/views/rpt_sykefravaer_periode.sql), which holds
-- the sums of every calendar year, half-year, quarter and rolling year; hr.metrics.sykefravaer keeps the
-- (fra, til) pairs it asked for.
with sums as (
    select fra, til, niva, omrade, kjonn, personer, avtalte, tapte, tapte_egenmeldt,
           tapte_1_3, tapte_4_16, tapte_17_56, tapte_57
    from rpt_sykefravaer_periode
    where kommunenummer = :kommunenummer
      and fra in :fra
      and til in :til
)

select fra, til, niva, omrade, kjonn, personer, avtalte, tapte, tapte_egenmeldt,
       tapte_1_3, tapte_4_16, tapte_17_56, tapte_57
from sums
