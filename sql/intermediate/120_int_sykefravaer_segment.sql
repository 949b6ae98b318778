-- int_sykefravaer_segment: MAANED employment-area periods cut where the set of covering sick-leave
-- registrations changes. Grain: one row per piece (see sql/schema/040_intermediate.sql).
-- Interval arithmetic instead of a row per day: inside a piece every day has the same position size,
-- area, sick degree and absence case, so a period's sums are (workdays of the piece) x (its values).
-- Registration days outside the employment's active days fall outside every piece and count nothing.
delete from int_sykefravaer_segment where kommunenummer = :kommunenummer;

insert into int_sykefravaer_segment (
    kommunenummer, person_id, kjonn, arbeidsforhold_id, omrade, stillingsprosent, fra_dato, til_dato,
    sykegrad, egengrad, tilfelle_dager
)
with employment as (
    select kommunenummer, person_id, kjonn, arbeidsforhold_id, omrade, stillingsprosent, fra_dato, til_dato
    from int_arbeidsforhold_omrade
    where kommunenummer = :kommunenummer
      and lonnsform = 'MAANED'
),

sick as (
    select arbeidsforhold_id, fravaerstype, fra_dato, til_dato, grad, tilfelle_dager
    from int_sykefravaer_registrering
    where kommunenummer = :kommunenummer
),

-- the first day of every piece: the period's first day, and each registration's first day and the
-- day after its last, when they fall inside the period (union drops repeated days)
cuts as (
    select arbeidsforhold_id, fra_dato as periode_fra, fra_dato as dato
    from employment
    union
    select e.arbeidsforhold_id, e.fra_dato, s.fra_dato
    from employment e
    join sick s
      on s.arbeidsforhold_id = e.arbeidsforhold_id
     and s.fra_dato > e.fra_dato
     and s.fra_dato <= e.til_dato
    union
    select e.arbeidsforhold_id, e.fra_dato, s.til_dato + 1
    from employment e
    join sick s
      on s.arbeidsforhold_id = e.arbeidsforhold_id
     and s.til_dato >= e.fra_dato
     and s.til_dato < e.til_dato
),

pieces as (
    select arbeidsforhold_id, periode_fra, dato as fra_dato,
           lead(dato) over (partition by arbeidsforhold_id, periode_fra order by dato) - 1 as neste_til
    from cuts
),

segments as (
    select e.kommunenummer, e.person_id, e.kjonn, e.arbeidsforhold_id, e.omrade, e.stillingsprosent,
           p.fra_dato, coalesce(p.neste_til, e.til_dato) as til_dato
    from pieces p
    join employment e
      on e.arbeidsforhold_id = p.arbeidsforhold_id
     and e.fra_dato = p.periode_fra
),

-- a registration covers a piece wholly or not at all; covering registrations overlap each other,
-- so they belong to one absence case. Sums are cast to a narrow decimal: DuckDB widens sum() to
-- decimal(38, s), and a 38-digit type cannot keep more decimals in later arithmetic.
covering as (
    select g.arbeidsforhold_id, g.fra_dato,
           cast(sum(s.grad) as numeric(12,3)) as grad_sum,
           cast(sum(case when s.fravaerstype = 'EGENMELDING' then s.grad else 0 end) as numeric(12,3)) as egen_sum,
           max(s.tilfelle_dager) as tilfelle_dager
    from segments g
    join sick s
      on s.arbeidsforhold_id = g.arbeidsforhold_id
     and s.fra_dato <= g.fra_dato
     and s.til_dato >= g.til_dato
    group by g.arbeidsforhold_id, g.fra_dato
),

-- grad has three decimals, so in thousandths of a percent the degrees are whole numbers
whole_units as (
    select arbeidsforhold_id, fra_dato, grad_sum, egen_sum, tilfelle_dager,
           cast(egen_sum * 1000 as bigint) as egen_units,
           cast(grad_sum * 1000 as bigint) as all_units
    from covering
),

-- egen_units / all_units rounded half up to 12 decimals by long division in two steps of six digits.
-- Integer remainders are exact on both engines, whereas DuckDB divides decimals in floating point;
-- each quotient below is a whole number under 2^53, so DuckDB's division gives it exactly too.
first_digits as (
    select w.*,
           cast((egen_units * 1000000 - (egen_units * 1000000) % all_units) / all_units as bigint) as q1,
           (egen_units * 1000000) % all_units as r1
    from whole_units w
),

last_digits as (
    select f.*,
           cast((r1 * 1000000 - (r1 * 1000000) % all_units) / all_units as bigint) as q2,
           (r1 * 1000000) % all_units as r2
    from first_digits f
),

degrees as (
    select arbeidsforhold_id, fra_dato, tilfelle_dager,
           cast(least(grad_sum * 0.01, 1) as numeric(9,5)) as sykegrad,
           case
               when grad_sum <= 100 then cast(egen_sum * 0.01 as numeric(13,12))
               else cast(cast(q1 * 1000000 + q2 + case when 2 * r2 >= all_units then 1 else 0 end
                              as numeric(13,0)) * 0.000000000001 as numeric(13,12))
           end as egengrad
    from last_digits
),

pieces_with_degrees as (
    select g.kommunenummer, g.person_id, g.kjonn, g.arbeidsforhold_id, g.omrade, g.stillingsprosent,
           g.fra_dato, g.til_dato,
           coalesce(d.sykegrad, 0) as sykegrad,
           coalesce(d.egengrad, 0) as egengrad,
           d.tilfelle_dager
    from segments g
    left join degrees d
      on d.arbeidsforhold_id = g.arbeidsforhold_id
     and d.fra_dato = g.fra_dato
)

select kommunenummer, person_id, kjonn, arbeidsforhold_id, omrade, stillingsprosent, fra_dato, til_dato,
       sykegrad, egengrad, tilfelle_dager
from pieces_with_degrees;

analyze int_sykefravaer_segment;
