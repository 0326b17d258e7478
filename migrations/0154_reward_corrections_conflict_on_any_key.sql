-- The three functions that take reputation back (a retracted vote, an
-- answer no longer accepted, votes found serial) insert their corrections
-- with ON CONFLICT DO NOTHING and no conflict target, where they named
-- corrects_id. The effect is the same: the only key a correction can
-- collide on is the one that lets each ledger row be taken back once (its
-- id is the identity's). Naming no target lets 0155 turn that key into
-- (corrects_id, user_id), as a ledger distributed by user on Citus needs,
-- without a moment in which these functions name a key that is not there:
-- they work before and after it.
--
-- Function bodies only; no table is locked.

create or replace function trust.reverse_serial_votes() returns trigger
language plpgsql as $$
begin
    -- Each ledger row a flagged vote produced is taken back once: the
    -- unique key on the row a correction takes back makes a second attempt
    -- a no-op.
    insert into reward.reputation_ledger (user_id, event_type, change, reason, source_id, corrects_id)
    select
        r.user_id,
        'SERIAL_VOTE_REVERSED',
        -r.change,
        format('serial voting confirmed by abuse flag %s', new.id),
        r.source_id,
        r.id
    from trust.abuse_flag_evidence as e
    inner join reward.reputation_ledger as r on r.source_id = e.source_table || ':' || e.source_id
    where e.flag_id = new.id and r.corrects_id is null and r.change <> 0
    order by r.id
    on conflict do nothing;
    return null;
end;
$$;

create or replace function community.retract_vote(p_voter_id bigint, p_content text, p_content_id bigint)
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
        on conflict do nothing
        returning r.change
    )
    select found_vote.id, found_vote.value, coalesce(-sum(t.change), 0)::bigint
    into vote_id, vote_value, reputation_taken_back
    from taken_back as t;
    execute format('delete from %s as v where v.id = $1', vote_table) using found_vote.id;
    return next;
end;
$$;

create or replace function community.accept_answer(p_answer_id bigint, p_user_id bigint) returns setof community.answers
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
        on conflict do nothing;
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
