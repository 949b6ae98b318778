-- Remember which version of a view of sql/views/ (its text and that of the views it reads) the warehouse
-- now has.
delete from meta_views
where file_name = :file_name;

insert into meta_views (file_name, fingerprint)
values (:file_name, :fingerprint);
