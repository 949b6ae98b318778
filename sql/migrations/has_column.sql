-- Whether a table of the warehouse's own schema has a column: one row, the count (0 or 1).
select count(*) as n
from information_schema.columns
where table_schema = current_schema()
  and table_name = :table_name
  and column_name = :column_name
