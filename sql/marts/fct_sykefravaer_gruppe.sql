-- fct_sykefravaer_gruppe: the exact sick-leave sums of the whole municipality in one period [:fra, :til] by
-- age band, kompetansegruppe and position code (DEFINITIONS.md "Year view, size and breakdowns of sick leave").
-- Grain: one row per dimensjon ('alder', 'kompetanse', 'stilling') and gruppe with agreed day-works in the
-- period. Reads the aggregate view rpt_sykefravaer_gruppe (sql/views/rpt_sykefravaer_gruppe.sql); Python divides.
with sums as (
    select dimensjon, gruppe, personer, avtalte, tapte
    from rpt_sykefravaer_gruppe
    where kommunenummer = :kommunenummer
      and fra = cast(:fra as date)
      and til = cast(:til as date)
)

select dimensjon, gruppe, personer, avtalte, tapte
from sums
