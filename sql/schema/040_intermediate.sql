-- Intermediate layer, rebuilt from staging by sql/intermediate/*.sql after every load.

-- Grain: one row per org unit row (validity period), with the level-2 area it belongs to.
-- Level 2 units are their own area; level 3 units belong to their parent. The root has no area.
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
