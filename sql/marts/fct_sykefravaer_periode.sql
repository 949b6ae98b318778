-- fct_sykefravaer_periode: the exact sick-leave sums of the periods :perioder, a list of (first day, last day)
-- pairs; :fra and :til are their first and last days (lists; DEFINITIONS.md "Sick leave"). One query serves
-- the ~27 periods of a report: the filters reach the period grid, so it costs little more than one period.
-- The day lists alone would also match their other pairs that are periods of the grid (39 for the 27 of a
-- 2nd-half report, 0.67 s against 0.52 s on Bærum's DuckDB); the pairs keep exactly the periods asked for.
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
      and (fra, til) in :perioder
)

select fra, til, niva, omrade, kjonn, personer, avtalte, tapte, tapte_egenmeldt,
       tapte_1_3, tapte_4_16, tapte_17_56, tapte_57
from sums
