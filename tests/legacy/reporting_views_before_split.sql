-- Reporting views: the only warehouse objects (with ref_kommune, ref_tekst, ref_innbyggere, ref_mal and
-- meta_load_log) the reporting role may read (sql/roles/reporting_grants.sql, docs/personvern.md).
--
-- rpt_* views are aggregates: no row describes one person, no column holds a person_id, birth date or
-- registration. The int_*_v views below them are person-level helpers for the rpt_* views and are
-- granted to nobody. In PostgreSQL a view reads its tables with its owner's (the loader's) rights, so
-- the reporting role needs SELECT on the rpt_* views only.
--
-- Views cannot take parameters, so each one is defined over a grid (every year-end, every calendar
-- year, half-year and quarter) and the marts in sql/marts/ pick their date or period with a filter on the grid
-- columns. Both engines push such a filter down into the view, so only the asked-for date or period is
-- computed. PostgreSQL does not push a filter through GROUP BY GROUPING SETS, so every subtotal is its
-- own plain GROUP BY, joined with UNION ALL (er_total / alle_* flag which is which).
-- The sums are the same exact numeric expressions as before, so figures stay byte-identical.

-- Grain: one row per calendar period (year, half-year, quarter) of the calendar: its first and last day.
create or replace view dim_periode as
with paired as (
    -- a period of 3, 6 or 12 months starts on the first day of a month that is a multiple of its length
    -- (Q1-Q4, H1-H2, the year) and ends on the last day of a month of the same year; no CTE is read twice,
    -- so a filter on fra and til reaches dim_kalender's primary key
    select s.dato as fra, e.dato as til,
           cast(extract(month from e.dato) as integer) - cast(extract(month from s.dato) as integer) + 1 as maaneder,
           cast(extract(month from s.dato) as integer) as start_mnd
    from dim_kalender s
    join dim_kalender e
      on extract(year from e.dato) = extract(year from s.dato)
     and e.dato > s.dato
    where extract(day from s.dato) = 1
      and extract(day from e.dato + 1) = 1
)

select fra, til, maaneder
from paired
where maaneder in (3, 6, 12)
  and mod(start_mnd - 1, maaneder) = 0;

-- Grain: one row per sick-leave period: the calendar periods of dim_periode and the rolling 12 months
-- ending with the last day of a quarter (DEFINITIONS.md `sykefravaer_rullerende_12m_prosent`), those that are
-- not a calendar year (the 12 months ending with Q4 are the year, already in dim_periode): April-March,
-- July-June and October-September. A filter on fra and til reaches dim_kalender's key in both branches.
create or replace view dim_periode_fravaer as
select fra, til, maaneder
from dim_periode
union all
select s.dato as fra, e.dato as til, 12 as maaneder
from dim_kalender s
join dim_kalender e
  on extract(year from e.dato) = extract(year from s.dato) + 1
 and cast(extract(month from e.dato) as integer) = cast(extract(month from s.dato) as integer) - 1
where extract(day from s.dato) = 1
  and extract(day from e.dato + 1) = 1
  and cast(extract(month from s.dato) as integer) in (4, 7, 10);

-- Person-level helper (not granted). Grain: one row per piece of int_sykefravaer_segment and sick-leave
-- period (dim_periode_fravaer) it overlaps, clipped to the period, with its agreed and lost day-works
-- (DEFINITIONS.md "Sick leave"), and the employment and first day of the piece (for the breakdowns).
create or replace view int_sykefravaer_dagsverk_v as
with pieces as (
    select s.kommunenummer, p.fra as periode_fra, p.til as periode_til,
           s.person_id, s.kjonn, s.omrade, s.stillingsprosent, s.sykegrad, s.egengrad, s.tilfelle_dager,
           s.arbeidsforhold_id,
           greatest(s.fra_dato, p.fra) as fra_dato,
           least(s.til_dato, p.til) as til_dato
    from int_sykefravaer_segment s
    join dim_periode_fravaer p on s.fra_dato <= p.til and s.til_dato >= p.fra
    where s.stillingsprosent > 0
),

