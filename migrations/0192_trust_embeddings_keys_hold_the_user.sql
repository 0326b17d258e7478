-- transactional: false
--
-- The content embeddings' keys hold the user, so that they can be
-- distributed by user on Citus (sql/distribution/citus.sql), where every
-- unique key must hold the distribution column:
--   * the primary key becomes (id, user_id), as 0153 did for other
--     per-user tables; nothing points at an embedding's id, and the
--     application may no longer name one, so ids stay unique without a
--     key on id alone;
--   * "one embedding per content" (content_type, content_id) moves to a
--     lookup table keyed by the content, trust.embedded_contents, kept by
--     the trigger trust.keep_embedded_contents in the writer's
--     transaction, as 0191 did for users' phone numbers: on Citus it is
--     distributed by the content, so the rule is one shard's key. A second
--     embedding of a content is refused as the key refused it
--     (unique_violation, constraint
--     content_embeddings_content_type_content_id_key); lookups by content
--     keep a plain index. The invariant embedded_contents_match checks the
--     lookup against the embeddings both ways.
--
-- On a live database each statement is its own short transaction. The
-- trigger is created first; embeddings written before get their lookup
-- rows in batches of 5,000, each locking its embeddings FOR SHARE (one
-- changed meanwhile waits, then moves the row the batch wrote). The
-- indexes are built CONCURRENTLY; the key on content goes last (until
-- then both hold), and the primary key is swapped in its own statement
-- (both columns are NOT NULL: no row is read under the lock). A rerun
-- after a crash fills what is missing and swaps again: the same keys.

create table if not exists trust.embedded_contents (
    content_type text not null,
    content_id bigint not null,
    user_id bigint not null,
    primary key (content_type, content_id)
);
comment on table trust.embedded_contents is
'Each embedded content, keyed by the content: one embedding per content across users on Citus. '
'Kept by trust.keep_embedded_contents.';
comment on column trust.embedded_contents.content_type is 'trust.content_embeddings.content_type.';
comment on column trust.embedded_contents.content_id is 'trust.content_embeddings.content_id.';
comment on column trust.embedded_contents.user_id is 'The embedding''s user: the shard it lives on, on Citus.';

insert into core.table_access (table_name, app_privileges, why)
values ('trust.embedded_contents', '{SELECT}', 'kept from trust.content_embeddings by a trigger')
on conflict (table_name) do nothing;
call core.apply_table_access('trust.embedded_contents');
update core.table_access set database_columns = array_append(database_columns, 'id')
where table_name = 'trust.content_embeddings' and not 'id' = any(database_columns);
call core.apply_table_access('trust.content_embeddings');

create or replace function trust.keep_embedded_contents() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    if tg_op = 'UPDATE' and (new.content_type, new.content_id, new.user_id)
        is not distinct from (old.content_type, old.content_id, old.user_id) then
        return null;
    end if;
    if tg_op <> 'INSERT' then
        delete from trust.embedded_contents as c
        where c.content_type = old.content_type and c.content_id = old.content_id and c.user_id = old.user_id;
    end if;
    if tg_op <> 'DELETE' then
        begin
            insert into trust.embedded_contents (content_type, content_id, user_id)
            values (new.content_type, new.content_id, new.user_id);
        exception when unique_violation then
            raise exception 'duplicate key value violates unique constraint "%"',
                'content_embeddings_content_type_content_id_key'
            using errcode = 'unique_violation', constraint = 'content_embeddings_content_type_content_id_key',
            schema = 'trust', table = 'content_embeddings',
            detail = format('Key (content_type, content_id)=(%s, %s) already exists.', new.content_type,
                            new.content_id);
        end;
    end if;
    return null;
end;
$$;
comment on function trust.keep_embedded_contents() is
'AFTER INSERT, UPDATE OF content_type, content_id, user_id OR DELETE on trust.content_embeddings: keeps '
'trust.embedded_contents, refusing a second embedding of a content as the unique key did (0192).';

create or replace trigger content_embeddings_keep_contents
after insert or update of content_type, content_id, user_id or delete on trust.content_embeddings
for each row execute function trust.keep_embedded_contents();

do $$
declare
    last_id bigint := 0;
begin
    loop
        with batch as (
            select e.id, e.content_type, e.content_id, e.user_id
            from trust.content_embeddings as e
            where e.id > last_id
            order by e.id
            limit 5000
            for share
        ),

        contents as (
            insert into trust.embedded_contents (content_type, content_id, user_id)
            select b.content_type, b.content_id, b.user_id from batch as b
            on conflict do nothing
        )

        select max(b.id) into last_id from batch as b;
        exit when last_id is null;
        commit;
    end loop;
end;
$$;

create index concurrently idx_content_embeddings_content on trust.content_embeddings (content_type, content_id);
create unique index concurrently idx_content_embeddings_id_user_id on trust.content_embeddings (id, user_id);

-- Squawk warns of the dropped constraints: the primary key is added back,
-- under its name, in the same statement; the content's key is held by the
-- lookup table, as said above.
-- squawk-ignore-file ban-drop-constraint
alter table trust.content_embeddings
drop constraint content_embeddings_pkey,
add constraint content_embeddings_pkey primary key using index idx_content_embeddings_id_user_id;
alter table trust.content_embeddings drop constraint if exists content_embeddings_content_type_content_id_key;
