-- run_award_rules costs what is new: a rule is evaluated for the users
-- whose result may have changed, as Discourse runs a badge query for the
-- users its trigger names, instead of for everyone every hour.
--
-- reward.award_rules.triggered_by: the event types (core.event_logs,
-- written by the database for every community action, 0118) after which
-- a user's result may change; the event's user is the one to look at.
-- The seed rules get theirs: first_answer answer.created and helpful
-- answer.accepted (both events name the answer's author). A rule without
-- triggered_by (trusted: trust scores have no event) is evaluated for
-- everyone on every run, as before.
--
-- reward.evaluate_award_rules(rules, since) and run_award_rules(rules,
-- since): given since, a rule with triggered_by is evaluated only for the
-- users of its events since then, both who it matches and who holds the
-- award restricted to them, so the grants and revokes are those a full
-- evaluation gives for those users. A rule changed since then (its query,
-- its triggers, enabled again: updated_at) is evaluated for everyone.
-- Without since: everyone, as before. The run_award_rules query passes
-- its watermark; its day's first run, its first run ever and
-- recompute_all=true pass none.
--
-- A nullable column (catalog only), the seed rules' triggers (their query
-- as seeded only), and three functions replaced; two take one more
-- defaulted argument, and their old signatures are dropped here.

alter table reward.award_rules add column triggered_by text[];
comment on column reward.award_rules.triggered_by is
'Event types (core.event_logs) after which a user''s result may change: incremental runs evaluate the rule '
'for their users only. NULL: for everyone on every run.';

update reward.award_rules set triggered_by = '{answer.created}'
where key = 'first_answer' and query = 'select a.author_id as user_id from community.answers as a';
update reward.award_rules set triggered_by = '{answer.accepted}'
where
    key = 'helpful'
    and query = 'select a.author_id as user_id from community.answers as a where a.is_accepted'
    || ' group by a.author_id having count(*) >= 3';

-- Each new signature accepts every call the old one did (one more
-- argument, with a default); old and new change in this one transaction.
-- squawk-ignore ban-drop-function
drop function reward.run_award_rules(text[]);
-- squawk-ignore ban-drop-function
drop function reward.evaluate_award_rules(text[]);
-- squawk-ignore ban-drop-function
drop function reward.award_rule_changes_sql(bigint);

create function reward.award_rule_changes_sql(p_rule_id bigint, p_given_users_only boolean default false)
returns text
language sql stable as $$
    select format($rule$
        with matched as (
            select distinct rule_result.user_id::bigint as user_id
            from (%s) as rule_result
            inner join core.users as u on u.id = rule_result.user_id
            where %s
        ),
        holders as (select held.* from (%s) as held where %s)
        select %L::text, %s, %L::text, %L::text, g.user_id, 'grant'
        from (select m.user_id from matched as m except select h.user_id from holders as h) as g
        union all
        select %L::text, %s, %L::text, %L::text, r.user_id, 'revoke'
        from (
            select h.user_id from holders as h where %L::boolean and h.rule_id = %s
            except
            select m.user_id from matched as m
        ) as r
        order by 5, 6
    $rule$,
        r.query,
        case when p_given_users_only then 'rule_result.user_id = any($1)' else 'true' end,
        case
            when r.badge_id is not null then
                format('select g.user_id, g.rule_id from reward.badge_grants as g where g.badge_id = %s', b.id)
            else
                format('select ua.user_id, ua.rule_id from reward.user_achievements as ua'
                    || ' where ua.achievement_key = %L', a.key)
        end,
        case when p_given_users_only then 'held.user_id = any($1)' else 'true' end,
        r.key, r.version, case when r.badge_id is not null then 'badge' else 'achievement' end, coalesce(b.key, a.key),
        r.key, r.version, case when r.badge_id is not null then 'badge' else 'achievement' end, coalesce(b.key, a.key),
        r.revocable, r.id
    )
    from reward.award_rules as r
    left join reward.badges as b on r.badge_id = b.id
    left join reward.achievements as a on r.achievement_id = a.id
    where r.id = p_rule_id;
$$;
comment on function reward.award_rule_changes_sql(bigint, boolean) is
'The statement that lists one award rule''s grants and revokes (set operations: linear whatever the statistics); '
'with p_given_users_only, for the users in the array bound as $1 only.';

create function reward.evaluate_award_rules(rule_keys text[] default null, since timestamptz default null)
returns table (
    rule_key text, rule_version integer, award_kind text, award_key text, user_id bigint, change text
)
language plpgsql stable as $$
declare
    rule record;
    users bigint[];
