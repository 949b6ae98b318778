-- PostgreSQL only. Run by the loader role (the owner of the warehouse's tables and views) after the schema
-- exists: `hr warehouse grant --reporting-role NAME`. Repeatable: every right of the reporting role on the
-- schema's tables is first taken away, then exactly these are given.
--
-- The reporting role may read the aggregate views (rpt_*, one file each in sql/views/), the
-- reference data that holds no person (the municipality and its threshold, HR's texts, targets,
-- population, published benchmarks, the cost of a lost day-work, the measures register) and the load log (file names,
-- checksums and row counts). It cannot read stg_*, int_*,
-- meta_quarantine, dim_periode* or the person-level helper views person_*: a view reads its tables with
-- its owner's rights, so the aggregates work without any right on what lies beneath them.
revoke all on all tables in schema {schema} from {reporting};

grant select on
    rpt_sykefravaer_periode,
    rpt_sykefravaer_gruppe,
    rpt_heltid_stilling_status,
    rpt_stillingskode,
    rpt_fravaer_dekning,
    rpt_arsverk_status,
    rpt_alder_status,
    rpt_heltid_status,
    rpt_kompetanse_status,
    rpt_laerlinger_status,
    rpt_minoritet_status,
    rpt_turnover,
    rpt_lonn_kjonn,
    rpt_lonnskostnad,
    rpt_pensjon,
    rpt_rekruttering,
    rpt_omrade_navn,
    rpt_org_rot,
    rpt_org_omrade,
    rpt_karantene_regel,
    ref_kommune,
    ref_tekst,
    ref_innbyggere,
    ref_mal,
    ref_sammenligning,
    ref_tiltak,
    ref_kostnad,
    ref_ia,
    ref_omsorgsomrade,
    meta_load_log
to {reporting};
