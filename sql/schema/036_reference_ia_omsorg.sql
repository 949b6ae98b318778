-- kommune.yaml's IA goal line and care areas (issue 18, DEFINITIONS.md "Year view, size and breakdowns of
-- sick leave"). Grain noted per table; both are replaced with every kommune.yaml.

-- One row per municipality whose kommune.yaml sets ia_basisaar.
create table if not exists ref_ia (
    kommunenummer        text not null,
    ia_basisaar          integer not null,
    ia_reduksjon_prosent numeric(7,3) not null  -- default 10
);

-- One row per level-2 area code listed in kommune.yaml's omsorgsomrader.
create table if not exists ref_omsorgsomrade (
    kommunenummer text not null,
    omrade        text not null
);
