-- transactional: false
--
-- A user's phone number and PHP id stay unique across all users, held by
-- two lookup tables instead of unique keys on core.users:
--   core.user_phones  (phone primary key, user_id)
--   core.user_php_ids (php_user_id primary key, user_id)
-- kept by the trigger core.keep_user_keys on core.users: a row per value,
-- written, moved and removed with the user's row, in the same
-- transaction. A second user with a taken value is refused as the unique
-- key refused it (unique_violation, constraint users_phone_key or
-- users_php_user_id_key, whose names the application may know). Lookups by
-- phone and by PHP id on core.users keep an index each (not unique).
--
-- Why: on Citus (sql/distribution/citus.sql) core.users is distributed by
-- its id, and Citus holds no unique key without the distribution column:
-- two users with one phone number would live on two shards. Each lookup
-- table is distributed by its own value, so the value's uniqueness is one
-- shard's primary key, and a sign-in by phone reads that one shard to
-- find the user. The application may read them (a sign-in by phone on
-- Citus asks the lookup first) but not write them: they are the
-- database's (core.table_access), and the invariant user_keys_match_users
-- checks them against the users.
--
-- On a live database each statement is its own short transaction. The
-- trigger is created first, so every user written from then on keeps its
-- rows; the users written before get theirs in batches of 5,000, each
-- batch locking its users FOR SHARE (a phone changed meanwhile waits, then
-- moves the row the batch wrote). The indexes are built CONCURRENTLY, and
-- only then do the unique keys go: until that statement both hold. A
-- rerun after a crash finds the tables and the trigger, fills what is
-- missing and goes on.

create table if not exists core.user_phones (
    phone varchar(20) primary key,
    user_id bigint not null
);
comment on table core.user_phones is
'Each user''s phone number, keyed by the number: it stays unique across users on Citus. Kept by core.keep_user_keys.';
comment on column core.user_phones.phone is 'core.users.phone of the user.';
comment on column core.user_phones.user_id is 'The user (core.users.id) whose number it is.';

create table if not exists core.user_php_ids (
    php_user_id bigint primary key,
    user_id bigint not null
);
comment on table core.user_php_ids is
'Each user''s PHP id, keyed by the id: it stays unique across users on Citus. Kept by core.keep_user_keys.';
comment on column core.user_php_ids.php_user_id is 'core.users.php_user_id of the user.';
comment on column core.user_php_ids.user_id is 'The user (core.users.id) whose PHP id it is.';

insert into core.table_access (table_name, app_privileges, personal_columns, why)
values
('core.user_phones', '{SELECT}', '{phone}', 'kept from core.users by a trigger; read to find a user by phone'),
('core.user_php_ids', '{SELECT}', '{}', 'kept from core.users by a trigger; read to find a user by PHP id')
on conflict (table_name) do nothing;
call core.apply_table_access('core.user_phones');
call core.apply_table_access('core.user_php_ids');

create or replace function core.keep_user_keys() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    -- The values the row no longer has (a value changed, or the user deleted) go.
    if tg_op <> 'INSERT' then
        delete from core.user_phones as k
        where k.phone = old.phone and k.user_id = old.id and (tg_op = 'DELETE' or new.phone is distinct from old.phone);
        delete from core.user_php_ids as k
        where
            k.php_user_id = old.php_user_id and k.user_id = old.id
            and (tg_op = 'DELETE' or new.php_user_id is distinct from old.php_user_id);
    end if;
    if tg_op = 'DELETE' then
        return null;
    end if;
    -- The values it gained come in; one another user holds is refused under the old key's name.
    if new.phone is not null and (tg_op = 'INSERT' or new.phone is distinct from old.phone) then
        begin
            insert into core.user_phones (phone, user_id) values (new.phone, new.id);
        exception when unique_violation then
            raise exception 'duplicate key value violates unique constraint "users_phone_key"'
            using errcode = 'unique_violation', constraint = 'users_phone_key', schema = 'core', table = 'users',
            detail = 'Another user has this phone number.';
        end;
    end if;
    if new.php_user_id is not null and (tg_op = 'INSERT' or new.php_user_id is distinct from old.php_user_id) then
        begin
            insert into core.user_php_ids (php_user_id, user_id) values (new.php_user_id, new.id);
        exception when unique_violation then
            raise exception 'duplicate key value violates unique constraint "users_php_user_id_key"'
            using errcode = 'unique_violation', constraint = 'users_php_user_id_key', schema = 'core', table = 'users',
            detail = format('Key (php_user_id)=(%s) already exists.', new.php_user_id);
        end;
    end if;
    return null;
end;
$$;
comment on function core.keep_user_keys() is
'AFTER INSERT, UPDATE OF phone, php_user_id OR DELETE on core.users: keeps core.user_phones and core.user_php_ids, '
'refusing a value another user holds as the unique keys did (0191).';

create or replace trigger users_keep_user_keys
after insert or update of phone, php_user_id or delete on core.users
for each row execute function core.keep_user_keys();

do $$
declare
    last_id bigint := 0;
begin
    loop
        with batch as (
            select u.id, u.phone, u.php_user_id
            from core.users as u
            where u.id > last_id
            order by u.id
            limit 5000
            for share
        ),

        phones as (
            insert into core.user_phones (phone, user_id)
            select b.phone, b.id from batch as b where b.phone is not null
            on conflict do nothing
        ),

        php_ids as (
            insert into core.user_php_ids (php_user_id, user_id)
            select b.php_user_id, b.id from batch as b where b.php_user_id is not null
            on conflict do nothing
        )

        select max(b.id) into last_id from batch as b;
        exit when last_id is null;
        commit;
    end loop;
end;
$$;

create index concurrently idx_users_phone on core.users (phone);
create index concurrently idx_users_php_user_id on core.users (php_user_id);

-- Squawk warns of the dropped constraints: the lookup tables hold them, as
-- said above.
-- squawk-ignore-file ban-drop-constraint
alter table core.users drop constraint if exists users_phone_key;
alter table core.users drop constraint if exists users_php_user_id_key;
