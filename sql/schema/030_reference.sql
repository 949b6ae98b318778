-- Reference data from referanse/. Grain noted per table.

-- One row per municipality.
create table if not exists ref_kommune (
    kommunenummer text primary key,
    navn          text not null,
    min_n         integer not null,        -- small-number suppression threshold (DEFINITIONS.md "Small numbers")
    fravaer_fra   date                     -- the absence register is complete from (DEFINITIONS.md "Coverage")
);
-- Warehouses made before fravaer_fra existed get it from sql/migrations/ (hr.warehouse.MIGRATIONS).

-- One row per position code.
create table if not exists ref_stillingskode (
    kommunenummer    text not null,
    load_id          text not null,
    stillingskode    text not null,
    tittel           text not null,
    kompetansegruppe text not null         -- UFAGLAERT | FAGARBEIDER | HOYSKOLE | LAERLING
);

-- One row per target: year, unit (root or level-2 area) and indicator.
create table if not exists ref_mal (
    kommunenummer text not null,
    load_id       text not null,
    aar           integer not null,
    org_enhet     text not null,
    indikator     text not null,
    verdi         numeric(12,4) not null
);

-- One row per year: population on 1 January.
create table if not exists ref_innbyggere (
    kommunenummer text not null,
    load_id       text not null,
    aar           integer not null,
    innbyggere    integer not null
);

-- One row per narrative text written by HR (referanse/tekster/<rapport>_<periode>.md).
create table if not exists ref_tekst (
    kommunenummer text not null,
    load_id       text not null,
    rapport       text not null,
    periode       text not null,
    innhold       text not null
);

-- One row per calendar day 2000-2040. arbeidsdag_nr counts the workdays before the day, so the
-- workdays in [a, b] are nr(b + 1) - nr(a): interval arithmetic instead of a loop over days.
create table if not exists dim_kalender (
    dato          date primary key,
    er_arbeidsdag boolean not null,
    arbeidsdag_nr integer not null
);
