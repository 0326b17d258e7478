-- Undo 0134: every rule is evaluated for everyone on every run again;
-- the functions are those of 0124 (award_rule_changes_sql, evaluate) and
-- 0087 (run), and the triggers column goes.

drop function reward.run_award_rules(text[], timestamptz);
drop function reward.evaluate_award_rules(text[], timestamptz);
drop function reward.award_rule_changes_sql(bigint, boolean);

create function reward.award_rule_changes_sql(p_rule_id bigint) returns text
language sql stable as $$
    select format($rule$
        with matched as (
            select distinct rule_result.user_id::bigint as user_id
            from (%s) as rule_result
            inner join core.users as u on u.id = rule_result.user_id
        ),
        holders as (%s)
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
        case
            when r.badge_id is not null then
                format('select g.user_id, g.rule_id from reward.badge_grants as g where g.badge_id = %s', b.id)
            else
                format('select ua.user_id, ua.rule_id from reward.user_achievements as ua'
                    || ' where ua.achievement_key = %L', a.key)
        end,
        r.key, r.version, case when r.badge_id is not null then 'badge' else 'achievement' end, coalesce(b.key, a.key),
        r.key, r.version, case when r.badge_id is not null then 'badge' else 'achievement' end, coalesce(b.key, a.key),
        r.revocable, r.id
    )
    from reward.award_rules as r
    left join reward.badges as b on r.badge_id = b.id
    left join reward.achievements as a on r.achievement_id = a.id
    where r.id = p_rule_id;
$$;
comment on function reward.award_rule_changes_sql(bigint) is
'The statement that lists one award rule''s grants and revokes (set operations: linear whatever the statistics).';

create function reward.evaluate_award_rules(rule_keys text[] default null)
returns table (
    rule_key text, rule_version integer, award_kind text, award_key text, user_id bigint, change text
)
language plpgsql stable as $$
declare
    rule_id bigint;
begin
    for rule_id in
        select r.id from reward.award_rules as r
        where r.enabled and (rule_keys is null or r.key = any(rule_keys))
        order by r.key
    loop
        return query execute reward.award_rule_changes_sql(rule_id);
    end loop;
end;
$$;
comment on function reward.evaluate_award_rules(text[]) is
'Who would gain (grant) or lose (revoke) each award if the enabled rules (or those named) ran now. Writes nothing.';

create function reward.run_award_rules(rule_keys text[] default null)
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
    from reward.evaluate_award_rules(rule_keys) as e
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
comment on function reward.run_award_rules(text[]) is
'Applies evaluate_award_rules as one run: grants and revokes, logged with run and rule version. Repeatable.';

alter table reward.award_rules drop column triggered_by;
