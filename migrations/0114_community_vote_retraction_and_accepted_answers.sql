-- Votes as Stack Exchange treats them (seed 004 voting, issue: retract,
-- change, accept).
--
--   community.retract_vote(voter, content, content id): the vote is removed
--       and the reputation it gave its author is taken back by a
--       compensating row (corrects_id), once, whatever the cap did to it.
--       Changing a vote is a retraction followed by a new vote.
--   community.accept_answer(answer, user): only the doubt's author accepts;
--       the answer's author gains reputation_answer_accepted (15) and the
--       acceptor reputation_accept_given (2), as on Stack Exchange, and
--       neither counts against the daily reputation cap. Accepting another
--       answer of the same doubt takes the first one's reputation back.
--       Accepting one's own answer gives nobody reputation.
-- The cap trigger learns the exemption (reward.apply_daily_cap, replaced
-- with the same body and one more condition); so that the application
-- cannot use the exemption, only the database writes those two event types
-- (trigger reputation_ledger_accept_owner_events), and answers.is_accepted
-- becomes a database column (core.table_access). Both functions run as the
-- owner and refuse a suspended or banned user.

insert into core.gamification_settings (key, value, type, description, category, updated_by, min_value, max_value)
values
(
    'reputation_answer_accepted', '15', 'number', 'Reputation an accepted answer gives its author (not capped)',
    'rewards', 'migration 0114', 0, 1000
),
(
    'reputation_accept_given', '2', 'number', 'Reputation the doubt''s author gets for accepting an answer',
    'rewards', 'migration 0114', 0, 1000
)
on conflict (key) do nothing;

create or replace function reward.apply_daily_cap() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    -- Trigger arguments: the ledger's amount column, the daily_earnings
    -- column it counts into, the setting that holds the cap.
    amount_column constant text := tg_argv[0];
    earnings_column constant text := tg_argv[1];
    cap_setting constant text := tg_argv[2];
    wanted integer := (to_jsonb(new) ->> amount_column)::integer;
    earned_on_day date := (new.created_at at time zone 'UTC')::date;
    already_earned integer;
    allowed integer;