-- workdays in [fra_dato, til_dato] = nr(til_dato + 1) - nr(fra_dato)
with_workdays as (
    select p.kommunenummer, p.periode_fra, p.periode_til, p.person_id, p.kjonn, p.omrade, p.stillingsprosent,
           p.sykegrad, p.egengrad, p.tilfelle_dager, p.arbeidsforhold_id, p.fra_dato,
           k_etter.arbeidsdag_nr - k_fra.arbeidsdag_nr as arbeidsdager
    from pieces p
    join dim_kalender k_fra on k_fra.dato = p.fra_dato
    join dim_kalender k_etter on k_etter.dato = p.til_dato + 1
),

-- p = stillingsprosent / 100, written as * 0.01 so that DuckDB stays in exact decimals; the explicit
-- 38-digit type keeps DuckDB from multiplying in 64-bit integers, which overflow at 12 decimals
agreed as (
    select kommunenummer, periode_fra, periode_til, person_id, kjonn, omrade, tilfelle_dager, sykegrad, egengrad,
           arbeidsforhold_id, fra_dato,
           cast(stillingsprosent * 0.01 * arbeidsdager as numeric(38,5)) as avtalte
    from with_workdays
    where arbeidsdager > 0
)

select kommunenummer, periode_fra, periode_til, person_id, kjonn, omrade, tilfelle_dager, avtalte,
       avtalte * sykegrad as tapte,
       avtalte * egengrad as tapte_egen,
       arbeidsforhold_id, fra_dato
from agreed;

-- Aggregate. Grain: one row per municipality, calendar period and group: the whole municipality
-- (niva 'total'), each area code ('omrade') and each gender ('kjonn'), for groups with agreed day-works.
create or replace view rpt_sykefravaer_periode as
select kommunenummer, periode_fra as fra, periode_til as til,
       cast('total' as text) as niva, cast(null as text) as omrade, cast(null as text) as kjonn,
       count(distinct person_id) as personer,
       sum(avtalte) as avtalte,
       sum(tapte) as tapte,
       sum(tapte_egen) as tapte_egenmeldt,
       sum(case when tilfelle_dager between 1 and 3 then tapte else 0 end) as tapte_1_3,
       sum(case when tilfelle_dager between 4 and 16 then tapte else 0 end) as tapte_4_16,
       sum(case when tilfelle_dager between 17 and 56 then tapte else 0 end) as tapte_17_56,
       sum(case when tilfelle_dager >= 57 then tapte else 0 end) as tapte_57
from int_sykefravaer_dagsverk_v
group by kommunenummer, periode_fra, periode_til
union all
select kommunenummer, periode_fra, periode_til,
       cast('omrade' as text), omrade, cast(null as text),
       count(distinct person_id),
       sum(avtalte), sum(tapte), sum(tapte_egen),
       sum(case when tilfelle_dager between 1 and 3 then tapte else 0 end),
       sum(case when tilfelle_dager between 4 and 16 then tapte else 0 end),
       sum(case when tilfelle_dager between 17 and 56 then tapte else 0 end),
       sum(case when tilfelle_dager >= 57 then tapte else 0 end)
from int_sykefravaer_dagsverk_v
group by kommunenummer, periode_fra, periode_til, omrade
union all
select kommunenummer, periode_fra, periode_til,
       cast('kjonn' as text), cast(null as text), kjonn,
       count(distinct person_id),
       sum(avtalte), sum(tapte), sum(tapte_egen),
       sum(case when tilfelle_dager between 1 and 3 then tapte else 0 end),
       sum(case when tilfelle_dager between 4 and 16 then tapte else 0 end),
       sum(case when tilfelle_dager between 17 and 56 then tapte else 0 end),
       sum(case when tilfelle_dager >= 57 then tapte else 0 end)
from int_sykefravaer_dagsverk_v
group by kommunenummer, periode_fra, periode_til, kjonn;

