-- Undo 0139: the signatures, their trigger and directions go. No content
-- is lost (the embeddings stay).

delete from core.table_access
where table_name = 'trust.lsh_hyperplanes';
update core.table_access set database_columns = array_remove(database_columns, 'lsh_buckets')
where table_name = 'trust.content_embeddings';
drop trigger content_embeddings_set_lsh_buckets on trust.content_embeddings;
drop function trust.set_lsh_buckets();
alter table trust.content_embeddings drop column lsh_buckets;
drop function trust.lsh_buckets(real[]);
drop table trust.lsh_hyperplanes;
call core.apply_table_access();
