-- Grain: one row per municipality, area code and validity period of its name.
-- For: the area names of the reports (sql/marts/dim_omrade_navn.sql, fct_mal_kommune.sql). Organisation,
-- no persons; granted to the reporting role.
create or replace view rpt_omrade_navn as
select kommunenummer, omrade, navn, gyldig_fra, gyldig_til
from int_omrade_navn;
