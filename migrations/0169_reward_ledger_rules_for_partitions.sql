-- transactional: false
-- revises: 85c08ebbaa91c843ccf549696a2f137869de8130752211f83d068a4f68117c39
--
-- First of six steps that partition both ledgers, reward.xp_ledger and
-- reward.reputation_ledger, by month of created_at (0172 says why). Before
-- the tables change, what their rules rely on is made to work on a
-- partitioned table:
--
-- 1. A correction names the time of the row it takes back
--    (corrects_created_at). A partitioned table's keys hold its partition
--    key, so the foreign key from a correction to its row becomes
--    (corrects_id, user_id, corrects_created_at) -> (id, user_id,
--    created_at) (0174). The writer never names it: the trigger
--    reward.record_ledger_row fills it from the row taken back.
-- 2. "A row is corrected at most once" can no longer be a unique key: a
--    unique index of a partitioned table must hold created_at, and a
--    correction is written after its row, often in a later month. The
--    trigger holds the rule instead, without a race: it first moves the
--    user's total (an UPDATE of the user's row, which every ledger row of
--    that user makes), then looks for an earlier correction of the row. Two
--    corrections of one row belong to the same user, so the second waits
--    for the first's user row lock and then sees its correction (READ
--    COMMITTED), or fails to serialize (REPEATABLE READ, SERIALIZABLE). The
--    invariant ledger_corrections_once checks the rule over all rows.
--    The three functions that take reputation back skip what is taken back
--    already (they relied on ON CONFLICT DO NOTHING against the unique key).
-- 3. Triggers name the ledger they fire for through
--    core.written_table_name(tg_relid): on a partitioned table a row
--    trigger fires on the partition, whose name is not the ledger's.
-- 4. created_at and corrects_created_at become the database's: the
--    application may not name them, so a row cannot be written into a
--    month of its choosing (created_at was already stamped now() for it).
--
-- Then the corrections already written get their row's time, in committed
-- batches (reward.backfill_correction_times, resumable). Each statement
-- here is its own short transaction; a rerun after a crash does each again
-- with the same result.

alter table reward.xp_ledger add column if not exists corrects_created_at timestamptz;
alter table reward.reputation_ledger add column if not exists corrects_created_at timestamptz;
comment on column reward.xp_ledger.corrects_created_at is
'created_at of the row this one compensates (the foreign key holds it); set by the database.';
comment on column reward.reputation_ledger.corrects_created_at is
'created_at of the row this one compensates (the foreign key holds it); set by the database.';

update core.table_access
set database_columns = database_columns || array['created_at', 'corrects_created_at']
where
    table_name in ('reward.xp_ledger', 'reward.reputation_ledger')
    and not 'corrects_created_at' = any(database_columns);
call core.apply_table_access();

create or replace function core.written_table_name(p_table oid) returns text
language sql stable
set search_path = pg_catalog, pg_temp
as $$
    select format('%I.%I', n.nspname, c.relname)
    from pg_class as c
    inner join pg_namespace as n on c.relnamespace = n.oid
    where c.oid = coalesce(pg_partition_root(p_table), p_table);
$$;
comment on function core.written_table_name(oid) is
'The table a trigger fired for (tg_relid) as its writers name it, schema.table: a partition''s partitioned table.';

create or replace function core.refuse_change() returns trigger
language plpgsql as $$
begin
    -- Shared by every append-only table (histories, ledgers).
    raise exception '% is append-only: % is not allowed', core.written_table_name(tg_relid), tg_op
        using errcode = 'restrict_violation';
end;
$$;