begin
    if new.cap_trimmed <> 0 then
        raise exception '%.%.cap_trimmed is set by the daily cap, not by the writer', tg_table_schema, tg_table_name
            using errcode = 'check_violation';
    end if;
    -- Reputation for an accepted answer is not capped (Stack Exchange's rule);
    -- only the database writes those rows (trigger *_accept_owner_events).
    if wanted <= 0 or new.corrects_id is not null
        or (tg_table_name = 'reputation_ledger' and new.event_type in ('ANSWER_ACCEPTED', 'ACCEPT_GIVEN')) then
        return new;
    end if;
    insert into reward.daily_earnings (user_id, earned_on) values (new.user_id, earned_on_day)
    on conflict (user_id, earned_on) do nothing;
    -- The row lock is what makes concurrent awards safe: the second waits
    -- here and reads the total the first committed.
    execute format('select %I from reward.daily_earnings where user_id = $1 and earned_on = $2 for update',
        earnings_column)
    into already_earned using new.user_id, earned_on_day;
    allowed := greatest(0, least(wanted, core.setting_numeric(cap_setting)::integer - already_earned));
    execute format('update reward.daily_earnings set %I = %I + $1 where user_id = $2 and earned_on = $3',
        earnings_column, earnings_column)
    using allowed, new.user_id, earned_on_day;
    return jsonb_populate_record(new, jsonb_build_object(
        amount_column, allowed,
        'cap_trimmed', wanted - allowed
    ));
end;
$$;

create function reward.refuse_app_accept_events() returns trigger
language plpgsql as $$
begin
    if new.event_type in ('ANSWER_ACCEPTED', 'ACCEPT_GIVEN') and new.corrects_id is null
        and not core.caller_is_owner() then
        raise exception 'reputation for accepting an answer is written only by community.accept_answer'
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end;
$$;
comment on function reward.refuse_app_accept_events() is
'BEFORE INSERT on reward.reputation_ledger: ANSWER_ACCEPTED and ACCEPT_GIVEN rows come only from the database.';

create trigger reputation_ledger_accept_owner_events before insert on reward.reputation_ledger
for each row execute function reward.refuse_app_accept_events();

create function community.retract_vote(p_voter_id bigint, p_content text, p_content_id bigint)
returns table (vote_id bigint, vote_value integer, reputation_taken_back bigint)
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    vote_table text;
    found_vote record;
begin
    if p_content not in ('answer', 'doubt') then
        raise exception 'content must be answer or doubt, not %', p_content using errcode = 'check_violation';
    end if;
    if not core.user_may_act(p_voter_id) then
        raise exception 'user % is suspended or banned: vote not retracted', p_voter_id
            using errcode = 'insufficient_privilege';
    end if;
    vote_table := format('community.%I', p_content || '_votes');
    execute format('select v.id, v.value from %s as v where v.%I = $1 and v.voter_id = $2 for update',
        vote_table, p_content || '_id')
    into found_vote using p_content_id, p_voter_id;
    if found_vote is null then
        raise exception 'user % has no vote on % %', p_voter_id, p_content, p_content_id
            using errcode = 'no_data_found';
    end if;
    with taken_back as (
        insert into reward.reputation_ledger as r (user_id, event_type, change, reason, source_id, corrects_id)
        select o.user_id, 'VOTE_RETRACTED', -o.change, format('%s vote on %s %s retracted', case
            when found_vote.value > 0 then 'up' else 'down' end, p_content, p_content_id),
            o.source_id, o.id
        from reward.reputation_ledger as o
        where o.source_id = vote_table || ':' || found_vote.id and o.corrects_id is null and o.change <> 0
        on conflict (corrects_id) do nothing
        returning r.change
    )
    select found_vote.id, found_vote.value, coalesce(-sum(t.change), 0)::bigint
    into vote_id, vote_value, reputation_taken_back
    from taken_back as t;
    execute format('delete from %s as v where v.id = $1', vote_table) using found_vote.id;
    return next;
end;
$$;
comment on function community.retract_vote(bigint, text, bigint) is
'Removes a user''s vote on an answer or doubt and takes back the reputation it gave (compensating rows).';

create function community.accept_answer(p_answer_id bigint, p_user_id bigint) returns setof community.answers
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    accepted community.answers;
    previous community.answers;
    asker bigint;
begin
    select * into accepted from community.answers as a where a.id = p_answer_id for update;
    if not found then
        raise exception 'no answer %', p_answer_id using errcode = 'no_data_found';
    end if;
    select d.author_id into asker from community.doubts as d where d.id = accepted.doubt_id for update;
    if asker is distinct from p_user_id then
        raise exception 'only the author of doubt % accepts its answers', accepted.doubt_id
            using errcode = 'check_violation';
    end if;
    if not core.user_may_act(p_user_id) then
        raise exception 'user % is suspended or banned: answer not accepted', p_user_id
            using errcode = 'insufficient_privilege';
    end if;
    if accepted.is_accepted then
        return next accepted;
        return;
    end if;
    for previous in
        select * from community.answers as a where a.doubt_id = accepted.doubt_id and a.is_accepted for update
    loop
        update community.answers as a set is_accepted = false where a.id = previous.id;
        insert into reward.reputation_ledger (user_id, event_type, change, reason, source_id, corrects_id)
        select o.user_id, 'ACCEPT_UNDONE', -o.change, format('answer %s no longer accepted', previous.id),
            o.source_id, o.id
        from reward.reputation_ledger as o
        where o.source_id = 'community.answers:' || previous.id and o.corrects_id is null and o.change <> 0
        on conflict (corrects_id) do nothing;
    end loop;
    if accepted.author_id <> p_user_id then
        insert into reward.reputation_ledger (user_id, event_type, change, reason, source_id)
        values
        (
            accepted.author_id, 'ANSWER_ACCEPTED', core.setting_numeric('reputation_answer_accepted')::integer,
            format('answer %s accepted', accepted.id), 'community.answers:' || accepted.id
        ),
        (
            p_user_id, 'ACCEPT_GIVEN', core.setting_numeric('reputation_accept_given')::integer,
            format('accepted answer %s', accepted.id), 'community.answers:' || accepted.id
        );
    end if;
    return query
    update community.answers as a set is_accepted = true where a.id = accepted.id returning a.*;
end;
$$;
comment on function community.accept_answer(bigint, bigint) is
'The doubt''s author accepts an answer: reputation for both sides, outside the daily cap; '
'a previously accepted answer of the doubt loses its reputation.';

-- Acceptance is the database's to write: the application may not set it.
update core.table_access
set database_columns = '{is_accepted}', why = 'answers to doubts; accepted only through community.accept_answer'
where table_name = 'community.answers';
call core.apply_table_access();
