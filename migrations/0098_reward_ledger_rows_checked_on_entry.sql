-- The XP and reputation ledgers accept from the application only what the
-- application may decide. Before this, a writer holding gamedb_app could
-- date an award in the past (one row per day for 20 days earned 20 daily
-- caps at once), write negative amounts that correct nothing, and, having
-- UPDATE on reward.daily_earnings and core.users, reset today's cap or set
-- a total directly.
--
-- Who is trusted: core.caller_is_owner() is true for the owner role and its
-- members (migrations, a DBA, and the database's own SECURITY DEFINER
-- functions, which run as the owner). It reads the current role, which a
-- session can only change to a role it is a member of: it does not rest on
-- any setting a session can set.
--
-- What is checked on entry (BEFORE INSERT, trigger *_accept_award, named to
-- run before *_apply_daily_cap and *_record_row, triggers fire by name):
--   * the database stamps created_at with the transaction's time; only the
--     owner may load rows with a time of their own (backfills, imports);
--   * an amount below zero is a correction of an earlier row (corrects_id)
--     or, on the reputation ledger, the cost of a real downvote on the
--     user's own content, once per vote, at the reputation_downvote setting.
--
-- The cap bookkeeping (reward.daily_earnings) and the users' totals are
-- written only by the two existing ledger trigger functions; they become
-- SECURITY DEFINER so that the application needs no privilege on either
-- (0105 takes those privileges away). A trigger function cannot be called
-- directly, so this opens no other door. search_path is pinned, as every
-- SECURITY DEFINER function must.

create function core.caller_is_owner() returns boolean
language sql stable
return pg_has_role(current_user, 'gamedb_owner', 'member');
comment on function core.caller_is_owner() is
'True for gamedb_owner and its members, and inside the database''s own SECURITY DEFINER functions: '
'the callers trusted to do what the rules refuse the application.';

create function reward.accept_award() returns trigger
language plpgsql as $$
declare
    -- Trigger argument: the ledger's amount column (final_xp or change).
    amount integer := (to_jsonb(new) ->> tg_argv[0])::integer;
    vote_table text;
    vote_id bigint;
begin
    if core.caller_is_owner() then
        return new;
    end if;
    new.created_at := now();
    if amount >= 0 or new.corrects_id is not null then
        return new;
    end if;
    if tg_table_name = 'xp_ledger' then
        raise exception 'an XP award below zero must correct an earlier row (corrects_id)'
            using errcode = 'check_violation';
    end if;
    -- Reputation: a downvote's cost, named by the vote as cast_vote writes it.
    vote_table := split_part(new.source_id, ':', 1);
    vote_id := nullif(substring(new.source_id from '^community\.(?:answer|doubt)_votes:([0-9]{1,18})$'), '')::bigint;
    if vote_id is null
        or new.change <> core.setting_numeric('reputation_downvote')
        or not exists (
            select 1
            from community.answer_votes as v
            inner join community.answers as a on v.answer_id = a.id
            where vote_table = 'community.answer_votes' and v.id = vote_id and v.value = -1
                and a.author_id = new.user_id
            union all
            select 1
            from community.doubt_votes as v
            inner join community.doubts as d on v.doubt_id = d.id
            where vote_table = 'community.doubt_votes' and v.id = vote_id and v.value = -1
                and d.author_id = new.user_id
        )
        or exists (
            select 1 from reward.reputation_ledger as r
            where r.source_id = new.source_id and r.corrects_id is null
        ) then
        raise exception 'reputation below zero must correct an earlier row (corrects_id) or be the cost of '
            'one downvote on the user''s content (source_id community.<answer|doubt>_votes:<id>, '
            'change = reputation_downvote)'
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function reward.accept_award() is
'BEFORE INSERT on a ledger (arg: its amount column): for callers other than the owner, stamps created_at '
'and refuses amounts below zero that are neither a correction nor a real downvote''s cost.';

create trigger xp_ledger_accept_award
before insert on reward.xp_ledger
for each row execute function reward.accept_award('final_xp');

create trigger reputation_ledger_accept_award
before insert on reward.reputation_ledger
for each row execute function reward.accept_award('change');

alter function reward.apply_daily_cap() security definer set search_path = pg_catalog, pg_temp;
alter function reward.record_ledger_row() security definer set search_path = pg_catalog, pg_temp;
