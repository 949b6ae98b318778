-- HR's narrative text for one report and period, if any. Grain: one row per report and period.
with tekst as (
    select innhold
    from ref_tekst
    where kommunenummer = :kommunenummer
      and rapport = :rapport
      and periode = :periode
)

select innhold
from tekst
