-- The measures register (referanse/tiltak.csv) for a report: every measure that started on or before the
-- report's last day (:til). Which of them the report lists is decided in hr/metrics/tiltak.py.
-- Grain: one row per measure (tiltak_id). er_kommunen: the measure is for the whole municipality.
with tiltak as (
    select tiltak_id, org_enhet, tittel, ansvarlig, startdato, sluttdato, status, indikator
    from ref_tiltak
    where kommunenummer = :kommunenummer
      and startdato <= cast(:til as date)
),

roots as (
    select org_enhet
    from rpt_org_rot
    where kommunenummer = :kommunenummer
)

select t.tiltak_id, t.org_enhet, t.tittel, t.ansvarlig, t.startdato, t.sluttdato, t.status, t.indikator,
       case when t.org_enhet = :kommunenummer or r.org_enhet is not null then 1 else 0 end as er_kommunen
from tiltak t
left join roots r on r.org_enhet = t.org_enhet
order by t.startdato, t.tiltak_id
