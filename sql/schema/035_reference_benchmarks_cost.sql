-- Reference data for the benchmarks (sammenligning.csv) and the cost of a lost day-work (kommune.yaml). Grain noted per table.

-- One row per published benchmark (referanse/sammenligning.csv): period, indicator and label.
create table if not exists ref_sammenligning (
    kommunenummer text not null,
    load_id       text not null,
    periode       text not null,          -- a year (2018), half-year (2018H2) or quarter (2018Q4)
    indikator     text not null,          -- the metric it is compared with, e.g. sykefravaer_legemeldt_prosent
    sammenligning text not null,          -- the label, e.g. "Kommuner i alt"
    verdi         numeric(12,4) not null,
    kilde         text not null
);

-- One row per municipality whose kommune.yaml sets kostnad_per_dagsverk (kroner).
create table if not exists ref_kostnad (
    kommunenummer        text not null,
    kostnad_per_dagsverk numeric(14,2) not null
);
