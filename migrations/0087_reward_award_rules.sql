-- Achievements and badges awarded by rules written as SQL, as Discourse's
-- badge queries are:
--   * reward.award_rules: one rule per award; its query returns the user_id
--     of everyone who should hold the award now. Every change of the query
--     (or of revocable) is a new version, kept in reward.award_rule_versions.
--   * reward.evaluate_award_rules() compares each rule with the holders and
--     returns who would gain (grant) and who would lose (revoke) an award.
--     It writes nothing: the award_rules_preview query runs it read-only.
--   * reward.run_award_rules() applies that list as one run: grants and
--     revokes, each logged in reward.award_changes with the run and the rule
--     version. The grant rows name them too (run_id, rule_id, rule_version).
--     The unique keys of the grant tables mean a repeated run grants nothing
--     twice; only revocable rules take an award back, and only one they gave.
-- A rule's query is trusted code from whoever may write this table (the
-- owner role): it runs as a subquery, so it can only read (a data-modifying
-- statement or a second statement is a syntax error there).
-- The grant tables are live: their new columns are nullable and their
-- foreign keys NOT VALID, validated by 0089.

create table reward.award_rules (
    id bigint generated always as identity,
    key text not null,
    badge_id bigint,
    achievement_id bigint,
    query text not null,
    revocable boolean not null default false,
    enabled boolean not null default true,
    version integer not null default 1,
    description text,
    updated_at timestamptz not null default now(),
    constraint award_rules_pkey primary key (id),
    constraint award_rules_key_key unique (key),
    constraint award_rules_badge_id_fkey foreign key (badge_id) references reward.badges (id) on delete cascade,
    constraint award_rules_achievement_id_fkey foreign key (achievement_id) references reward.achievements (id)
    on delete cascade,
    constraint award_rules_one_award_check check (num_nonnulls(badge_id, achievement_id) = 1),
    constraint award_rules_version_check check (version >= 1)
);
comment on table reward.award_rules is 'Which users hold an achievement or a badge, as a SQL query (Discourse-style).';
comment on column reward.award_rules.query is
'A SELECT returning a user_id column: everyone who should hold the award now.';
comment on column reward.award_rules.revocable is 'Whether users the query no longer returns lose the award.';
comment on column reward.award_rules.version is 'Raised by one on every change of query or revocable.';
create index idx_award_rules_badge_id on reward.award_rules (badge_id);
create index idx_award_rules_achievement_id on reward.award_rules (achievement_id);

create table reward.award_rule_versions (
    rule_id bigint not null,
    version integer not null,
    query text not null,
    revocable boolean not null,
    created_at timestamptz not null default now(),
    constraint award_rule_versions_pkey primary key (rule_id, version),
    constraint award_rule_versions_rule_id_fkey foreign key (rule_id) references reward.award_rules (id)
    on delete cascade
);
comment on table reward.award_rule_versions is 'Every version of every award rule, as it was.';

create table reward.award_runs (
    id bigint generated always as identity,
    started_at timestamptz not null default now(),
    rule_keys text[],
    granted integer not null default 0,
    revoked integer not null default 0,
    constraint award_runs_pkey primary key (id)
);
comment on table reward.award_runs is 'One run of the award rules and what it changed.';
comment on column reward.award_runs.rule_keys is 'The rules the run was limited to; NULL for all enabled rules.';

create table reward.award_changes (
    id bigint generated always as identity,
    run_id bigint not null,
    rule_id bigint not null,
    rule_version integer not null,
    user_id bigint not null,
    change text not null,
    created_at timestamptz not null default now(),
    constraint award_changes_pkey primary key (id),
    constraint award_changes_run_id_fkey foreign key (run_id) references reward.award_runs (id),
    constraint award_changes_rule_version_fkey foreign key (rule_id, rule_version)
    references reward.award_rule_versions (rule_id, version),
    constraint award_changes_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade,
    constraint award_changes_change_check check (change in ('grant', 'revoke'))
);
comment on table reward.award_changes is 'Every award a run granted or revoked, with the rule version that decided it.';
create index idx_award_changes_run_id on reward.award_changes (run_id);
create index idx_award_changes_user_id on reward.award_changes (user_id);
create index idx_award_changes_rule_version on reward.award_changes (rule_id, rule_version);

