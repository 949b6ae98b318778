-- Statistics of what the rebuild reads, refreshed before it reads them: the loads of this transaction
-- have just replaced these rows, and without fresh statistics PostgreSQL estimates one row per table and
-- plans nested loops over hundreds of thousands (int_lonn took seconds where it needs tenths).
analyze stg_organisasjon;
analyze stg_ansatte;
analyze stg_fravaer;
analyze stg_rekruttering;
analyze stg_lonn;
analyze stg_pensjon;
analyze ref_stillingskode;
analyze dim_kalender;
