-- Demo data: a small Q&A community with XP, reputation and streaks, in
-- which three accounts run a vote ring and one votes serially for a friend.
-- `make demo` then refreshes the vote graph, runs the detectors and shows
-- the leaderboard and the flags. Loading it again does nothing (the demo
-- members are recognised by their PHP ids 9101..9109).
do $$
declare
    member record;
    doubt_id bigint;
begin
    if exists (select 1 from core.users where php_user_id between 9101 and 9109) then
        raise notice 'community demo data already loaded';
        return;
    end if;

    insert into core.users (php_user_id, email, first_name, last_name, created_at, is_shadow_banned)
    values
    (9101, 'nisha@example.com', 'Nisha', 'Verma', now() - interval '400 days', false),
    (9102, 'omar@example.com', 'Omar', 'Khan', now() - interval '300 days', false),
    (9103, 'priya@example.com', 'Priya', 'Nair', now() - interval '200 days', false),
    (9104, 'sunil@example.com', 'Sunil', 'Das', now() - interval '90 days', false),
    -- The ring: three young accounts upvoting each other's every answer.
    (9105, 'ring1@example.com', 'Vik', 'One', now() - interval '10 days', false),
    (9106, 'ring2@example.com', 'Vik', 'Two', now() - interval '10 days', false),
    (9107, 'ring3@example.com', 'Vik', 'Three', now() - interval '10 days', false),
    -- Votes for one friend only, many in a day.
    (9108, 'fan@example.com', 'Raj', 'Fan', now() - interval '30 days', false),
    -- Shadow-banned: earns XP but never shows on a leaderboard.
    (9109, 'spam@example.com', 'Spam', 'Bot', now() - interval '5 days', true);

    -- Everyone asks a doubt and writes six answers to the others' doubts.
    insert into community.doubts (author_id, title, body)
    select u.id, 'Question from ' || u.first_name || ' ' || u.last_name, 'How do I solve this step?'
    from core.users as u
    where u.php_user_id between 9101 and 9109;

    for member in select u.id from core.users as u where u.php_user_id between 9101 and 9107 loop
        select d.id into doubt_id
        from community.doubts as d
        inner join core.users as u on d.author_id = u.id
        where u.php_user_id = 9104;
        insert into community.answers (doubt_id, author_id, body, is_accepted)
        select doubt_id, member.id, format('Answer %s: first factor, then divide.', n), n <= 3 and member.id % 2 = 0
        from generate_series(1, 6) as n;
    end loop;

    -- Honest votes: a few, spread over many authors, mostly one way.
    insert into community.answer_votes (answer_id, voter_id, value, created_at)
    select a.id, v.id, 1, now() - interval '3 days'
    from core.users as v
    inner join core.users as t on t.php_user_id = v.php_user_id - 1
    inner join community.answers as a on a.author_id = t.id
    where v.php_user_id between 9102 and 9104
    and a.id % 3 = 0;

    -- The ring: every ring member upvotes every answer of the two others,
    -- two a day (too few a day to look like serial voting).
    insert into community.answer_votes (answer_id, voter_id, value, created_at)
    select a.id, v.id, 1, now() - (1 + a.id % 3) * interval '1 day'
    from core.users as v
    inner join core.users as t on t.php_user_id between 9105 and 9107 and t.id <> v.id
    inner join community.answers as a on a.author_id = t.id
    where v.php_user_id between 9105 and 9107;

    -- The serial voter: all six of Nisha's answers within an hour.
    insert into community.answer_votes (answer_id, voter_id, value, created_at)
    select a.id, v.id, 1, date_trunc('day', now() - interval '1 day') + interval '10 hours'
        + a.id * interval '1 minute'
    from core.users as v
    inner join core.users as t on t.php_user_id = 9101
    inner join community.answers as a on a.author_id = t.id
    where v.php_user_id = 9108;

    -- Each vote gives its author reputation, naming the vote as cast_vote does.
    insert into reward.reputation_ledger (user_id, event_type, change, reason, source_id, created_at)
    select a.author_id, 'ANSWER_UPVOTED', 10, 'answer ' || a.id || ' voted up',
        'community.answer_votes:' || v.id, v.created_at
    from community.answer_votes as v
    inner join community.answers as a on v.answer_id = a.id
    inner join core.users as u on a.author_id = u.id
    where u.php_user_id between 9101 and 9109
    order by v.id;

    -- XP for answers and accepted answers, this week.
    insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, created_at)
    select a.author_id,
        case when a.is_accepted then 'ANSWER_ACCEPTED' else 'ANSWER_POSTED' end,
        case when a.is_accepted then 25 else 5 end,
        case when a.is_accepted then 25 else 5 end,
        'answer ' || a.id,
        now() - interval '1 hour'
    from community.answers as a
    inner join core.users as u on a.author_id = u.id
    where u.php_user_id between 9101 and 9107
    order by a.id;
    insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason)
    select u.id, 'DOUBT_ASKED', 400, 400, 'many doubts'
    from core.users as u
    where u.php_user_id = 9109;

    -- Streaks: Nisha has been active for five days and holds a freeze.
    insert into reward.streaks (user_id, current_length, longest_length, last_active_on, freezes_available)
    select u.id, 5, 12, (now() at time zone 'UTC')::date - 2, 1
    from core.users as u
    where u.php_user_id = 9101;
end;
$$;
