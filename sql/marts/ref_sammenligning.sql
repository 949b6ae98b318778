-- Published benchmarks for a report: those whose periode is the report's period or its year
-- (EXTRACTS.md "referanse/"). Grain: one row per benchmark (periode, indikator, sammenligning).
with sammenligning as (
    select periode, indikator, sammenligning, verdi, kilde
    from ref_sammenligning
    where kommunenummer = :kommunenummer
      and periode in (:periode, :aar)
)

select periode, indikator, sammenligning, verdi, kilde
from sammenligning
order by periode, indikator, sammenligning
