-- Undo 0124: evaluate_award_rules goes back to 0087's anti-joins (same
-- result; the plan can again depend on statistics) and the statement
-- builder is dropped.

create or replace function reward.evaluate_award_rules(rule_keys text[] default null)
returns table (
    rule_key text, rule_version integer, award_kind text, award_key text, user_id bigint, change text
)
language plpgsql stable as $$
declare
    rule record;
begin
    for rule in
        select
            r.id, r.key, r.version, r.query, r.revocable,
            case when r.badge_id is not null then 'badge' else 'achievement' end as kind,
            coalesce(b.key, a.key) as award_key,
            case
                when r.badge_id is not null then
                    format('select g.user_id, g.rule_id from reward.badge_grants as g where g.badge_id = %s', b.id)
                else
                    format('select ua.user_id, ua.rule_id from reward.user_achievements as ua'
                        || ' where ua.achievement_key = %L', a.key)
            end as holders
        from reward.award_rules as r
        left join reward.badges as b on r.badge_id = b.id
        left join reward.achievements as a on r.achievement_id = a.id
        where r.enabled and (rule_keys is null or r.key = any(rule_keys))
        order by r.key
    loop
        return query execute format($rule$
            with matched as (
                select distinct rule_result.user_id::bigint as user_id
                from (%s) as rule_result
                inner join core.users as u on u.id = rule_result.user_id
            ),
            holders as (%s)
            select $1, $2, $3, $4, m.user_id, 'grant'
            from matched as m
            where not exists (select 1 from holders as h where h.user_id = m.user_id)
            union all
            select $1, $2, $3, $4, h.user_id, 'revoke'
            from holders as h
            where $5 and h.rule_id = $6 and not exists (select 1 from matched as m where m.user_id = h.user_id)
            order by 5, 6
        $rule$, rule.query, rule.holders)
        using rule.key, rule.version, rule.kind, rule.award_key, rule.revocable, rule.id;
    end loop;
end;
$$;

drop function reward.award_rule_changes_sql(bigint);