-- Person-level helper (not granted). Grain: one row per piece of int_sykefravaer_dagsverk_v, with the
-- position code and age band of its employment version (age in completed years on the period's last day,
-- the bands of DEFINITIONS.md "Age and gender") and the code's kompetansegruppe (UKJENT: code not in
-- stillingskoder.csv), for the breakdowns of sick leave (DEFINITIONS.md "Year view, size and breakdowns").
create or replace view int_sykefravaer_gruppe_v as
with coded as (
    select d.kommunenummer, d.periode_fra, d.periode_til, d.person_id, d.avtalte, d.tapte,
           a.stillingskode, a.fodselsdato
    from int_sykefravaer_dagsverk_v d
    join int_arbeidsforhold_omrade a
      on a.kommunenummer = d.kommunenummer
     and a.arbeidsforhold_id = d.arbeidsforhold_id
     and a.omrade = d.omrade
     and a.lonnsform = 'MAANED'
     and a.fra_dato <= d.fra_dato
     and d.fra_dato <= a.til_dato
),

aged as (
    select c.*,
           cast(extract(year from periode_til) as integer) - cast(extract(year from fodselsdato) as integer)
           - case
                 when cast(extract(month from fodselsdato) as integer) * 100 + cast(extract(day from fodselsdato) as integer)
                      > cast(extract(month from periode_til) as integer) * 100
                        + cast(extract(day from periode_til) as integer)
                 then 1 else 0
             end as alder
    from coded c
)

select g.kommunenummer, g.periode_fra, g.periode_til, g.person_id, g.avtalte, g.tapte, g.stillingskode,
       coalesce(k.kompetansegruppe, 'UKJENT') as kompetansegruppe,
       case
           when g.alder < 25 then '<25'
           when g.alder <= 34 then '25-34'
           when g.alder <= 44 then '35-44'
           when g.alder <= 54 then '45-54'
           when g.alder <= 61 then '55-61'
           when g.alder <= 66 then '62-66'
           else '67+'
       end as aldersgruppe
from aged g
left join ref_stillingskode k
  on k.kommunenummer = g.kommunenummer and k.stillingskode = g.stillingskode;

-- Aggregate. Grain: one row per municipality, sick-leave period and group of one breakdown of the whole
-- municipality (dimensjon 'alder', 'kompetanse' or 'stilling', gruppe the band, kompetansegruppe or
-- position code), with the persons and the exact sums of agreed and lost day-works (the same sums as
-- rpt_sykefravaer_periode; a person with jobs in two groups counts in both).
create or replace view rpt_sykefravaer_gruppe as
select kommunenummer, periode_fra as fra, periode_til as til,
       cast('alder' as text) as dimensjon, aldersgruppe as gruppe,
       count(distinct person_id) as personer, sum(avtalte) as avtalte, sum(tapte) as tapte
from int_sykefravaer_gruppe_v
group by kommunenummer, periode_fra, periode_til, aldersgruppe
union all
select kommunenummer, periode_fra, periode_til, cast('kompetanse' as text), kompetansegruppe,
       count(distinct person_id), sum(avtalte), sum(tapte)
from int_sykefravaer_gruppe_v
group by kommunenummer, periode_fra, periode_til, kompetansegruppe
union all
select kommunenummer, periode_fra, periode_til, cast('stilling' as text), stillingskode,
       count(distinct person_id), sum(avtalte), sum(tapte)
from int_sykefravaer_gruppe_v
group by kommunenummer, periode_fra, periode_til, stillingskode;

-- Person-level helper (not granted). Grain: one row per status date and employment-area period active
-- on that day (int_arbeidsforhold_omrade), for the status-date figures. The status dates are the
-- year-ends (31.12), the only ones the reports use (DEFINITIONS.md): so the rpt_*_status views stay
-- small enough to read whole, and a mart asking for another day gets no rows.
create or replace view int_arbeidsforhold_status_v as
select e.kommunenummer, k.dato as status_dato, e.person_id, e.kjonn, e.fodselsdato, e.arbeidsforhold_id,
       e.omrade, e.stillingskode, e.stillingsprosent, e.lonnsform, e.ansettelsesform, e.innvandrerbakgrunn,
       e.leder
from dim_kalender k
join int_arbeidsforhold_omrade e on e.fra_dato <= k.dato and k.dato <= e.til_dato
where extract(month from k.dato) = 12 and extract(day from k.dato) = 31;

