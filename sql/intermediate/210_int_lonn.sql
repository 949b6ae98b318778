-- int_lonn: one row per payroll line with the employment version of the 15th of its month
-- (see sql/schema/040_intermediate.sql).
delete from int_lonn where kommunenummer = :kommunenummer;

insert into int_lonn (
    kommunenummer, periode, aar, arbeidsforhold_id, lonnsartgruppe, belop, person_id, kjonn, omrade,
    stillingskode, stillingsprosent, aktiv_den_15
)
with lines as (
    -- rad identifies a line; identical duplicate lines may share an order, which does not matter
    -- because each line keeps its own values whichever number it gets.
    select kommunenummer, periode, arbeidsforhold_id, lonnsartgruppe, belop,
           cast(substr(periode, 1, 4) as integer) as aar,
           cast(periode || '-15' as date) as dag_15,
           row_number() over (order by periode, linje, arbeidsforhold_id, lonnsart, lonnsartgruppe, belop) as rad
    from stg_lonn
    where kommunenummer = :kommunenummer
),

versions as (
    select arbeidsforhold_id, person_id, kjonn, omrade, stillingskode, stillingsprosent, fra_dato, til_dato
    from int_arbeidsforhold_omrade
    where kommunenummer = :kommunenummer
),

candidates as (
    -- avstand = days between the 15th and the version; 0 when the version is active on the 15th
    select l.rad, l.kommunenummer, l.periode, l.aar, l.arbeidsforhold_id, l.lonnsartgruppe, l.belop,
           v.person_id, v.kjonn, v.omrade, v.stillingskode, v.stillingsprosent, v.fra_dato,
           case
               when v.fra_dato is null then 0
               when v.fra_dato <= l.dag_15 and l.dag_15 <= v.til_dato then 0
               when v.til_dato < l.dag_15 then l.dag_15 - v.til_dato
               else v.fra_dato - l.dag_15
           end as avstand,
           case when v.fra_dato <= l.dag_15 and l.dag_15 <= v.til_dato then true else false end as aktiv_den_15
    from lines l
    left join versions v on v.arbeidsforhold_id = l.arbeidsforhold_id
),

nearest as (
    select c.*,
           row_number() over (partition by rad order by avstand, fra_dato) as rang
    from candidates c
)

select kommunenummer, periode, aar, arbeidsforhold_id, lonnsartgruppe, belop, person_id, kjonn, omrade,
       stillingskode, stillingsprosent, aktiv_den_15
from nearest
where rang = 1;

-- statistics for the queries that read it next (later rebuild steps and the reporting views)
analyze int_lonn;
