-- A view of sql/views/ whose text (or that of a view it reads) changed, dropped before it is created
-- again; the views that read it are dropped before it. {view} is a quoted identifier.
drop view if exists {view}