-- Person-level helper (not granted). Grain: one row per status date, area and person working there,
-- with the flags of DEFINITIONS.md "Workforce on the status date".
create or replace view int_arsverk_person_v as
with person_anywhere as (
    -- "no active MAANED employment" is a property of the person in the whole municipality, so an hourly
    -- job in one area does not make a monthly-paid person "timelønnet" there.
    select kommunenummer, status_dato, person_id,
           max(case when lonnsform = 'MAANED' then 1 else 0 end) as har_maaned
    from int_arbeidsforhold_status_v
    group by kommunenummer, status_dato, person_id
),

person_area as (
    -- one row per person and area: a person counts once in each area they work in
    select kommunenummer, status_dato, omrade, person_id,
           sum(case when lonnsform = 'MAANED' and ansettelsesform = 'FAST' then stillingsprosent else 0 end) as pst_fast,
           sum(case when lonnsform = 'MAANED' and ansettelsesform = 'MIDLERTIDIG' then stillingsprosent else 0 end) as pst_midlertidig,
           max(case when lonnsform = 'MAANED' and ansettelsesform = 'FAST' then 1 else 0 end) as er_fast,
           max(case when lonnsform = 'MAANED' and ansettelsesform = 'MIDLERTIDIG' then 1 else 0 end) as er_midlertidig,
           max(case when lonnsform = 'MAANED' then 1 else 0 end) as er_maaned,
           max(case when lonnsform = 'TIME' then 1 else 0 end) as er_time
    from int_arbeidsforhold_status_v
    group by kommunenummer, status_dato, omrade, person_id
)

select pa.kommunenummer, pa.status_dato, pa.omrade, pa.person_id, pa.pst_fast, pa.pst_midlertidig, pa.er_fast,
       pa.er_midlertidig, pa.er_maaned,
       case when pa.er_time = 1 and p.har_maaned = 0 then 1 else 0 end as er_timelonnet
from person_area pa
join person_anywhere p
  on p.kommunenummer = pa.kommunenummer and p.status_dato = pa.status_dato and p.person_id = pa.person_id;

-- Aggregate. Grain: one row per municipality, status date and area, plus the whole municipality (er_total = 1).
create or replace view rpt_arsverk_status as
select kommunenummer, status_dato, 0 as er_total, omrade,
       sum(pst_fast) as sum_pst_fast,
       sum(pst_midlertidig) as sum_pst_midlertidig,
       count(distinct case when er_fast = 1 then person_id end) as personer_fast,
       count(distinct case when er_midlertidig = 1 then person_id end) as personer_midlertidig,
       count(distinct case when er_maaned = 1 then person_id end) as personer_maanedslonnet,
       count(distinct case when er_timelonnet = 1 then person_id end) as timelonnede_personer,
       count(distinct person_id) as personer_totalt
from int_arsverk_person_v
group by kommunenummer, status_dato, omrade
union all
select kommunenummer, status_dato, 1, cast(null as text),
       sum(pst_fast), sum(pst_midlertidig),
       count(distinct case when er_fast = 1 then person_id end),
       count(distinct case when er_midlertidig = 1 then person_id end),
       count(distinct case when er_maaned = 1 then person_id end),
       count(distinct case when er_timelonnet = 1 then person_id end),
       count(distinct person_id)
from int_arsverk_person_v
group by kommunenummer, status_dato;

-- Aggregate. Grain: one row per municipality, status date, gender and age band of persons with a MAANED
-- employment (DEFINITIONS.md "Age and gender"), with exact sums (persons, completed years, stillingsprosent).
create or replace view rpt_alder_status as
with persons as (
    select kommunenummer, status_dato, person_id, min(kjonn) as kjonn, min(fodselsdato) as fodselsdato,
           sum(stillingsprosent) as pst
    from int_arbeidsforhold_status_v
    where lonnsform = 'MAANED'
    group by kommunenummer, status_dato, person_id
),

ages as (
    -- completed years: the birthday counts on the day itself (born 31.12 is a year older on 31.12);
    -- someone born 29 February has their birthday on 1 March in other years.
    select kommunenummer, status_dato, person_id, kjonn, pst,
           cast(extract(year from status_dato) as integer) - cast(extract(year from fodselsdato) as integer)
           - case
                 when cast(extract(month from fodselsdato) as integer) * 100 + cast(extract(day from fodselsdato) as integer)
                      > cast(extract(month from status_dato) as integer) * 100
                        + cast(extract(day from status_dato) as integer)
                 then 1 else 0
             end as alder
    from persons
),

