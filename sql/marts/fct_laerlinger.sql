-- Apprentices on every year-end from :fra_dato to :dato (DEFINITIONS.md "Competence": any lonnsform).
-- Grain: one row per year-end with any active employment (0 apprentices is a figure, not a gap).
-- Reads the aggregate view rpt_laerlinger_status (sql/views/rpt_laerlinger_status.sql), every year-end.
with year_ends as (
    select status_dato, laerlinger
    from rpt_laerlinger_status
    where kommunenummer = :kommunenummer
      and status_dato between cast(:fra_dato as date) and cast(:dato as date)
)

select status_dato, laerlinger
from year_ends
