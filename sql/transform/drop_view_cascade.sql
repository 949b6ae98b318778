-- A view whose file left sql/views/ (or a view of the old single file views/reporting.sql), with the
-- views that read it. {view} is a quoted identifier.
drop view if exists {view} cascade
