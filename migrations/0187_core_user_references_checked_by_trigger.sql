-- transactional: false
--
-- Fifteen columns of tables that are not distributed by user name a user
-- (an author, a voter, a creator, a reviewer, a moderator, the user a log
-- row is about). Each was a foreign key to core.users; each becomes a
-- trigger that refuses a user who does not exist, exactly when the key
-- did: on insert, and on an update that changes the column.
--
-- Why: on Citus (sql/distribution/citus.sql) core.users is distributed by
-- user, and Citus refuses a foreign key from a reference table (the
-- catalogues: communities, psychologists, the marketplace's quests and
-- their reviews, challenges) or from a table kept on the coordinator (the
-- community's threads and votes, the bot's logs and samples, the event,
-- fact-check and moderation logs) to a distributed one. A trigger may
-- look the user up wherever the user lives. The rule is the key's:
--   * the application still cannot name a user who does not exist
--     (foreign_key_violation, as before, with the trigger's name as the
--     constraint), and the user's row is locked FOR KEY SHARE while the
--     writer's transaction lasts, as the key locked it;
--   * a user is forgotten, never deleted, and only the owner may delete
--     one; the invariant rows_name_users lists any row naming a user who
--     is gone, from the triggers themselves (one list: these triggers).
-- Two keys said ON DELETE SET NULL (core.event_logs, trust.fact_check_logs):
-- with no user ever deleted, that action never ran.
--
-- On a live database each statement is its own short transaction: a
-- table's trigger is created before its key is dropped, so one of the two
-- always holds. Dropping a key removes its triggers from the table and
-- from core.users (a catalogue change under a short lock; a lock wait
-- past lock_timeout is retried). A rerun after a crash creates the same
-- triggers again and finds the keys gone.

create or replace function core.refuse_unknown_users() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    column_name text;
    named bigint;
