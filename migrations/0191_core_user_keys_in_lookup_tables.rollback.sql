-- transactional: false
--
-- Undo 0191: the unique keys users_phone_key and users_php_user_id_key
-- come back on core.users, their indexes built CONCURRENTLY (writes go
-- on; it fails, changing nothing, if two users share a value), then
-- promoted to the keys under a short lock; only then do the lookup
-- tables, their trigger and the plain indexes go. A rerun after a crash
-- finds the keys back and drops what is left.

create unique index concurrently idx_users_phone_unique on core.users (phone);
create unique index concurrently idx_users_php_user_id_unique on core.users (php_user_id);

do $$
begin
    if not exists (select from pg_constraint where conrelid = 'core.users'::regclass and conname = 'users_phone_key') then
        alter table core.users add constraint users_phone_key unique using index idx_users_phone_unique;
    end if;
    if not exists (
        select from pg_constraint where conrelid = 'core.users'::regclass and conname = 'users_php_user_id_key'
    ) then
        alter table core.users add constraint users_php_user_id_key unique using index idx_users_php_user_id_unique;
    end if;
    -- A rerun after the keys came back built these again: not needed.
    drop index if exists core.idx_users_phone_unique;
    drop index if exists core.idx_users_php_user_id_unique;
end;
$$;

drop index concurrently if exists core.idx_users_phone;
drop index concurrently if exists core.idx_users_php_user_id;
drop trigger if exists users_keep_user_keys on core.users;
drop function if exists core.keep_user_keys();
delete from core.table_access
where table_name in ('core.user_phones', 'core.user_php_ids');
drop table if exists core.user_phones;
drop table if exists core.user_php_ids;
