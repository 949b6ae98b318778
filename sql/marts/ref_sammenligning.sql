-- Published benchmarks for a report: those whose periode is the report's period, its year, or a quarter
-- inside the report's period (docs/definisjoner.md «Sammenligningstall»; SSB and NAV publish sick leave
-- by quarter). :k1..:k4 are the report's quarters (a half-year repeats its two).
-- Grain: one row per benchmark (periode, indikator, sammenligning).
with sammenligning as (
    select periode, indikator, sammenligning, verdi, kilde
    from ref_sammenligning
    where kommunenummer = :kommunenummer
      and periode in (:periode, :aar, :k1, :k2, :k3, :k4)
)

select periode, indikator, sammenligning, verdi, kilde
from sammenligning
order by periode, indikator, sammenligning
