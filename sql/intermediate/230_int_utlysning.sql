-- int_utlysning: one row per job posting, dated by its publisert_dato (see sql/schema/040_intermediate.sql).
delete from int_utlysning where kommunenummer = :kommunenummer;

insert into int_utlysning (kommunenummer, utlysning_id, publisert_dato, aar, antall_stillinger, antall_sokere)
with postings as (
    select kommunenummer, utlysning_id, publisert_dato, antall_stillinger, antall_sokere
    from stg_rekruttering
    where kommunenummer = :kommunenummer
),

dated as (
    select kommunenummer, utlysning_id, publisert_dato,
           cast(extract(year from publisert_dato) as integer) as aar,
           antall_stillinger, antall_sokere
    from postings
)

select kommunenummer, utlysning_id, publisert_dato, aar, antall_stillinger, antall_sokere
from dated;

-- statistics for the queries that read it next (later rebuild steps and the reporting views)
analyze int_utlysning;