begin
    for rule in
        select r.id, r.triggered_by, r.updated_at
        from reward.award_rules as r
        where r.enabled and (rule_keys is null or r.key = any(rule_keys))
        order by r.key
    loop
        if since is null or rule.triggered_by is null or rule.updated_at >= since then
            return query execute reward.award_rule_changes_sql(rule.id);
        else
            select coalesce(array_agg(distinct e.user_id), '{}') into users
            from core.event_logs as e
            where e.event_type = any(rule.triggered_by) and e.emitted_at >= since and e.user_id is not null;
            return query execute reward.award_rule_changes_sql(rule.id, true) using users;
        end if;
    end loop;
end;
$$;
comment on function reward.evaluate_award_rules(text[], timestamptz) is
'Who would gain (grant) or lose (revoke) each award if the enabled rules (or those named) ran now. Writes nothing. '
'Given since: a rule with triggered_by, unchanged since then, only for the users of its events since then.';

create function reward.run_award_rules(rule_keys text[] default null, since timestamptz default null)
returns table (
    run_id bigint, rule_key text, rule_version integer, award_kind text, award_key text, user_id bigint,
    change text
)
language plpgsql as $$
#variable_conflict use_column
declare
    this_run bigint;
begin
    insert into reward.award_runs (rule_keys) values (rule_keys) returning id into this_run;
    create temporary table award_plan on commit drop as
    select e.*, r.id as rule_id, r.badge_id, a.id as achievement_id
    from reward.evaluate_award_rules(rule_keys, since) as e
    inner join reward.award_rules as r on e.rule_key = r.key
    left join reward.achievements as a on r.achievement_id = a.id;

    -- Grants first; ON CONFLICT DO NOTHING is what makes a repeat (or two
    -- rules for one award) grant nothing twice.
    with granted_badges as (
        insert into reward.badge_grants (badge_id, user_id, run_id, rule_id, rule_version)
        select p.badge_id, p.user_id, this_run, p.rule_id, p.rule_version
        from award_plan as p
        where p.change = 'grant' and p.badge_id is not null
        on conflict (badge_id, user_id) do nothing
        returning rule_id, rule_version, user_id
    ),
    granted_achievements as (
        insert into reward.user_achievements (user_id, achievement_key, achievement_id, run_id, rule_id, rule_version)
        select p.user_id, p.award_key, p.achievement_id, this_run, p.rule_id, p.rule_version
        from award_plan as p
        where p.change = 'grant' and p.achievement_id is not null
        on conflict (user_id, achievement_key) do nothing
        returning rule_id, rule_version, user_id
    ),
    revoked_badges as (
        delete from reward.badge_grants as g
        using award_plan as p
        where p.change = 'revoke' and g.badge_id = p.badge_id and g.user_id = p.user_id and g.rule_id = p.rule_id
        returning p.rule_id, p.rule_version, g.user_id
    ),
    revoked_achievements as (
        delete from reward.user_achievements as ua
        using award_plan as p
        where
            p.change = 'revoke' and ua.achievement_key = p.award_key and ua.user_id = p.user_id
            and ua.rule_id = p.rule_id
        returning p.rule_id, p.rule_version, ua.user_id
    )
    insert into reward.award_changes (run_id, rule_id, rule_version, user_id, change)
    select this_run, c.rule_id, c.rule_version, c.user_id, c.change
    from (
        select gb.*, 'grant' as change from granted_badges as gb
        union all
        select ga.*, 'grant' from granted_achievements as ga
        union all
        select rb.*, 'revoke' from revoked_badges as rb
        union all
        select ra.*, 'revoke' from revoked_achievements as ra
    ) as c
    order by c.rule_id, c.user_id;

    update reward.award_runs as ar
    set
        granted = (select count(*) from reward.award_changes as c where c.run_id = this_run and c.change = 'grant'),
        revoked = (select count(*) from reward.award_changes as c where c.run_id = this_run and c.change = 'revoke')
    where ar.id = this_run;

    return query
    select this_run, p.rule_key, p.rule_version, p.award_kind, p.award_key, p.user_id, p.change
    from award_plan as p
    inner join reward.award_changes as c
        on c.run_id = this_run and c.rule_id = p.rule_id and c.user_id = p.user_id and c.change = p.change
    order by p.rule_key, p.user_id, p.change;
    drop table award_plan;
end;
$$;
comment on function reward.run_award_rules(text[], timestamptz) is
'Applies evaluate_award_rules (rules, since) as one run: grants and revokes, logged with run and rule version. '
'Repeatable.';
