-- transactional: false
--
-- Undo 0192: the embeddings' primary key goes back to (id) and the unique
-- key content_embeddings_content_type_content_id_key comes back, their
-- indexes built CONCURRENTLY (writes go on; the key's fails, changing
-- nothing, if two embeddings share a content) and promoted under a short
-- lock; only then do the lookup table, its trigger and the plain index
-- go, and the application may name an id again. A rerun after a crash
-- finds the keys back and drops what is left.

create unique index concurrently idx_content_embeddings_id on trust.content_embeddings (id);
create unique index concurrently idx_content_embeddings_content_unique
on trust.content_embeddings (content_type, content_id);

-- squawk-ignore-file ban-drop-constraint
do $$
begin
    if exists (
        select from pg_constraint
        where conrelid = 'trust.content_embeddings'::regclass and conname = 'content_embeddings_pkey'
            and cardinality(conkey) = 2
    ) then
        alter table trust.content_embeddings
        drop constraint content_embeddings_pkey,
        add constraint content_embeddings_pkey primary key using index idx_content_embeddings_id;
    end if;
    if not exists (
        select from pg_constraint
        where conrelid = 'trust.content_embeddings'::regclass and conname = 'content_embeddings_content_type_content_id_key'
    ) then
        alter table trust.content_embeddings add constraint content_embeddings_content_type_content_id_key
        unique using index idx_content_embeddings_content_unique;
    end if;
    -- A rerun after the keys came back built these again: not needed.
    drop index if exists trust.idx_content_embeddings_id;
    drop index if exists trust.idx_content_embeddings_content_unique;
end;
$$;

drop index concurrently if exists trust.idx_content_embeddings_content;
drop trigger if exists content_embeddings_keep_contents on trust.content_embeddings;
drop function if exists trust.keep_embedded_contents();
delete from core.table_access
where table_name = 'trust.embedded_contents';
drop table if exists trust.embedded_contents;
update core.table_access set database_columns = array_remove(database_columns, 'id')
where table_name = 'trust.content_embeddings';
call core.apply_table_access('trust.content_embeddings');