begin
    foreach column_name in array tg_argv loop
        named := (to_jsonb(new) ->> column_name)::bigint;
        -- As a foreign key: no user named, or the same one as before, is not checked.
        continue when named is null
            or (tg_op = 'UPDATE' and named = (to_jsonb(old) ->> column_name)::bigint);
        -- FOR KEY SHARE (owner's privilege, hence security definer): the user
        -- cannot be deleted until this row's transaction ends, as with a key.
        perform from core.users as u where u.id = named for key share;
        if not found then
            raise exception '%.% names user %, who does not exist',
                coalesce((select i.inhparent::regclass::text from pg_inherits as i where i.inhrelid = tg_relid),
                         tg_relid::regclass::text), column_name, named
            using errcode = 'foreign_key_violation', constraint = tg_name;
        end if;
    end loop;
    return null;
end;
$$;
comment on function core.refuse_unknown_users() is
'AFTER INSERT OR UPDATE trigger: each column named in the trigger''s arguments names an existing user (or none). '
'The foreign key to core.users, where Citus allows none (0187).';

create or replace function core.user_checked_columns()
returns table (table_name regclass, column_name text)
language sql stable set search_path = pg_catalog, pg_temp as $$
    -- A partition's trigger is its table's; tgargs holds each argument
    -- followed by a zero byte (escaped as \000).
    select t.tgrelid::regclass, a.column_name
    from pg_trigger as t
    cross join lateral unnest(string_to_array(encode(t.tgargs, 'escape'), '\000')) as a (column_name)
    where
        t.tgfoid = 'core.refuse_unknown_users()'::regprocedure
        and t.tgparentid = 0
        and a.column_name <> ''
    order by t.tgrelid::regclass::text, a.column_name
$$;
comment on function core.user_checked_columns() is
'Every column a core.refuse_unknown_users trigger checks, read from the triggers: the one list of them.';

create or replace function core.rows_naming_no_user()
returns table (table_name text, column_name text, user_id bigint, row_count bigint)
language plpgsql stable set search_path = pg_catalog, pg_temp as $$
declare
    checked record;
begin
    for checked in select * from core.user_checked_columns() loop
        return query execute format(
            'select %L, %L, r.%I, count(*) from %s as r'
            ' where r.%I is not null and not exists (select from core.users as u where u.id = r.%I)'
            ' group by r.%I order by r.%I',
            checked.table_name::text, checked.column_name, checked.column_name, checked.table_name,
            checked.column_name, checked.column_name, checked.column_name, checked.column_name);
    end loop;
end;
$$;
comment on function core.rows_naming_no_user() is
'Rows whose user column (one of core.user_checked_columns()) names a user who does not exist: '
'the invariant rows_name_users.';
revoke execute on function core.user_checked_columns() from public;
revoke execute on function core.rows_naming_no_user() from public;

-- Squawk warns of each dropped constraint: the trigger created just before
-- it holds its rule, as said above.
-- squawk-ignore-file ban-drop-constraint

create or replace trigger conversation_logs_user_names_a_user
after insert or update of user_id on chat.conversation_logs
for each row execute function core.refuse_unknown_users('user_id');
alter table chat.conversation_logs drop constraint if exists conversation_logs_user_id_fkey;

create or replace trigger training_samples_user_names_a_user
after insert or update of user_id on chat.training_samples
for each row execute function core.refuse_unknown_users('user_id');
alter table chat.training_samples drop constraint if exists training_samples_user_id_fkey;

create or replace trigger communities_creator_names_a_user
after insert or update of created_by_id on community.communities
for each row execute function core.refuse_unknown_users('created_by_id');
alter table community.communities drop constraint if exists communities_created_by_id_fkey;

create or replace trigger doubts_author_names_a_user
after insert or update of author_id on community.doubts
for each row execute function core.refuse_unknown_users('author_id');
alter table community.doubts drop constraint if exists doubts_author_id_fkey;

create or replace trigger answers_author_names_a_user
after insert or update of author_id on community.answers
for each row execute function core.refuse_unknown_users('author_id');
alter table community.answers drop constraint if exists answers_author_id_fkey;

create or replace trigger doubt_votes_voter_names_a_user
after insert or update of voter_id on community.doubt_votes
for each row execute function core.refuse_unknown_users('voter_id');
alter table community.doubt_votes drop constraint if exists doubt_votes_voter_id_fkey;

create or replace trigger answer_votes_voter_names_a_user
after insert or update of voter_id on community.answer_votes
for each row execute function core.refuse_unknown_users('voter_id');
alter table community.answer_votes drop constraint if exists answer_votes_voter_id_fkey;

create or replace trigger event_logs_user_names_a_user
after insert or update of user_id on core.event_logs
for each row execute function core.refuse_unknown_users('user_id');
alter table core.event_logs drop constraint if exists event_logs_user_id_fkey;

create or replace trigger psychologists_user_names_a_user
after insert or update of user_id on quest.psychologists
for each row execute function core.refuse_unknown_users('user_id');
alter table quest.psychologists drop constraint if exists psychologists_user_id_fkey;

create or replace trigger quests_creator_names_a_user
after insert or update of user_id on quest.quests
for each row execute function core.refuse_unknown_users('user_id');
alter table quest.quests drop constraint if exists quests_user_id_fkey;

create or replace trigger psychologist_reviews_reviewer_names_a_user
after insert or update of reviewer_id on quest.psychologist_reviews
for each row execute function core.refuse_unknown_users('reviewer_id');
alter table quest.psychologist_reviews drop constraint if exists psychologist_reviews_reviewer_id_fkey;

create or replace trigger challenges_creator_names_a_user
after insert or update of created_by_id on reward.challenges
for each row execute function core.refuse_unknown_users('created_by_id');
alter table reward.challenges drop constraint if exists challenges_created_by_id_fkey;

create or replace trigger fact_check_logs_user_names_a_user
after insert or update of user_id on trust.fact_check_logs
for each row execute function core.refuse_unknown_users('user_id');
alter table trust.fact_check_logs drop constraint if exists fact_check_logs_user_id_fkey;

create or replace trigger moderation_logs_users_name_users
after insert or update of admin_id, target_user_id on trust.moderation_logs
for each row execute function core.refuse_unknown_users('admin_id', 'target_user_id');
alter table trust.moderation_logs drop constraint if exists moderation_logs_admin_id_fkey;
alter table trust.moderation_logs drop constraint if exists moderation_logs_target_user_id_fkey;
