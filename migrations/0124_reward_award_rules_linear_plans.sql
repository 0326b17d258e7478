-- No statistics can turn run_award_rules quadratic.
--
-- Each rule's changes were two anti-joins between CTEs (who the rule
-- matches, who holds the award). A CTE scan has no statistics: right after
-- a bulk grant, before autoanalyze, the planner estimated 3 holders where
-- there were 88,770 and chose a nested-loop anti-join over two CTE scans:
-- the second run took 852 s against 8 s for the first and the third, and
-- held back the autovacuum of core.users meanwhile.
--
-- The same sets are now computed with EXCEPT (matched EXCEPT holders are
-- the grants; the revocable holders EXCEPT matched are the revokes). A
-- set operation runs as a hash or a sort, whatever the estimates: linear
-- in the rows, never a product. The result is the same rows in the same
-- order. reward.award_rule_changes_sql(rule) is the statement for one
-- rule, so it can be read and EXPLAINed on its own; evaluate_award_rules
-- runs it for each enabled rule.
--
-- Functions only: replaced in place, same signature and result.

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

create or replace function reward.evaluate_award_rules(rule_keys text[] default null)
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
