-- The measures register (referanse/tiltak.csv, issue 18). One row per measure (tiltak_id).
create table if not exists ref_tiltak (
    kommunenummer text not null,
    load_id       text not null,
    tiltak_id     text not null,
    org_enhet     text not null,          -- the municipality (its number or root unit) or a level-2 area
    tittel        text not null,
    ansvarlig     text not null,          -- a role, e.g. "Kommunalsjef helse og sosial"
    startdato     date not null,
    sluttdato     date,                   -- empty while the measure runs with no end set
    status        text not null,          -- PLANLAGT | PAGAR | FULLFORT | AVBRUTT
    indikator     text not null           -- a sick-leave metric, e.g. sykefravaer_prosent
);
