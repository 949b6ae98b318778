-- An earlier load stops being in use: superseded by a newer snapshot, or replaced by a re-delivery.
update meta_load_log
set status = :status
where load_id = :load_id;
