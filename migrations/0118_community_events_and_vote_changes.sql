-- The community's actions leave events, and the event log drives what
-- follows them (seed 004's integration flows: "create doubt -> event
-- logged", "answer accepted -> XP awarded", "flag created -> trust
-- recalculated"); a vote can be changed in one call, as on Stack Exchange.
--
-- Events. Until now nothing wrote core.event_logs but the application, so
-- an event was only as reliable as the code that remembered to write it.
-- core.log_event() is an AFTER ROW trigger: the event is written in the
-- same transaction as the action, by every writer, or not at all. Its
-- arguments: the event type, the column naming the user, and the columns
-- copied into metadata. The target is '<schema>.<table>:<id>'.
--   doubt.created, answer.created, answer.accepted, vote.cast,
--   vote.retracted, abuse_flag.created, moderation.logged, award.granted
-- It runs as the owner (SECURITY DEFINER): the application's own event
-- rules (0101) are for events it writes itself.
--
-- Follow-ups. process_event_log hands events out and, in the same
-- transaction, does the work that follows them: an accepted answer earns
-- its author XP (xp_answer_accepted, once per answer, within the daily cap)
-- and a new abuse flag recomputes its user's trust score at once instead
-- of at the next hourly run. trust.recompute_trust_scores(user ids) is the
-- one place the trust update is written; the hourly job calls it for
-- everyone (null).
--
-- Votes. community.cast_vote holds what the cast_vote query did (one vote
-- per user and content, none on one's own content, the author's reputation
-- with the daily cap, none from a shadow-banned voter); community.change_vote
-- turns an existing vote round: the old one is retracted with its
-- compensating reputation row (community.retract_vote, 0114) and the new
-- one cast, in one transaction.
--
-- New functions, triggers and one setting; no table changes. The triggers
-- add one small insert per action.

insert into core.gamification_settings (key, value, type, description, category, updated_by, min_value, max_value)
values (
    'xp_answer_accepted', '15', 'number', 'XP an answer''s author earns when it is accepted (once per answer)',
    'rewards', 'migration 0118', 0, 1000
)
on conflict (key) do nothing;

create function core.log_event() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    row_data jsonb := to_jsonb(coalesce(new, old));
    copied jsonb := '{}';
    column_name text;
begin
    foreach column_name in array string_to_array(coalesce(tg_argv[2], ''), ',') loop
        copied := copied || jsonb_build_object(column_name, row_data -> column_name);
    end loop;
    insert into core.event_logs (event_type, user_id, target_id, metadata)
    values (
        tg_argv[0],
        (row_data ->> tg_argv[1])::bigint,
        format('%s.%s:%s', tg_table_schema, tg_table_name, row_data ->> 'id'),
        copied
    );
    return null;
end;
$$;
comment on function core.log_event() is
'AFTER ROW trigger: writes core.event_logs (arguments: event type, user column, columns copied into metadata).';

create trigger doubts_log_event
after insert on community.doubts
for each row execute function core.log_event('doubt.created', 'author_id');

create trigger answers_log_event
after insert on community.answers
for each row execute function core.log_event('answer.created', 'author_id', 'doubt_id');

create trigger answers_log_acceptance
after update of is_accepted on community.answers
for each row when (new.is_accepted and not old.is_accepted)
execute function core.log_event('answer.accepted', 'author_id', 'doubt_id');

create trigger answer_votes_log_event
after insert on community.answer_votes
for each row execute function core.log_event('vote.cast', 'voter_id', 'answer_id,value');

create trigger answer_votes_log_retraction
after delete on community.answer_votes
for each row execute function core.log_event('vote.retracted', 'voter_id', 'answer_id,value');

create trigger doubt_votes_log_event
after insert on community.doubt_votes
for each row execute function core.log_event('vote.cast', 'voter_id', 'doubt_id,value');

create trigger doubt_votes_log_retraction
after delete on community.doubt_votes
for each row execute function core.log_event('vote.retracted', 'voter_id', 'doubt_id,value');

create trigger abuse_flags_log_event
after insert on trust.abuse_flags
for each row execute function core.log_event('abuse_flag.created', 'user_id', 'flag_type,severity');

create trigger moderation_logs_log_event
after insert on trust.moderation_logs
for each row execute function core.log_event('moderation.logged', 'target_user_id', 'action,admin_id');

create trigger user_achievements_log_event
after insert on reward.user_achievements
for each row execute function core.log_event('award.granted', 'user_id', 'achievement_key');

create trigger badge_grants_log_event
after insert on reward.badge_grants
for each row execute function core.log_event('award.granted', 'user_id', 'badge_id');

create function trust.recompute_trust_scores(p_user_ids bigint[] default null)
returns table (scores_changed bigint, caches_changed bigint)
language sql security definer set search_path = pg_catalog, pg_temp as $$
    with updated as (
        update trust.trust_scores as t
        set
            score = c.score,
            mastery_reliability = c.mastery_reliability,
            nli_track_record = c.nli_track_record,
            community_validation = c.community_validation,
            account_age_trust = c.account_age_trust,
            interaction_entropy = c.interaction_entropy,
            vote_pattern_score = c.vote_pattern_score,
            similarity_flags = c.similarity_flags,
            abuse_flags = c.abuse_flags,
            historical_low = least(t.historical_low, c.score),
            historical_high = greatest(t.historical_high, c.score),
            last_updated = now()
        from trust.trust_components as c
        where
            t.user_id = c.user_id
            and (p_user_ids is null or t.user_id = any(p_user_ids))
            and (
                t.score, t.mastery_reliability, t.nli_track_record, t.community_validation, t.account_age_trust,
                t.interaction_entropy, t.vote_pattern_score, t.similarity_flags, t.abuse_flags
            ) is distinct from (
                c.score, c.mastery_reliability, c.nli_track_record, c.community_validation, c.account_age_trust,
                c.interaction_entropy, c.vote_pattern_score, c.similarity_flags, c.abuse_flags
            )
        returning t.user_id, t.score
    ),

    cached as (
        update core.users as u
        set trust_score_cache = up.score
        from updated as up
        where u.id = up.user_id and u.trust_score_cache <> up.score
        returning u.id
    )

    select
        (select count(*) from updated) as scores_changed,
        (select count(*) from cached) as caches_changed;
$$;
comment on function trust.recompute_trust_scores(bigint[]) is
'Recomputes the trust scores of the given users (null: everyone) from trust.trust_components; writes only changes.';

create function community.cast_vote(p_voter_id bigint, p_content text, p_content_id bigint, p_direction text)
returns table (vote_id bigint, author_id bigint, reputation_change integer, cap_trimmed integer)
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    author bigint;
    new_vote record;
begin
    if p_content not in ('answer', 'doubt') then
        raise exception 'content must be answer or doubt, not %', p_content using errcode = 'check_violation';
    end if;
    if p_direction not in ('up', 'down') then
        raise exception 'direction must be up or down, not %', p_direction using errcode = 'check_violation';
    end if;
    execute format('select c.author_id from community.%I as c where c.id = $1', p_content || 's')
    into author using p_content_id;
    if author is null or author = p_voter_id then
        return;  -- no such content, or one's own: nothing is recorded
    end if;
    execute format(
        'insert into community.%I as v (%I, voter_id, value) values ($1, $2, $3) on conflict do nothing'
        ' returning v.id, v.value', p_content || '_votes', p_content || '_id')
    into new_vote using p_content_id, p_voter_id, case when p_direction = 'up' then 1 else -1 end;
    if new_vote is null then
        return;  -- already voted: one vote per user and content
    end if;
    -- A shadow-banned voter's vote is recorded but moves nobody's reputation.
    return query
    insert into reward.reputation_ledger as r (user_id, event_type, change, reason, source_id, voter_trust)
    select
        author,
        upper(p_content || '_' || p_direction || 'voted'),
        case
            when p_direction = 'down' then core.setting_numeric('reputation_downvote')::integer
            when p_content = 'answer' then core.setting_numeric('reputation_answer_upvote')::integer
            else core.setting_numeric('reputation_doubt_upvote')::integer
        end,
        format('%s %s voted %s', p_content, p_content_id, p_direction),
        format('community.%s_votes:%s', p_content, new_vote.id),
        u.trust_score_cache
    from core.users as u
    where u.id = p_voter_id and not u.is_shadow_banned
    returning new_vote.id, r.user_id, r.change, r.cap_trimmed;
end;
$$;
comment on function community.cast_vote(bigint, text, bigint, text) is
'A vote on an answer or doubt and its author''s reputation (capped; none from a shadow-banned voter). '
'One per user and content; none on one''s own content.';

create function community.change_vote(p_voter_id bigint, p_content text, p_content_id bigint, p_direction text)
returns table (vote_id bigint, author_id bigint, reputation_change integer, cap_trimmed integer)
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    current_value integer;
    new_value integer := case p_direction when 'up' then 1 when 'down' then -1 end;
begin
    if new_value is null then
        raise exception 'direction must be up or down, not %', p_direction using errcode = 'check_violation';
    end if;
    select r.vote_value into current_value
    from community.retract_vote(p_voter_id, p_content, p_content_id) as r;
    if current_value = new_value then
        raise exception 'user % already voted % on % %', p_voter_id, p_direction, p_content, p_content_id
            using errcode = 'check_violation';
    end if;
    return query select * from community.cast_vote(p_voter_id, p_content, p_content_id, p_direction);
end;
$$;
comment on function community.change_vote(bigint, text, bigint, text) is
'Turns a user''s vote round: retracts it (compensating reputation) and casts the other direction, at once.';
