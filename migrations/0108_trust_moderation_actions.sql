-- Moderation actions that take effect, held by the database (seed 004's
-- ModerationLog had no writer, and a suspended user could still vote,
-- answer, play and earn XP).
--
-- trust.moderate(admin, user, action, reason, until, details) is the one way
-- to act on a user, as Discourse's and Stack Exchange's moderator tools do:
--   WARNING     recorded only;
--   SUSPEND     until a time (`until`, required, in the future);
--   BAN         suspended with no end;
--   SHADOW_BAN  the user goes on as before, but their votes move nobody's
--               reputation and they never appear on leaderboards;
--   RESTORE     lifts a suspension, a ban and a shadow-ban.
-- Each action writes its moderation_logs row (admin, reason, details with
-- the state it set) in the same transaction as the change it makes.
-- SHADOW_BAN widens the log's action set: replaced NOT VALID here (every
-- existing row passes the old set), validated by 0109.
--
-- Enforced for every writer, in every path a user acts through: a
-- suspended or banned user cannot post a doubt or an answer, vote, start a
-- game or earn XP (corrections of their past awards still go in). A
-- suspension whose `until` has passed no longer counts. Reputation from a
-- shadow-banned voter's vote is refused on entry (cast_vote simply does not
-- write it), for callers other than the owner.
--
-- The moderation columns of core.users and the moderation log become the
-- database's to write (core.table_access): only trust.moderate, which runs
-- as the owner, changes them.

alter table trust.moderation_logs
-- squawk-ignore ban-drop-constraint
drop constraint moderation_logs_action_check,
add constraint moderation_logs_action_check
check (action in ('WARNING', 'SUSPEND', 'BAN', 'SHADOW_BAN', 'RESTORE')) not valid;
comment on column trust.moderation_logs.action is 'Closed set: WARNING, SUSPEND, BAN, SHADOW_BAN, RESTORE.';

create function core.user_may_act(p_user_id bigint) returns boolean
language sql stable as $$
    select not exists (
        select 1 from core.users as u
        where u.id = p_user_id and u.is_suspended and (u.suspended_until is null or u.suspended_until > now())
    );
$$;
comment on function core.user_may_act(bigint) is
'False while the user is banned, or suspended and the suspension has not ended.';

create function trust.refuse_suspended_actor() returns trigger
language plpgsql as $$
declare
    -- Trigger arguments: the column naming the user who acts; optionally the
    -- amount column (XP ledger: only a new, positive award is refused).
    actor bigint := (to_jsonb(new) ->> tg_argv[0])::bigint;
    amount numeric := (to_jsonb(new) ->> tg_argv[1])::numeric;
begin
    if tg_nargs > 1 and (amount <= 0 or to_jsonb(new) ->> 'corrects_id' is not null) then
        return new;
    end if;
    if not core.user_may_act(actor) then
        raise exception 'user % is suspended or banned: %.% refused', actor, tg_table_schema, tg_table_name
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end;
$$;
comment on function trust.refuse_suspended_actor() is
'BEFORE INSERT: refuses the row when the user it names (arg 1) is suspended or banned; '
'with an amount column (arg 2), only new positive amounts.';

create trigger doubts_refuse_suspended before insert on community.doubts
for each row execute function trust.refuse_suspended_actor('author_id');
create trigger answers_refuse_suspended before insert on community.answers
for each row execute function trust.refuse_suspended_actor('author_id');
create trigger answer_votes_refuse_suspended before insert on community.answer_votes
for each row execute function trust.refuse_suspended_actor('voter_id');
create trigger doubt_votes_refuse_suspended before insert on community.doubt_votes
for each row execute function trust.refuse_suspended_actor('voter_id');
create trigger game_sessions_refuse_suspended before insert on play.game_sessions
for each row execute function trust.refuse_suspended_actor('user_id');
create trigger xp_ledger_refuse_suspended before insert on reward.xp_ledger
for each row execute function trust.refuse_suspended_actor('user_id', 'final_xp');

create function trust.refuse_shadow_banned_votes() returns trigger
language plpgsql as $$
begin
    if new.corrects_id is null and not core.caller_is_owner() and exists (
        select 1
        from community.answer_votes as v
        inner join core.users as u on v.voter_id = u.id
        where new.source_id = 'community.answer_votes:' || v.id and u.is_shadow_banned
        union all
        select 1
        from community.doubt_votes as v
        inner join core.users as u on v.voter_id = u.id
        where new.source_id = 'community.doubt_votes:' || v.id and u.is_shadow_banned
    ) then
        raise exception 'reputation from a shadow-banned voter''s vote (%) is not given', new.source_id
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function trust.refuse_shadow_banned_votes() is
'BEFORE INSERT on reward.reputation_ledger: no reputation from a shadow-banned voter''s vote (but for the owner).';

-- Named to run after accept_award and before the cap and the totals.
create trigger reputation_ledger_accept_votes before insert on reward.reputation_ledger
for each row execute function trust.refuse_shadow_banned_votes();

create function trust.moderate(
    p_admin_id bigint,
    p_user_id bigint,
    p_action text,
    p_reason text,
    p_until timestamptz default null,
    p_details jsonb default null
) returns setof trust.moderation_logs
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    target core.users;
begin
    select * into target from core.users as u where u.id = p_user_id for update;
    if not found then
        raise exception 'no user with id %', p_user_id using errcode = 'no_data_found';
    end if;
    if p_admin_id = p_user_id or not exists (select 1 from core.users as u where u.id = p_admin_id) then
        raise exception 'moderator % must be another, existing user', p_admin_id using errcode = 'check_violation';
    end if;
    if coalesce(btrim(p_reason), '') = '' then
        raise exception 'a moderation action needs a reason' using errcode = 'check_violation';
    end if;
    if (p_action = 'SUSPEND') <> (p_until is not null) or p_until <= now() then
        raise exception 'SUSPEND needs an end in the future (until), and only SUSPEND takes one'
            using errcode = 'check_violation';
    end if;
    update core.users as u
    set
        is_suspended = case p_action when 'SUSPEND' then true when 'BAN' then true
            when 'RESTORE' then false else u.is_suspended end,
        suspended_until = case p_action when 'SUSPEND' then p_until when 'BAN' then null
            when 'RESTORE' then null else u.suspended_until end,
        is_shadow_banned = case p_action when 'SHADOW_BAN' then true when 'RESTORE' then false
            else u.is_shadow_banned end
    where u.id = p_user_id
    returning * into target;
    return query
    insert into trust.moderation_logs (admin_id, target_user_id, action, reason, details)
    values (
        p_admin_id, p_user_id, p_action, p_reason,
        coalesce(p_details, '{}') || jsonb_build_object(
            'is_suspended', target.is_suspended, 'suspended_until', target.suspended_until,
            'is_shadow_banned', target.is_shadow_banned
        )
    )
    returning *;
end;
$$;
comment on function trust.moderate(bigint, bigint, text, text, timestamptz, jsonb) is
'Warns, suspends (until a time), bans, shadow-bans or restores a user and logs it with the admin and reason.';

update core.table_access
set database_columns = database_columns || '{is_suspended,suspended_until,is_shadow_banned}'
where table_name = 'core.users';
update core.table_access
set app_privileges = '{SELECT}', why = 'written only by trust.moderate, with the change it made'
where table_name = 'trust.moderation_logs';
call core.apply_table_access();
