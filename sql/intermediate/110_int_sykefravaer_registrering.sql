-- int_sykefravaer_registrering: sick-leave registrations grouped into absence cases (DEFINITIONS.md
-- "Absence case"). Grain: one row per EGENMELDING or SYKMELDING registration.
-- Registrations of one employment are one case when they overlap or when no workday lies between
-- them (a weekend or Easter between an egenmelding and the sykmelding that follows does not split it).
-- Gaps and islands: a registration starts a new case when a workday lies between the latest til_dato
-- of the employment's earlier registrations and its own fra_dato.
delete from int_sykefravaer_registrering where kommunenummer = :kommunenummer;

insert into int_sykefravaer_registrering (
    kommunenummer, fravaer_id, arbeidsforhold_id, fravaerstype, fra_dato, til_dato, grad,
    tilfelle_nr, tilfelle_fra, tilfelle_til, tilfelle_dager
)
with registrations as (
    select kommunenummer, fravaer_id, arbeidsforhold_id, fravaerstype, fra_dato, til_dato, grad
    from stg_fravaer
    where kommunenummer = :kommunenummer
      and fravaerstype in ('EGENMELDING', 'SYKMELDING')
),

reach_before as (
    select r.*,
           max(til_dato) over (
               partition by arbeidsforhold_id
               order by fra_dato, til_dato, fravaer_id
               rows between unbounded preceding and 1 preceding
           ) as tidligere_til
    from registrations r
),

-- workdays in [tidligere_til + 1, fra_dato - 1] = nr(fra_dato) - nr(tidligere_til + 1); zero or less
-- when the registrations touch or overlap. Days outside the calendar: any gap day starts a new case.
case_starts as (
    select b.*,
           case
               when b.tidligere_til is null then 1
               when b.fra_dato <= b.tidligere_til + 1 then 0
               when coalesce(k_fra.arbeidsdag_nr - k_etter.arbeidsdag_nr, 1) > 0 then 1
               else 0
           end as nytt_tilfelle
    from reach_before b
    left join dim_kalender k_fra on k_fra.dato = b.fra_dato
    left join dim_kalender k_etter on k_etter.dato = b.tidligere_til + 1
),

numbered as (
    select s.*,
           cast(sum(nytt_tilfelle) over (
               partition by arbeidsforhold_id
               order by fra_dato, til_dato, fravaer_id
               rows between unbounded preceding and current row
           ) as integer) as tilfelle_nr
    from case_starts s
),

case_spans as (
    select n.*,
           min(fra_dato) over (partition by arbeidsforhold_id, tilfelle_nr) as tilfelle_fra,
           max(til_dato) over (partition by arbeidsforhold_id, tilfelle_nr) as tilfelle_til
    from numbered n
)

select kommunenummer, fravaer_id, arbeidsforhold_id, fravaerstype, fra_dato, til_dato, grad,
       tilfelle_nr, tilfelle_fra, tilfelle_til,
       cast(tilfelle_til - tilfelle_fra + 1 as integer) as tilfelle_dager
from case_spans;

-- fresh statistics for the next step in the same transaction (PostgreSQL's autovacuum cannot see
-- uncommitted rows, and without them it plans nested loops over the whole table)
analyze int_sykefravaer_registrering;