-- squawk-ignore-file adding-foreign-key-constraint
alter table reward.badge_grants
add column run_id bigint,
add column rule_id bigint,
add column rule_version integer,
add constraint badge_grants_run_id_fkey foreign key (run_id) references reward.award_runs (id) not valid,
add constraint badge_grants_rule_version_fkey foreign key (rule_id, rule_version)
references reward.award_rule_versions (rule_id, version) not valid;
comment on column reward.badge_grants.run_id is 'The award run that granted it; NULL when granted otherwise.';
comment on column reward.badge_grants.rule_version is 'The version of the rule (rule_id) that granted it.';

alter table reward.user_achievements
add column run_id bigint,
add column rule_id bigint,
add column rule_version integer,
add constraint user_achievements_run_id_fkey foreign key (run_id) references reward.award_runs (id) not valid,
add constraint user_achievements_rule_version_fkey foreign key (rule_id, rule_version)
references reward.award_rule_versions (rule_id, version) not valid;
comment on column reward.user_achievements.run_id is 'The award run that unlocked it; NULL when unlocked otherwise.';
comment on column reward.user_achievements.rule_version is 'The version of the rule (rule_id) that unlocked it.';

create function reward.check_award_rule() returns trigger
language plpgsql as $$
begin
    -- Plan the query once, returning nothing: a syntax error, a missing
    -- user_id column or a second statement is refused here, not at the
    -- next run.
    begin
        execute format('select rule_result.user_id::bigint from (%s) as rule_result where false', new.query);
    exception
        when others then
            raise exception 'award rule %: its query must be one SELECT returning user_id: %', new.key, sqlerrm
                using errcode = 'check_violation';
    end;
    if tg_op = 'INSERT' then
        new.version := 1;
    elsif (new.query, new.revocable) is distinct from (old.query, old.revocable) then
        new.version := old.version + 1;
    else
        new.version := old.version;
    end if;
    new.updated_at := now();
    return new;
end;
$$;
comment on function reward.check_award_rule() is
'BEFORE INSERT/UPDATE on reward.award_rules: refuses a query that cannot run, numbers the version.';

create trigger award_rules_check
before insert or update on reward.award_rules
for each row execute function reward.check_award_rule();

create function reward.keep_award_rule_version() returns trigger
language plpgsql as $$
begin
    insert into reward.award_rule_versions (rule_id, version, query, revocable)
    values (new.id, new.version, new.query, new.revocable)
    on conflict (rule_id, version) do nothing;
    return null;
end;
$$;
comment on function reward.keep_award_rule_version() is
'AFTER INSERT/UPDATE on reward.award_rules: keeps the version in reward.award_rule_versions.';

create trigger award_rules_keep_version
after insert or update on reward.award_rules
for each row execute function reward.keep_award_rule_version();

create function reward.evaluate_award_rules(rule_keys text[] default null)
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

-- Seed data: the community's first awards. Idempotent by key.
insert into reward.badges (key, name, description)
values
('first_answer', 'First answer', 'Answered a doubt for the first time'),
('helpful', 'Helpful', 'Three answers accepted'),
('trusted', 'Trusted', 'Trust score of 0.7 or more; lost when it falls below')
on conflict (key) do nothing;

insert into reward.award_rules (key, badge_id, query, revocable, description)
select
    seed_rule.key,
    b.id,
    seed_rule.query,
    seed_rule.revocable,
    seed_rule.description
from (
    values
    (
        'first_answer', 'first_answer', 'select a.author_id as user_id from community.answers as a', false,
        'Anyone who has written an answer'
    ),
    (
        'helpful', 'helpful',
        'select a.author_id as user_id from community.answers as a where a.is_accepted'
        || ' group by a.author_id having count(*) >= 3',
        false, 'Three or more accepted answers'
    ),
    (
        'trusted', 'trusted', 'select t.user_id from trust.trust_scores as t where t.score >= 0.7', true,
        'Trust score of 0.7 or more'
    )
) as seed_rule (key, badge_key, query, revocable, description)
inner join reward.badges as b on seed_rule.badge_key = b.key
on conflict (key) do nothing;
