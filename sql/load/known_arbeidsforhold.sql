-- Employment ids of the municipality's current ansatte snapshot (one row per employment).
select distinct arbeidsforhold_id
from stg_ansatte
where kommunenummer = :kommunenummer
order by arbeidsforhold_id;
