-- Immigrant background on a status date, MAANED employments (DEFINITIONS.md "Immigrant background").
-- Grain: one row per area, plus the whole municipality (er_total = 1); persons count once per row.
with active as (
    select person_id, omrade, kjonn, stillingsprosent, innvandrerbakgrunn, leder
    from int_arbeidsforhold_omrade
    where kommunenummer = :kommunenummer
      and lonnsform = 'MAANED'
      and fra_dato <= :dato and :dato <= til_dato
),

summed as (
    select grouping(omrade) as er_total, omrade,
           sum(stillingsprosent) as sum_pst,
           sum(case when innvandrerbakgrunn then stillingsprosent else 0 end) as sum_pst_minoritet,
           count(distinct person_id) as personer,
           count(distinct case when innvandrerbakgrunn then person_id end) as personer_minoritet,
           count(distinct case when innvandrerbakgrunn and kjonn = 'M' then person_id end) as menn,
           count(distinct case when innvandrerbakgrunn and kjonn = 'K' then person_id end) as kvinner,
           count(distinct case when leder then person_id end) as ledere,
           count(distinct case when leder and innvandrerbakgrunn then person_id end) as ledere_minoritet
    from active
    group by grouping sets ((omrade), ())
)

select er_total, omrade, sum_pst, sum_pst_minoritet, personer, personer_minoritet, menn, kvinner,
       ledere, ledere_minoritet
from summed