create or replace function trust.refuse_suspended_actor() returns trigger
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
        raise exception 'user % is suspended or banned: % refused', actor, core.written_table_name(tg_relid)
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end;
$$;

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
        raise exception '%.cap_trimmed is set by the daily cap, not by the writer', core.written_table_name(tg_relid)
            using errcode = 'check_violation';
    end if;
    -- Reputation for an accepted answer is not capped (Stack Exchange's rule);
    -- only the database writes those rows (trigger *_accept_owner_events).
    if wanted <= 0 or new.corrects_id is not null
        or (
            new.event_type in ('ANSWER_ACCEPTED', 'ACCEPT_GIVEN')
            and core.written_table_name(tg_relid) = 'reward.reputation_ledger'
        ) then
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

create or replace function reward.accept_award() returns trigger
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
    if core.written_table_name(tg_relid) = 'reward.xp_ledger' then
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

create or replace function reward.record_ledger_row() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    -- Trigger arguments: the ledger's amount column, the user total it moves.
    amount_column constant text := tg_argv[0];
    total_column constant text := tg_argv[1];
    amount bigint := (to_jsonb(new) ->> amount_column)::bigint;
    ledger text;
    corrected record;
    earlier_correction bigint;
begin
    -- The total first: the user's row lock it takes orders this row after
    -- every other row of the same user still being written (see below).
    execute format('update core.users set %I = %I + $1 where id = $2', total_column, total_column)
    using amount, new.user_id;
    new.corrects_created_at := null;
    if new.corrects_id is not null then
        ledger := core.written_table_name(tg_relid);
        execute format('select user_id, created_at, %I as amount from %s where id = $1', amount_column, ledger)
        into corrected using new.corrects_id;
        if corrected.user_id is distinct from new.user_id or corrected.amount is distinct from -amount then
            raise exception '% row % must take back exactly % of user %''s row %',
                ledger, new.id, corrected.amount, corrected.user_id, new.corrects_id
                using errcode = 'check_violation';
        end if;
        -- Taken back once. Another correction of the row is the same user's:
        -- committed before the lock above was granted, it is seen here.
        execute format('select id from %s where corrects_id = $1 and user_id = $2 limit 1', ledger)
        into earlier_correction using new.corrects_id, new.user_id;
        if earlier_correction is not null then
            raise exception '% row % is taken back already, by row %', ledger, new.corrects_id, earlier_correction
                using errcode = 'unique_violation';
        end if;
        new.corrects_created_at := corrected.created_at;
    end if;
    return new;
end;
$$;
comment on function reward.record_ledger_row() is
'BEFORE INSERT on a ledger: adds the amount (arg 1) to the user total (arg 2); checks a compensating row '
'(same user, amount negated, the row not taken back before) and names its row''s time.';

create or replace function trust.reverse_serial_votes() returns trigger
language plpgsql as $$
begin
    -- Each ledger row a flagged vote produced is taken back once: rows
    -- taken back already (a retracted vote) are skipped.
    insert into reward.reputation_ledger (user_id, event_type, change, reason, source_id, corrects_id)
    select
        r.user_id,
        'SERIAL_VOTE_REVERSED',
        -r.change,
        format('serial voting confirmed by abuse flag %s', new.id),
        r.source_id,
        r.id
    from (
        select distinct e.source_table || ':' || e.source_id as source_id
        from trust.abuse_flag_evidence as e
        where e.flag_id = new.id
    ) as flagged
    inner join reward.reputation_ledger as r on flagged.source_id = r.source_id
    where
        r.corrects_id is null
        and r.change <> 0
        and not exists (
            select from reward.reputation_ledger as c
            where c.corrects_id = r.id and c.user_id = r.user_id
        )
    order by r.id;
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
        where
            o.source_id = vote_table || ':' || found_vote.id and o.corrects_id is null and o.change <> 0
            and not exists (
                select from reward.reputation_ledger as c where c.corrects_id = o.id and c.user_id = o.user_id
            )
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
        where
            o.source_id = 'community.answers:' || previous.id and o.corrects_id is null and o.change <> 0
            and not exists (
                select from reward.reputation_ledger as c where c.corrects_id = o.id and c.user_id = o.user_id
            );
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

-- The corrections written before this: each gets its row's time, in
-- batches found through the corrections' index (by corrects_id, each after
-- the last: no row is read twice and no other row is read). A batch turns
-- the ledger's append-only guard off for its own UPDATE only and on again
-- before it commits, so no other session ever sees the guard off.
-- (Revised: the first version looked for each batch from the ledger's
-- start, by id, under the guard's lock: one scan of the ledger per batch.)
create or replace procedure reward.backfill_correction_times(
    batch_size integer default 500, inout rows_filled bigint default 0
)
language plpgsql as $$
declare
    ledger text;
    batch bigint [];
    last_corrected bigint;
begin
    foreach ledger in array array['xp_ledger', 'reputation_ledger'] loop
        last_corrected := 0;
        loop
            execute format(
                'select array_agg(t.id), max(t.corrects_id) from (select c.id, c.corrects_id from reward.%I as c'
                ' where c.corrects_id > $2 and c.corrects_created_at is null order by c.corrects_id limit $1) as t',
                ledger
            ) into batch, last_corrected using batch_size, last_corrected;
            exit when last_corrected is null;
            execute format('alter table reward.%I disable trigger %I', ledger, ledger || '_append_only');
            execute format(
                'update reward.%1$I as c set corrects_created_at = r.created_at from reward.%1$I as r'
                ' where c.id = any($1) and r.id = c.corrects_id and r.user_id = c.user_id',
                ledger
            ) using batch;
            execute format('alter table reward.%I enable trigger %I', ledger, ledger || '_append_only');
            rows_filled := rows_filled + cardinality(batch);
            commit;
        end loop;
    end loop;
end;
$$;
comment on procedure reward.backfill_correction_times(integer, bigint) is  -- noqa: LT01
'Gives the ledgers'' corrections written before 0169 their row''s time, in committed batches; resumable.';

call reward.backfill_correction_times();
