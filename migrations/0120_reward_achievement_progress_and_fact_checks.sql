-- Achievement progress kept by the database, with the anti-gaming rules of
-- seed 004 holding; a fact-check result recorded in one call.
--
-- Until now reward.achievement_progress was a table the application wrote
-- as it liked: its anti-gaming fields (unique_users, first_date,
-- last_date, day_span, validated_count) meant whatever the writer put in
-- them, and an achievement could be unlocked whenever a row said so.
--
-- An achievement may now carry its requirements: progress_target (the
-- amount to reach), min_unique_users (distinct other people the progress
-- must come from: ten upvotes from one friend are not ten) and
-- min_day_span (calendar days between the first and the last
-- contribution: no unlocking in one burst). All three are optional.
--
-- reward.record_achievement_progress(user, key, amount, from user) is the
-- one writer of progress: it adds the amount, keeps the anti-gaming fields
-- (a contribution from someone else counts as validated and adds them to
-- unique_users; one's own counts only towards the amount) and unlocks the
-- achievement (reward.user_achievements) once every requirement holds,
-- saying which are still missing otherwise. The application may only read
-- the progress table now (core.table_access), and a BEFORE INSERT trigger
-- on reward.user_achievements refuses, for every writer, to unlock an
-- achievement with requirements before its progress meets them.
--
-- trust.record_fact_check writes trust.fact_check_logs from a fact-check's
-- result: the counts are counted from the claims given (each with its NLI
-- label), not trusted from the caller, and safe_to_display follows the
-- action (BLOCK and REGENERATE are not safe).
--
-- Three nullable columns on a small catalogue table (a metadata-only
-- change), functions and a trigger.

alter table reward.achievements
add column progress_target integer,
add column min_unique_users integer,
add column min_day_span integer;
comment on column reward.achievements.progress_target is
'Amount of progress that unlocks the achievement (reward.record_achievement_progress); null: not progress-based.';
comment on column reward.achievements.min_unique_users is
'Distinct other users the progress must come from before it unlocks (anti-gaming); null: no minimum.';
comment on column reward.achievements.min_day_span is
'Calendar days between first and last contribution before it unlocks (anti-gaming); null: no minimum.';

alter table reward.achievements
add constraint achievements_requirements_check check (
    progress_target > 0 and min_unique_users > 0 and min_day_span > 0
) not valid;
comment on constraint achievements_requirements_check on reward.achievements is
'Requirements, where given, are positive (validated by 0121).';

create function reward.achievement_requirements_missing(p_user_id bigint, p_achievement_id bigint)
returns text[]
language sql stable as $$
    select array_remove(array[
        case when a.progress_target is not null and coalesce(p.current, 0) < a.progress_target
            then format('progress %s of %s', coalesce(p.current, 0), a.progress_target) end,
        case when a.min_unique_users is not null
            and coalesce(cardinality(p.unique_users), 0) < a.min_unique_users
            then format('%s of %s distinct users', coalesce(cardinality(p.unique_users), 0), a.min_unique_users)
        end,
        case when a.min_day_span is not null and coalesce(p.day_span, 0) < a.min_day_span
            then format('%s of %s days', coalesce(p.day_span, 0), a.min_day_span) end
    ], null)
    from reward.achievements as a
    left join reward.achievement_progress as p
        on p.achievement_id = a.id and p.user_id = p_user_id
    where a.id = p_achievement_id;
$$;
comment on function reward.achievement_requirements_missing(bigint, bigint) is
'What a user still lacks for an achievement (progress, distinct users, days); empty when it may unlock.';

create function reward.refuse_early_unlock() returns trigger
language plpgsql as $$
declare
    achievement_id bigint := coalesce(
        new.achievement_id, (select a.id from reward.achievements as a where a.key = new.achievement_key)
    );
    missing text[] := reward.achievement_requirements_missing(new.user_id, achievement_id);
begin
    if cardinality(missing) > 0 then
        raise exception 'achievement % is not earned yet by user %: %',
            new.achievement_key, new.user_id, array_to_string(missing, ', ')
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function reward.refuse_early_unlock() is
'BEFORE INSERT on reward.user_achievements: an achievement with requirements unlocks only when they hold.';

create trigger user_achievements_refuse_early_unlock
before insert on reward.user_achievements
for each row execute function reward.refuse_early_unlock();

create function reward.record_achievement_progress(
    p_user_id bigint, p_achievement_key text, p_amount integer, p_from_user_id bigint default null
) returns table (
    achievement_key text, current integer, target integer, unique_users integer, day_span integer,
    validated_count integer, unlocked boolean, missing text
)
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
#variable_conflict use_column
declare
    achievement reward.achievements;
    progress reward.achievement_progress;
    from_other boolean := p_from_user_id is not null and p_from_user_id <> p_user_id;
    still_missing text[];
begin
    select * into achievement from reward.achievements as a where a.key = p_achievement_key;
    if not found or achievement.progress_target is null then
        raise exception 'no progress-based achievement %', p_achievement_key using errcode = 'no_data_found';
    end if;
    if p_amount is null or p_amount < 1 then
        raise exception 'progress amount must be at least 1, not %', p_amount using errcode = 'check_violation';
    end if;
    insert into reward.achievement_progress as p (
        user_id, achievement_id, current, target, unique_users, first_date, last_date, day_span, validated_count
    )
    values (
        p_user_id, achievement.id, p_amount, achievement.progress_target,
        case when from_other then array[p_from_user_id] else '{}' end,
        now(), now(), 0, from_other::integer
    )
    on conflict (user_id, achievement_id) do update
    set
        current = p.current + p_amount,
        target = achievement.progress_target,
        unique_users = case
            when from_other and not p_from_user_id = any(p.unique_users) then p.unique_users || p_from_user_id
            else p.unique_users
        end,
        first_date = coalesce(p.first_date, now()),
        last_date = now(),
        day_span = now()::date - coalesce(p.first_date, now())::date,
        validated_count = p.validated_count + from_other::integer,
        last_updated = now()
    returning * into progress;
    still_missing := reward.achievement_requirements_missing(p_user_id, achievement.id);
    if cardinality(still_missing) = 0 then
        insert into reward.user_achievements (user_id, achievement_key, achievement_id)
        values (p_user_id, achievement.key, achievement.id)
        on conflict (user_id, achievement_key) do nothing;
    end if;
    return query select
        achievement.key, progress.current, progress.target, cardinality(progress.unique_users),
        progress.day_span, progress.validated_count, cardinality(still_missing) = 0,
        nullif(array_to_string(still_missing, ', '), '');
end;
$$;
comment on function reward.record_achievement_progress(bigint, text, integer, bigint) is
'Adds progress towards an achievement, keeps the anti-gaming fields and unlocks it once every requirement holds.';

update core.table_access
set
    app_privileges = '{SELECT}',
    why = 'written only by reward.record_achievement_progress, which keeps the anti-gaming fields'
where table_name = 'reward.achievement_progress';
call core.apply_table_access();

create function trust.record_fact_check(
    p_user_id bigint, p_generated_text text, p_context_used text, p_claims jsonb, p_overall_confidence numeric,
    p_action_taken text
) returns setof trust.fact_check_logs
language plpgsql as $$
begin
    if jsonb_typeof(p_claims) is distinct from 'array' or exists (
        select 1 from jsonb_array_elements(p_claims) as c
        where c ->> 'label' is null or c ->> 'label' not in ('entailment', 'contradiction', 'neutral')
    ) then
        raise exception 'claims must be an array of objects with label entailment, contradiction or neutral'
            using errcode = 'check_violation';
    end if;
    return query
    insert into trust.fact_check_logs (
        user_id, generated_text, context_used, claims_checked, entailment_count, contradiction_count,
        neutral_count, overall_confidence, safe_to_display, checks, action_taken
    )
    select
        p_user_id, p_generated_text, p_context_used, count(*),
        count(*) filter (where c ->> 'label' = 'entailment'),
        count(*) filter (where c ->> 'label' = 'contradiction'),
        count(*) filter (where c ->> 'label' = 'neutral'),
        p_overall_confidence, p_action_taken in ('DISPLAY', 'DISPLAY_WITH_WARNING'), p_claims, p_action_taken
    from jsonb_array_elements(p_claims) as c
    returning *;
end;
$$;
comment on function trust.record_fact_check(bigint, text, text, jsonb, numeric, text) is
'Logs a fact-check: counts from the labelled claims, safe_to_display from the action.';
