-- Intermediate layer, rebuilt from staging by sql/intermediate/*.sql after every load.

-- Grain: one row per org unit row and stretch of its validity with one level-2 area (a row whose
-- ancestor moved between areas is split at the move). Level 2 units are their own area; units at
-- level 3 and deeper belong to their level-2 ancestor on each day. The root has no area.
create table if not exists int_org_omrade (
    kommunenummer text not null,
    org_enhet     text not null,
    omrade        text not null,            -- code of the level-2 ancestor
    gyldig_fra    date not null,
    gyldig_til    date not null             -- open end stored as 9999-12-31
);

-- Grain: one row per employment version and area period: a version whose unit changed area
-- (reorganisation) during its validity is split at the change. Open ends are 9999-12-31.
create table if not exists int_arbeidsforhold_omrade (
    kommunenummer      text not null,
    person_id          text not null,
    kjonn              text not null,
    fodselsdato        date not null,
    arbeidsforhold_id  text not null,
    versjon_fra        date not null,       -- gyldig_fra of the employment version
    org_enhet          text not null,
    omrade             text not null,
    stillingskode      text not null,
    stillingsprosent   numeric(7,3) not null,
    lonnsform          text not null,
    ansettelsesform    text not null,
    innvandrerbakgrunn boolean not null,
    leder              boolean not null,
    fra_dato           date not null,
    til_dato           date not null
);

-- Grain: one row per area code and validity period of its name (for "name on the last day it existed").
create table if not exists int_omrade_navn (
    kommunenummer text not null,
    omrade        text not null,
    navn          text not null,
    gyldig_fra    date not null,
    gyldig_til    date not null
);

-- Grain: one row per ended employment (its last version has a gyldig_til), with the reason delivered
-- on that last version. Read by turnover (avganger by sluttarsak).
create table if not exists int_arbeidsforhold_slutt (
    kommunenummer     text not null,
    person_id         text not null,
    arbeidsforhold_id text not null,
    slutt_dato        date not null,       -- last day of the employment
    sluttarsak        text                 -- OPPSIGELSE | PENSJON | UFORE | DOD | ANNET, or empty
);

-- Grain: one row per payroll line, with the employment version in force on the 15th of the line's
-- month (DEFINITIONS.md "Pay and gender"). When no version is active on the 15th, the nearest version
-- in time gives person and area (aktiv_den_15 = false), so that no line is lost from the area sums.
create table if not exists int_lonn (
    kommunenummer     text not null,
    periode           text not null,       -- YYYY-MM
    aar               integer not null,
    arbeidsforhold_id text not null,
    lonnsartgruppe    text not null,
    belop             numeric(14,2) not null,
    person_id         text,                -- empty when the employment is unknown to the HR extract
    kjonn             text,
    omrade            text,
    stillingskode     text,
    stillingsprosent  numeric(7,3),
    aktiv_den_15      boolean not null     -- a version of the employment is active on the 15th
);

-- Grain: one row per new pension (all providers), counted in the year of its uttaksdato.
create table if not exists int_pensjon (
    kommunenummer text not null,
    leverandor    text not null,           -- KLP | SPK | BKP
    person_id     text not null,
    pensjonstype  text not null,           -- AFP | ALDER | UFORE
    uttaksdato    date not null,
    aar           integer not null,        -- year of uttaksdato
    gradert       boolean not null         -- uttaksgrad < 100
);

-- Grain: one row per job posting, counted in the year of its publisert_dato.
create table if not exists int_utlysning (
    kommunenummer     text not null,
    utlysning_id      text not null,
    publisert_dato    date not null,
    aar               integer not null,
    antall_stillinger integer not null,
    antall_sokere     integer not null
);

-- Grain: one row per sick-leave registration (EGENMELDING or SYKMELDING), with the absence case
-- (fraværstilfelle) it belongs to. A case is numbered within its employment (arbeidsforhold_id, across
-- versions); its span and length cover the whole case, even beyond any period or the employment itself.
create table if not exists int_sykefravaer_registrering (
    kommunenummer     text not null,
    fravaer_id        text not null,
    arbeidsforhold_id text not null,
    fravaerstype      text not null,        -- EGENMELDING | SYKMELDING
    fra_dato          date not null,
    til_dato          date not null,
    grad              numeric(7,3) not null,
    tilfelle_nr       integer not null,     -- 1, 2, ... per arbeidsforhold_id in date order
    tilfelle_fra      date not null,        -- first fra_dato of the case
    tilfelle_til      date not null,        -- last til_dato of the case
    tilfelle_dager    integer not null      -- calendar days from tilfelle_fra to tilfelle_til, both included
);

-- Grain: one row per piece of a MAANED employment-area period (int_arbeidsforhold_omrade) inside which
-- the set of covering sick-leave registrations is constant; the pieces tile the period without gaps.
-- Lost day-works on a workday of the piece = stillingsprosent/100 x sykegrad; egengrad is the part of
-- sykegrad that falls on EGENMELDING (the rest is SYKMELDING). Open ends are 9999-12-31.
create table if not exists int_sykefravaer_segment (
    kommunenummer     text not null,
    person_id         text not null,
    kjonn             text not null,
    arbeidsforhold_id text not null,
    omrade            text not null,
    stillingsprosent  numeric(7,3) not null,
    fra_dato          date not null,
    til_dato          date not null,
    sykegrad          numeric(9,5) not null,   -- least(1, sum of grad/100); 0 when not sick
    egengrad          numeric(13,12) not null, -- sykegrad x (EGENMELDING grad / all grad), 12 decimals
    tilfelle_dager    integer                  -- length of the absence case; empty when not sick
);
-- A period's sums read the pieces that end on or after its first day (rpt_sykefravaer_periode): on
-- PostgreSQL this halves each period's query; the trend asks for eight of them.
create index if not exists int_sykefravaer_segment_til on int_sykefravaer_segment (kommunenummer, til_dato);