banded as (
    select kommunenummer, status_dato, kjonn, pst, alder,
           case
               when alder < 25 then '<25'
               when alder <= 34 then '25-34'
               when alder <= 44 then '35-44'
               when alder <= 54 then '45-54'
               when alder <= 61 then '55-61'
               when alder <= 66 then '62-66'
               else '67+'
           end as aldersgruppe
    from ages
)

select kommunenummer, status_dato, kjonn, aldersgruppe, count(*) as personer, sum(alder) as sum_alder,
       sum(pst) as sum_pst
from banded
group by kommunenummer, status_dato, kjonn, aldersgruppe;

-- Grain: one row per municipality, year-end (31.12) and person with a MAANED employment: the person's
-- position size, the sum over their MAANED employments (two 60 % jobs make a full-time person).
create or replace view int_stillingsstorrelse_status_v as
select kommunenummer, status_dato, person_id, sum(stillingsprosent) as storrelse
from int_arbeidsforhold_status_v
where lonnsform = 'MAANED'
group by kommunenummer, status_dato, person_id;

-- Aggregate. Grain: one row per municipality, year-end (31.12) and size class of the persons with MAANED
-- employments (DEFINITIONS.md "Full-time and part-time"), position sizes capped at 100.
create or replace view rpt_heltid_status as
with classed as (
    select kommunenummer, status_dato,
           case when storrelse >= 100 then 'HELTID' when storrelse >= 80 then '80_99' else 'UNDER_80' end as klasse,
           case when storrelse > 100 then 100 else storrelse end as storrelse_tak
    from int_stillingsstorrelse_status_v
)

select kommunenummer, status_dato, klasse, count(*) as personer, sum(storrelse_tak) as sum_storrelse
from classed
group by kommunenummer, status_dato, klasse;

