-- The fingerprint each view of sql/views/ was last created from (hr/warehouse_views.py): the text of its
-- file and of the views it reads. Grain: one row per file of sql/views/ created in this warehouse; an old
-- warehouse may hold the row 'views/reporting.sql' of the single file all views once came from.
select file_name, fingerprint
from meta_views
