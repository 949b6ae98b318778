-- Remember which version of a file of sql/views/ the warehouse's views now come from.
delete from meta_views
where file_name = :file_name;

insert into meta_views (file_name, fingerprint)
values (:file_name, :fingerprint);
