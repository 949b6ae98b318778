-- Staging: the current truth of every extract, typed. Loaded by tasks/load.py from the validated rows
-- (Norwegian dates and decimal commas are parsed on the way in). Every table carries kommunenummer
-- so one warehouse can hold many municipalities, and load_id pointing at meta_load_log.

-- Grain: one row per org unit and validity period, from the newest organisasjon snapshot.
create table if not exists stg_organisasjon (
    kommunenummer text not null,
    load_id       text not null,
    org_enhet     text not null,
    navn          text not null,
    overordnet    text,
    niva          integer not null,
    gyldig_fra    date not null,
    gyldig_til    date
);

-- Grain: one row per employment version (arbeidsforhold_id, gyldig_fra), from the newest ansatte snapshot.
-- person_id is the keyed pseudonym (HMAC-SHA256) of the fødselsnummer; the number itself is never stored.
create table if not exists stg_ansatte (
    kommunenummer      text not null,
    load_id            text not null,
    person_id          text not null,
    ansattnr           text,
    kjonn              text not null,
    fodselsdato        date not null,
    arbeidsforhold_id  text not null,
    org_enhet          text not null,
    stillingskode      text not null,
    stillingsprosent   numeric(7,3) not null,
    lonnsform          text not null,
    ansettelsesform    text not null,
    gyldig_fra         date not null,
    gyldig_til         date,
    sluttarsak         text,
    innvandrerbakgrunn boolean not null,
    leder              boolean not null
);

-- Grain: one row per absence registration, from the newest fravaer snapshot.
create table if not exists stg_fravaer (
    kommunenummer     text not null,
    load_id           text not null,
    fravaer_id        text not null,
    arbeidsforhold_id text not null,
    fravaerstype      text not null,
    fra_dato          date not null,
    til_dato          date not null,
    grad              numeric(7,3) not null
);

-- Grain: one row per job posting, from the newest rekruttering snapshot.
create table if not exists stg_rekruttering (
    kommunenummer     text not null,
    load_id           text not null,
    utlysning_id      text not null,
    org_enhet         text not null,
    stillingskode     text not null,
    publisert_dato    date not null,
    antall_stillinger integer not null,
    antall_sokere     integer not null
);

-- Grain: one row per payroll line; a month is replaced whole when its file is delivered again.
create table if not exists stg_lonn (
    kommunenummer     text not null,
    load_id           text not null,
    periode           text not null,       -- YYYY-MM
    linje             integer not null,    -- line in the delivered file
    arbeidsforhold_id text not null,
    lonnsart          text not null,
    lonnsartgruppe    text not null,
    timer             numeric(10,2),
    belop             numeric(14,2) not null
);

-- Grain: one row per new pension; a provider's year is replaced whole when delivered again.
create table if not exists stg_pensjon (
    kommunenummer text not null,
    load_id       text not null,
    leverandor    text not null,           -- KLP | SPK | BKP
    aar           integer not null,        -- the year in the file name
    linje         integer not null,
    person_id     text not null,           -- pseudonym, as stg_ansatte.person_id
    pensjonstype  text not null,           -- AFP | ALDER | UFORE (mapped from the provider's label)
    uttaksdato    date not null,
    uttaksgrad    numeric(7,3) not null
);