-- Aggregate. Grain: one row per municipality, year-end (31.12), area, position code and size class of the
-- persons with a MAANED employment with that code in that area (DEFINITIONS.md "Full-time and part-time":
-- the class is the person's size over all their MAANED employments), with the persons and the exact sum of
-- the stillingsprosent of those employments (årsverk x 100, to rank the codes of an area).
create or replace view rpt_heltid_stilling_status as
with jobs as (
    select kommunenummer, status_dato, omrade, stillingskode, person_id, sum(stillingsprosent) as pst
    from int_arbeidsforhold_status_v
    where lonnsform = 'MAANED'
    group by kommunenummer, status_dato, omrade, stillingskode, person_id
),

classed as (
    select j.kommunenummer, j.status_dato, j.omrade, j.stillingskode, j.pst,
           case when s.storrelse >= 100 then 'HELTID' when s.storrelse >= 80 then '80_99' else 'UNDER_80' end as klasse
    from jobs j
    join int_stillingsstorrelse_status_v s
      on s.kommunenummer = j.kommunenummer and s.status_dato = j.status_dato and s.person_id = j.person_id
)

select kommunenummer, status_dato, omrade, stillingskode, klasse, count(*) as personer, sum(pst) as sum_pst
from classed
group by kommunenummer, status_dato, omrade, stillingskode, klasse;

-- Reference, no persons. Grain: one row per position code of stillingskoder.csv, with its title.
create or replace view rpt_stillingskode as
select kommunenummer, stillingskode, tittel, kompetansegruppe
from ref_stillingskode;

-- Person-level helper (not granted). Grain: one row per status date and MAANED employment-area period,
-- with its kompetansegruppe, apprentices left out (DEFINITIONS.md "Competence").
create or replace view int_kompetanse_status_v as
select a.kommunenummer, a.status_dato, a.person_id, a.omrade, a.stillingsprosent, k.kompetansegruppe
from int_arbeidsforhold_status_v a
join ref_stillingskode k
  on k.kommunenummer = a.kommunenummer and k.stillingskode = a.stillingskode
where a.lonnsform = 'MAANED'
  and k.kompetansegruppe <> 'LAERLING';

-- Aggregate. Grain: one row per municipality, status date, area and kompetansegruppe, with subtotals per
-- area (alle_grupper = 1), per group (er_total = 1) and for the whole municipality (both 1).
create or replace view rpt_kompetanse_status as
select kommunenummer, status_dato, 0 as er_total, 0 as alle_grupper, omrade, kompetansegruppe,
       sum(stillingsprosent) as sum_pst, count(distinct person_id) as personer
from int_kompetanse_status_v
group by kommunenummer, status_dato, omrade, kompetansegruppe
union all
select kommunenummer, status_dato, 0, 1, omrade, cast(null as text),
       sum(stillingsprosent), count(distinct person_id)
from int_kompetanse_status_v
group by kommunenummer, status_dato, omrade
union all
select kommunenummer, status_dato, 1, 0, cast(null as text), kompetansegruppe,
       sum(stillingsprosent), count(distinct person_id)
from int_kompetanse_status_v
group by kommunenummer, status_dato, kompetansegruppe
union all
select kommunenummer, status_dato, 1, 1, cast(null as text), cast(null as text),
       sum(stillingsprosent), count(distinct person_id)
from int_kompetanse_status_v
group by kommunenummer, status_dato;

-- Aggregate. Grain: one row per municipality and year-end (31.12) with any active employment: the number
-- of apprentices (any lonnsform, DEFINITIONS.md "Competence"); 0 apprentices is a figure, not a gap.
create or replace view rpt_laerlinger_status as
with active as (
    select e.kommunenummer, e.status_dato, e.person_id, k.kompetansegruppe
    from int_arbeidsforhold_status_v e
    left join ref_stillingskode k
      on k.kommunenummer = e.kommunenummer and k.stillingskode = e.stillingskode
)

select kommunenummer, status_dato,
       count(distinct case when kompetansegruppe = 'LAERLING' then person_id end) as laerlinger
from active
group by kommunenummer, status_dato;

-- Aggregate. Grain: one row per municipality, status date and area, plus the whole municipality
-- (er_total = 1), MAANED employments (DEFINITIONS.md "Immigrant background"); persons count once per row.
create or replace view rpt_minoritet_status as
select kommunenummer, status_dato, 0 as er_total, omrade,
       sum(stillingsprosent) as sum_pst,
       sum(case when innvandrerbakgrunn then stillingsprosent else 0 end) as sum_pst_minoritet,
       count(distinct person_id) as personer,
       count(distinct case when innvandrerbakgrunn then person_id end) as personer_minoritet,
       count(distinct case when innvandrerbakgrunn and kjonn = 'M' then person_id end) as menn,
       count(distinct case when innvandrerbakgrunn and kjonn = 'K' then person_id end) as kvinner,
       count(distinct case when leder then person_id end) as ledere,
       count(distinct case when leder and innvandrerbakgrunn then person_id end) as ledere_minoritet
from int_arbeidsforhold_status_v
where lonnsform = 'MAANED'
group by kommunenummer, status_dato, omrade
union all
select kommunenummer, status_dato, 1, cast(null as text),
       sum(stillingsprosent),
       sum(case when innvandrerbakgrunn then stillingsprosent else 0 end),
       count(distinct person_id),
       count(distinct case when innvandrerbakgrunn then person_id end),
       count(distinct case when innvandrerbakgrunn and kjonn = 'M' then person_id end),
       count(distinct case when innvandrerbakgrunn and kjonn = 'K' then person_id end),
       count(distinct case when leder then person_id end),
       count(distinct case when leder and innvandrerbakgrunn then person_id end)
from int_arbeidsforhold_status_v
where lonnsform = 'MAANED'
group by kommunenummer, status_dato;

-- Person-level helper (not granted). Grain: one row per calendar period (dim_periode) and person with a
-- MAANED + FAST employment on its first day: the area of the largest such employment and the person's
-- status on its last day (DEFINITIONS.md "Turnover for year Y"): BLIR when still MAANED + FAST anywhere,
-- else the reason of the last employment ended in the period (or UKJENT).
create or replace view int_turnover_person_v as
with fast as (
    select kommunenummer, person_id, arbeidsforhold_id, omrade, stillingsprosent, fra_dato, til_dato
    from int_arbeidsforhold_omrade
    where lonnsform = 'MAANED' and ansettelsesform = 'FAST'
),

base_ranked as (
    select f.kommunenummer, p.fra, p.til, f.person_id, f.omrade,
           row_number() over (
               partition by f.kommunenummer, p.fra, p.til, f.person_id
               order by f.stillingsprosent desc, f.arbeidsforhold_id
           ) as rang
    from dim_periode p
    join fast f on f.fra_dato <= p.fra and p.fra <= f.til_dato
),

base as (
    select kommunenummer, fra, til, person_id, omrade
    from base_ranked
    where rang = 1
),

still_fast as (
    -- any MAANED + FAST employment on the last day, in any unit or area: internal moves are not turnover
    select distinct f.kommunenummer, p.fra, p.til, f.person_id
    from dim_periode p
    join fast f on f.fra_dato <= p.til and p.til <= f.til_dato
),

ended_ranked as (
    -- the person's last ended employment in the period; on the same day a stated reason wins over none
    select s.kommunenummer, p.fra, p.til, s.person_id, s.sluttarsak,
           row_number() over (
               partition by s.kommunenummer, p.fra, p.til, s.person_id
               order by s.slutt_dato desc, case when s.sluttarsak is null then 1 else 0 end, s.arbeidsforhold_id
           ) as rang
    from dim_periode p
    join int_arbeidsforhold_slutt s on s.slutt_dato between p.fra and p.til
),

last_end as (
    select kommunenummer, fra, til, person_id, sluttarsak
    from ended_ranked
    where rang = 1
),

-- The three facts per person are stacked and grouped instead of joined: PostgreSQL estimates the
-- period-range joins above at a row or two and would then rescan last_end once per base person.
keyed as (
    select kommunenummer, fra, til, person_id, omrade, 1 as i_base, 0 as i_fast, cast(null as text) as sluttarsak
    from base
    union all
    select kommunenummer, fra, til, person_id, cast(null as text), 0, 1, cast(null as text)
    from still_fast
    union all
    select kommunenummer, fra, til, person_id, cast(null as text), 0, 0, sluttarsak
    from last_end
),

per_person as (
    select kommunenummer, fra, til, person_id,
           max(omrade) as omrade, max(i_base) as i_base, max(i_fast) as i_fast, max(sluttarsak) as sluttarsak
    from keyed
    group by kommunenummer, fra, til, person_id
)

select kommunenummer, fra, til, person_id, omrade,
       case when i_fast = 1 then 'BLIR' else coalesce(sluttarsak, 'UKJENT') end as status
from per_person
where i_base = 1;

-- Aggregate. Grain: one row per municipality, calendar period, area and status (BLIR or a reason).
create or replace view rpt_turnover as
select kommunenummer, fra, til, omrade, status, count(*) as personer
from int_turnover_person_v
group by kommunenummer, fra, til, omrade, status;

-- Person-level helper (not granted). Grain: one row per employment and month of FASTLONN with the
-- employment active on the 15th (DEFINITIONS.md "Pay and gender (ARP)"), corrections included.
create or replace view int_lonn_maaned_v as
with lines as (
    select kommunenummer, aar, arbeidsforhold_id, periode, person_id, kjonn, stillingskode, stillingsprosent, belop
    from int_lonn
    where lonnsartgruppe = 'FASTLONN'
      and aktiv_den_15
      and stillingsprosent > 0
),

months as (
    select kommunenummer, aar, arbeidsforhold_id, periode, person_id, kjonn, stillingskode, stillingsprosent,
           sum(belop) as belop
    from lines
    group by kommunenummer, aar, arbeidsforhold_id, periode, person_id, kjonn, stillingskode, stillingsprosent
)

select m.kommunenummer, m.aar, m.person_id, m.kjonn, m.stillingsprosent, m.belop, k.kompetansegruppe
from months m
left join ref_stillingskode k
  on k.kommunenummer = m.kommunenummer and k.stillingskode = m.stillingskode;

-- Aggregate. Grain: one row per municipality, year, gender, kompetansegruppe and stillingsprosent (detail
-- rows) with the exact sum of the employment-months' FASTLONN and their number, plus subtotal rows per
-- kompetansegruppe and for all groups (both genders, alle_kjonn = 1; and each gender, alle_kjonn = 0 with
-- alle_stillingsprosent = 1, for the suppression of pay by gender) that carry the distinct persons.
create or replace view rpt_lonn_kjonn as
select kommunenummer, aar, 0 as alle_kjonn, 0 as alle_grupper, 0 as alle_stillingsprosent,
       kjonn, kompetansegruppe, stillingsprosent,
       sum(belop) as sum_belop, count(*) as maaneder, count(distinct person_id) as personer
from int_lonn_maaned_v
group by kommunenummer, aar, kjonn, kompetansegruppe, stillingsprosent
union all
select kommunenummer, aar, 1, 0, 1, cast(null as text), kompetansegruppe, cast(null as numeric(7,3)),
       sum(belop), count(*), count(distinct person_id)
from int_lonn_maaned_v
group by kommunenummer, aar, kompetansegruppe
union all
select kommunenummer, aar, 0, 0, 1, kjonn, kompetansegruppe, cast(null as numeric(7,3)),
       sum(belop), count(*), count(distinct person_id)
from int_lonn_maaned_v
group by kommunenummer, aar, kjonn, kompetansegruppe
union all
select kommunenummer, aar, 0, 1, 1, kjonn, cast(null as text), cast(null as numeric(7,3)),
       sum(belop), count(*), count(distinct person_id)
from int_lonn_maaned_v
group by kommunenummer, aar, kjonn
union all
select kommunenummer, aar, 1, 1, 1, cast(null as text), cast(null as text), cast(null as numeric(7,3)),
       sum(belop), count(*), count(distinct person_id)
from int_lonn_maaned_v
group by kommunenummer, aar;

-- Aggregate. Grain: one row per municipality, year and area (of the employment on the 15th of the line's
-- month), plus the whole municipality (er_total = 1); lines of employments unknown to the HR extract
-- count only in the total (omrade empty).
create or replace view rpt_lonnskostnad as
select kommunenummer, aar, 0 as er_total, omrade, sum(belop) as sum_belop, count(distinct person_id) as personer
from int_lonn
group by kommunenummer, aar, omrade
union all
select kommunenummer, aar, 1, cast(null as text), sum(belop), count(distinct person_id)
from int_lonn
group by kommunenummer, aar;

-- Aggregate. Grain: one row per municipality, year of uttaksdato, pension type and provider.
create or replace view rpt_pensjon as
select kommunenummer, aar, pensjonstype, leverandor, count(*) as antall,
       sum(case when gradert then 1 else 0 end) as antall_gradert
from int_pensjon
group by kommunenummer, aar, pensjonstype, leverandor;

-- Aggregate (postings are not persons). Grain: one row per municipality and year with postings.
create or replace view rpt_rekruttering as
select kommunenummer, aar, count(*) as utlysninger, sum(antall_stillinger) as stillinger,
       sum(antall_sokere) as sokere
from int_utlysning
group by kommunenummer, aar;

-- Organisation, no persons. Grain: one row per area code and validity period of its name.
-- Aggregate. Grain: one row per municipality: the first day with a registration of any kind in the
-- fravaer snapshot in use (DEFINITIONS.md "Coverage": where the absence register starts when kommune.yaml
-- gives no fravaer_fra; the month of this day is the first one covered).
create or replace view rpt_fravaer_dekning as
select kommunenummer, min(fra_dato) as forste_registrering
from stg_fravaer
group by kommunenummer;

create or replace view rpt_omrade_navn as
select kommunenummer, omrade, navn, gyldig_fra, gyldig_til
from int_omrade_navn;

-- Organisation, no persons. Grain: one row per root (level-1) unit of the org tree in the organisasjon
-- extract in use; the sick-leave target of the root is the target of the whole municipality.
create or replace view rpt_org_rot as
select distinct kommunenummer, org_enhet
from stg_organisasjon
where niva = 1;

-- Aggregate of the quarantine, without line numbers or values. Grain: one row per delivery, broken rule
-- and message, with the number of times it was broken.
create or replace view rpt_karantene_regel as
select kommunenummer, load_id, rule, message, count(*) as antall
from meta_quarantine
group by kommunenummer, load_id, rule, message;
