--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: chat; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA chat;

--
-- Name: SCHEMA chat; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA chat IS 'Chat assistant: flows, flow runs, conversation memory and logs, NLU training samples.';

--
-- Name: community; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA community;

--
-- Name: SCHEMA community; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA community IS 'Q&A learning community: doubts, answers, votes, communities, the vote graph.';

--
-- Name: core; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA core;

--
-- Name: SCHEMA core; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA core IS 'Shared identity (one row per person), typed settings with history, shared functions.';

--
-- Name: learn; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA learn;

--
-- Name: SCHEMA learn; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA learn IS 'Courses and lessons, enrolments, progress, quizzes, certificates, course assets, AI analyses.';

--
-- Name: play; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA play;

--
-- Name: SCHEMA play; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA play IS 'Mini-games: game sessions, the question bank, reward crediting to the wallet.';

--
-- Name: quest; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA quest;

--
-- Name: SCHEMA quest; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA quest IS 'Therapeutic and educational quests: builder sessions, psychologist reviews, marketplace, progress, recovery tracks.';

--
-- Name: report; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA report;

--
-- Name: SCHEMA report; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA report IS 'Views for reports and analysts: the personal columns masked (gamedb_readonly reads these).';

--
-- Name: reward; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA reward;

--
-- Name: SCHEMA reward; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA reward IS 'Achievements and their unlocks, challenges, nudges; later XP and reputation ledgers, badges, streaks.';

--
-- Name: trust; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA trust;

--
-- Name: SCHEMA trust; Type: COMMENT; Schema: -; Owner: -
--

COMMENT ON SCHEMA trust IS 'Trust scores, abuse flags, moderation, NLI fact-check logs, content embeddings.';

--
-- Name: abuse_flag_evidence_row; Type: TYPE; Schema: trust; Owner: -
--

CREATE TYPE trust.abuse_flag_evidence_row AS (
	source_table text,
	source_id bigint
);

--
-- Name: TYPE abuse_flag_evidence_row; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON TYPE trust.abuse_flag_evidence_row IS 'One evidence row of a finding: a table and the id of a row in it.';

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: training_samples; Type: TABLE; Schema: chat; Owner: -
--

CREATE TABLE chat.training_samples (
    id bigint NOT NULL,
    user_id bigint,
    session_id character varying(100),
    game_session_id character varying(100),
    text text NOT NULL,
    intent character varying(100) NOT NULL,
    entities jsonb,
    confidence numeric(5,4),
    language character varying(10),
    tone character varying(50),
    context jsonb,
    source character varying(50) DEFAULT 'game'::character varying NOT NULL,
    nlu_provider character varying(50),
    approved boolean DEFAULT false NOT NULL,
    approved_by character varying(100),
    approved_at timestamp with time zone,
    review_status character varying(20) DEFAULT 'pending'::character varying NOT NULL,
    review_priority integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    conversation_log_id bigint,
    CONSTRAINT training_samples_approved_check CHECK (((approved = ((review_status)::text = 'approved'::text)) AND ((NOT approved) OR (approved_at IS NOT NULL)))),
    CONSTRAINT training_samples_confidence_check CHECK (((confidence >= (0)::numeric) AND (confidence <= (1)::numeric))),
    CONSTRAINT training_samples_review_status_check CHECK (((review_status)::text = ANY (ARRAY['pending'::text, 'approved'::text, 'rejected'::text]))),
    CONSTRAINT training_samples_source_check CHECK (((source)::text = ANY (ARRAY['game'::text, 'conversation'::text, 'manual'::text])))
);

--
-- Name: TABLE training_samples; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON TABLE chat.training_samples IS 'Labelled, reviewed NLU training data (seed 000); exported in batches for model training.';

--
-- Name: COLUMN training_samples.game_session_id; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.training_samples.game_session_id IS 'The chat session id of the game that produced the sample, as the seed has it (text). The game itself: play.game_sessions.training_sample_id.';

--
-- Name: COLUMN training_samples.confidence; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.training_samples.confidence IS 'How sure the label is, 0..1.';

--
-- Name: COLUMN training_samples.source; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.training_samples.source IS 'Closed set: game, conversation, manual.';

--
-- Name: COLUMN training_samples.review_status; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.training_samples.review_status IS 'Closed set: pending, approved, rejected.';

--
-- Name: COLUMN training_samples.review_priority; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.training_samples.review_priority IS 'Higher is reviewed first.';

--
-- Name: COLUMN training_samples.conversation_log_id; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.training_samples.conversation_log_id IS 'The conversation log a harvested sample came from; unique, so a log is harvested once.';

--
-- Name: approve_training_samples(text, text, text, numeric, integer); Type: FUNCTION; Schema: chat; Owner: -
--

CREATE FUNCTION chat.approve_training_samples(p_reviewer text, p_source text DEFAULT NULL::text, p_intent text DEFAULT NULL::text, p_min_confidence numeric DEFAULT NULL::numeric, p_max_rows integer DEFAULT 1000) RETURNS SETOF chat.training_samples
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    if coalesce(btrim(p_reviewer), '') = '' then
        raise exception 'a review names its reviewer' using errcode = 'check_violation';
    end if;
    if p_max_rows not between 1 and 100000 then
        raise exception 'max_rows must be 1 to 100000, not %', p_max_rows using errcode = 'check_violation';
    end if;
    return query
    with picked as (
        select s.id
        from chat.training_samples as s
        where
            s.review_status = 'pending'
            and (p_source is null or s.source = p_source)
            and (p_intent is null or s.intent = p_intent)
            and (p_min_confidence is null or s.confidence >= p_min_confidence)
        order by s.created_at, s.id
        limit p_max_rows
        for update skip locked
    )

    update chat.training_samples as s
    set review_status = 'approved', approved = true, approved_by = p_reviewer, approved_at = now()
    from picked as p
    where s.id = p.id
    returning s.*;
end;
$$;

--
-- Name: FUNCTION approve_training_samples(p_reviewer text, p_source text, p_intent text, p_min_confidence numeric, p_max_rows integer); Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON FUNCTION chat.approve_training_samples(p_reviewer text, p_source text, p_intent text, p_min_confidence numeric, p_max_rows integer) IS 'Approves pending training samples matching the filter (source, intent, minimum confidence), oldest first.';

--
-- Name: check_training_sample_confidence(); Type: FUNCTION; Schema: chat; Owner: -
--

CREATE FUNCTION chat.check_training_sample_confidence() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if new.source = 'game' then
        if coalesce(new.confidence, 1) <> 1 then
            raise exception 'a game sample''s label is confirmed by the known answer: confidence is 1, not %',
                new.confidence
                using errcode = 'check_violation';
        end if;
        new.confidence := 1;
    elsif new.source = 'conversation'
        and not coalesce(new.confidence >= core.setting_numeric('min_confidence_auto_save'), false) then
        raise exception 'a conversation sample needs confidence of at least min_confidence_auto_save (%), not %',
            core.setting_text('min_confidence_auto_save'), coalesce(new.confidence::text, 'none')
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION check_training_sample_confidence(); Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON FUNCTION chat.check_training_sample_confidence() IS 'BEFORE INSERT on chat.training_samples: game samples have confidence 1; conversation samples reach min_confidence_auto_save; manual ones any.';

--
-- Name: keep_exported_samples(); Type: FUNCTION; Schema: chat; Owner: -
--

CREATE FUNCTION chat.keep_exported_samples() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    if tg_op = 'UPDATE' and new.approved then
        return new;
    end if;
    if exists (select from chat.training_batch_samples as b where b.sample_id = old.id) then
        raise exception 'training sample % was exported in batch %: it stays approved and is not deleted',
            old.id, (select b.batch_id from chat.training_batch_samples as b where b.sample_id = old.id)
            using errcode = 'check_violation',
                constraint = 'training_samples_exported_check',
                hint = 'core.forget_user keeps an exported sample''s text and removes who wrote it';
    end if;
    return case when tg_op = 'DELETE' then old else new end;
end;
$$;

--
-- Name: FUNCTION keep_exported_samples(); Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON FUNCTION chat.keep_exported_samples() IS 'BEFORE UPDATE OF approved or DELETE on chat.training_samples: an exported sample stays approved and is kept.';

--
-- Name: keep_sampled_conversation_logs(); Type: FUNCTION; Schema: chat; Owner: -
--

CREATE FUNCTION chat.keep_sampled_conversation_logs() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    if exists (select from chat.training_samples as t where t.conversation_log_id = old.id) then
        raise exception 'update or delete on table "conversation_logs" violates foreign key constraint '
            '"training_samples_conversation_log_id_fkey" on table "training_samples"'
        using errcode = 'foreign_key_violation', constraint = 'training_samples_conversation_log_id_fkey',
        schema = 'chat', table = 'training_samples',
        detail = format('Key (id)=(%s) is still referenced from table "training_samples".', old.id);
    end if;
    return null;
end;
$$;

--
-- Name: FUNCTION keep_sampled_conversation_logs(); Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON FUNCTION chat.keep_sampled_conversation_logs() IS 'AFTER DELETE OR UPDATE OF id on chat.conversation_logs: a message a training sample names stays. The referenced side of a foreign key, which a partitioned table cannot hold.';

--
-- Name: protect_critical_flows(); Type: FUNCTION; Schema: chat; Owner: -
--

CREATE FUNCTION chat.protect_critical_flows() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if tg_op = 'DELETE' then
        if old.system_critical then
            raise exception 'flow % is system-critical and cannot be deleted', old.id
                using errcode = 'restrict_violation';
        end if;
        return old;
    end if;
    if not core.caller_is_owner() then
        if tg_op = 'INSERT' and new.system_critical then
            raise exception 'flow % cannot be created system-critical: only a migration marks a flow critical', new.id
                using errcode = 'insufficient_privilege';
        end if;
        if tg_op = 'UPDATE' and (old.system_critical or new.system_critical)
            and (to_jsonb(new) - array['name', 'description', 'metadata', 'updated_at'])
            is distinct from (to_jsonb(old) - array['name', 'description', 'metadata', 'updated_at']) then
            raise exception 'flow % is system-critical: only a migration may change more than its name, '
                'description and metadata', old.id
                using errcode = 'insufficient_privilege';
        end if;
    end if;
    if new.system_critical and not new.enabled then
        raise exception 'flow % is system-critical and cannot be disabled', new.id
            using errcode = 'restrict_violation';
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION protect_critical_flows(); Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON FUNCTION chat.protect_critical_flows() IS 'BEFORE INSERT/UPDATE/DELETE on chat.flows: a system-critical flow stays enabled and is never deleted; only the owner role creates one or changes more than its name, description and metadata.';

--
-- Name: refuse_unknown_conversation_log(); Type: FUNCTION; Schema: chat; Owner: -
--

CREATE FUNCTION chat.refuse_unknown_conversation_log() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    -- As a foreign key: no message named, or the same one as before, is not checked. FOR KEY
    -- SHARE (owner's privilege, hence security definer): it stays until this sample's writer commits.
    if new.conversation_log_id is null
        or (tg_op = 'UPDATE' and new.conversation_log_id = old.conversation_log_id) then
        return null;
    end if;
    perform from chat.conversation_logs as l where l.id = new.conversation_log_id for key share;
    if not found then
        raise exception 'insert or update on table "training_samples" violates foreign key constraint '
            '"training_samples_conversation_log_id_fkey"'
        using errcode = 'foreign_key_violation', constraint = 'training_samples_conversation_log_id_fkey',
        schema = 'chat', table = 'training_samples',
        detail = format('Key (conversation_log_id)=(%s) is not present in table "conversation_logs".',
            new.conversation_log_id);
    end if;
    return null;
end;
$$;

--
-- Name: FUNCTION refuse_unknown_conversation_log(); Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON FUNCTION chat.refuse_unknown_conversation_log() IS 'AFTER INSERT OR UPDATE OF conversation_log_id on chat.training_samples: the message a sample names exists: the foreign key a partitioned chat.conversation_logs cannot be pointed at by.';

--
-- Name: review_training_sample(bigint, text, text, text, jsonb); Type: FUNCTION; Schema: chat; Owner: -
--

CREATE FUNCTION chat.review_training_sample(p_sample_id bigint, p_reviewer text, p_decision text, p_intent text DEFAULT NULL::text, p_entities jsonb DEFAULT NULL::jsonb) RETURNS SETOF chat.training_samples
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    sample chat.training_samples;
begin
    if coalesce(btrim(p_reviewer), '') = '' then
        raise exception 'a review names its reviewer' using errcode = 'check_violation';
    end if;
    if p_decision not in ('approve', 'reject', 'relabel') then
        raise exception 'decision must be approve, reject or relabel, not %', p_decision
            using errcode = 'check_violation';
    end if;
    if (p_decision = 'relabel') <> (p_intent is not null) then
        raise exception 'relabel needs the new intent, and only relabel takes one' using errcode = 'check_violation';
    end if;
    select * into sample from chat.training_samples as s where s.id = p_sample_id for update;
    if not found then
        raise exception 'no training sample %', p_sample_id using errcode = 'no_data_found';
    end if;
    if sample.review_status <> 'pending' then
        raise exception 'training sample % was already reviewed (%)', p_sample_id, sample.review_status
            using errcode = 'check_violation';
    end if;
    return query
    update chat.training_samples as s
    set
        review_status = case p_decision when 'reject' then 'rejected' else 'approved' end,
        approved = p_decision <> 'reject',
        approved_by = p_reviewer,
        approved_at = now(),
        intent = coalesce(p_intent, s.intent),
        entities = case when p_decision = 'relabel' then p_entities else s.entities end
    where s.id = p_sample_id
    returning s.*;
end;
$$;

--
-- Name: FUNCTION review_training_sample(p_sample_id bigint, p_reviewer text, p_decision text, p_intent text, p_entities jsonb); Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON FUNCTION chat.review_training_sample(p_sample_id bigint, p_reviewer text, p_decision text, p_intent text, p_entities jsonb) IS 'Approves, rejects or relabels one pending training sample, recording the reviewer and time.';

--
-- Name: answers; Type: TABLE; Schema: community; Owner: -
--

CREATE TABLE community.answers (
    id bigint NOT NULL,
    doubt_id bigint NOT NULL,
    author_id bigint NOT NULL,
    body text NOT NULL,
    is_accepted boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE answers; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON TABLE community.answers IS 'An answer to a doubt (seed 004 Answer).';

--
-- Name: COLUMN answers.is_accepted; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON COLUMN community.answers.is_accepted IS 'The doubt''s author accepted this answer.';

--
-- Name: accept_answer(bigint, bigint); Type: FUNCTION; Schema: community; Owner: -
--

CREATE FUNCTION community.accept_answer(p_answer_id bigint, p_user_id bigint) RETURNS SETOF community.answers
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: FUNCTION accept_answer(p_answer_id bigint, p_user_id bigint); Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON FUNCTION community.accept_answer(p_answer_id bigint, p_user_id bigint) IS 'The doubt''s author accepts an answer: reputation for both sides, outside the daily cap; a previously accepted answer of the doubt loses its reputation.';

--
-- Name: cast_vote(bigint, text, bigint, text); Type: FUNCTION; Schema: community; Owner: -
--

CREATE FUNCTION community.cast_vote(p_voter_id bigint, p_content text, p_content_id bigint, p_direction text) RETURNS TABLE(vote_id bigint, author_id bigint, reputation_change integer, cap_trimmed integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
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
$_$;

--
-- Name: FUNCTION cast_vote(p_voter_id bigint, p_content text, p_content_id bigint, p_direction text); Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON FUNCTION community.cast_vote(p_voter_id bigint, p_content text, p_content_id bigint, p_direction text) IS 'A vote on an answer or doubt and its author''s reputation (capped; none from a shadow-banned voter). One per user and content; none on one''s own content.';

--
-- Name: change_vote(bigint, text, bigint, text); Type: FUNCTION; Schema: community; Owner: -
--

CREATE FUNCTION community.change_vote(p_voter_id bigint, p_content text, p_content_id bigint, p_direction text) RETURNS TABLE(vote_id bigint, author_id bigint, reputation_change integer, cap_trimmed integer)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: FUNCTION change_vote(p_voter_id bigint, p_content text, p_content_id bigint, p_direction text); Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON FUNCTION community.change_vote(p_voter_id bigint, p_content text, p_content_id bigint, p_direction text) IS 'Turns a user''s vote round: retracts it (compensating reputation) and casts the other direction, at once.';

--
-- Name: queue_vote_graph_author_change(); Type: FUNCTION; Schema: community; Owner: -
--

CREATE FUNCTION community.queue_vote_graph_author_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
begin
    -- answers -> answer_votes.answer_id, doubts -> doubt_votes.doubt_id
    execute format(
        'insert into community.vote_graph_changes (voter_id, target_user_id, vote_change, vote_value, voted_at)'
        ' select v.voter_id, side.author_id, side.vote_change, v.value, v.created_at'
        ' from community.%I as v'
        ' cross join (values ($2, -1), ($3, 1)) as side (author_id, vote_change)'
        ' where v.%I = $1 and v.voter_id <> side.author_id',
        left(tg_table_name, -1) || '_votes', left(tg_table_name, -1) || '_id')
    using new.id, old.author_id, new.author_id;
    return null;
end;
$_$;

--
-- Name: FUNCTION queue_vote_graph_author_change(); Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON FUNCTION community.queue_vote_graph_author_change() IS 'AFTER UPDATE OF author_id on answers and doubts: moves the content''s votes from the old author''s pairs to the new.';

--
-- Name: queue_vote_graph_change(); Type: FUNCTION; Schema: community; Owner: -
--

CREATE FUNCTION community.queue_vote_graph_change() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    vote record := coalesce(new, old);
    author bigint;
begin
    if tg_table_name = 'answer_votes' then
        select a.author_id into author from community.answers as a where a.id = vote.answer_id;
    else
        select d.author_id into author from community.doubts as d where d.id = vote.doubt_id;
    end if;
    if author <> vote.voter_id then  -- a vote for oneself is not an edge
        insert into community.vote_graph_changes (voter_id, target_user_id, vote_change, vote_value, voted_at)
        values (vote.voter_id, author, case tg_op when 'INSERT' then 1 else -1 end, vote.value, vote.created_at);
    end if;
    return null;
end;
$$;

--
-- Name: FUNCTION queue_vote_graph_change(); Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON FUNCTION community.queue_vote_graph_change() IS 'AFTER INSERT OR DELETE on answer_votes and doubt_votes: queues the vote for the vote graph.';

--
-- Name: recount_vote_totals(bigint[]); Type: FUNCTION; Schema: community; Owner: -
--

CREATE FUNCTION community.recount_vote_totals(p_voters bigint[]) RETURNS void
    LANGUAGE plpgsql
    AS $$
begin
    if p_voters is null then
        delete from community.user_vote_totals;
        insert into community.user_vote_totals (user_id, votes_received, upvotes_received)
        select
            g.target_user_id,
            sum(g.vote_count),
            sum(g.upvote_count)
        from community.vote_graph as g
        group by g.target_user_id;
    end if;

    with given as (
        select
            g.voter_id,
            g.vote_count,
            g.reciprocity,
            sum(g.vote_count) over (partition by g.voter_id) as votes_given
        from community.vote_graph as g
        where p_voters is null or g.voter_id = any(p_voters)
    ),

    summed as (
        select
            g.voter_id,
            max(g.votes_given) as votes_given,
            count(*) as pairs_given,
            sum(g.vote_count * g.reciprocity) as votes_returned,
            -- Shannon entropy of whom the votes went to, divided by its maximum
            -- ln(votes_given) (every vote to a different person): 1 is as spread
            -- as possible, 0 is every vote to one person. One vote counts as 1.
            -- In double precision (numeric ln() was most of a recount's time),
            -- rounded to 4 places.
            case
                when max(g.votes_given) > 1
                    then round(
                            least(
                                1, -sum((g.vote_count::float8 / g.votes_given) * ln(g.vote_count::float8 / g.votes_given))
                                / ln(max(g.votes_given)::float8)
                            )::numeric,
                            4
                        )
                else 1
            end as given_entropy
        from given as g
        group by g.voter_id
    )

    insert into community.user_vote_totals as t (user_id, votes_given, pairs_given, votes_returned, given_entropy)
    select
        s.voter_id,
        s.votes_given,
        s.pairs_given,
        s.votes_returned,
        s.given_entropy
    from summed as s
    union all
    -- voters asked for with no pair left
    select
        v.user_id,
        0,
        0,
        0,
        null
    from unnest(p_voters) as v (user_id)
    where not exists (select 1 from summed as s where s.voter_id = v.user_id)
    on conflict (user_id) do update
        set
            votes_given = excluded.votes_given,
            pairs_given = excluded.pairs_given,
            votes_returned = excluded.votes_returned,
            given_entropy = excluded.given_entropy;
end;
$$;

--
-- Name: FUNCTION recount_vote_totals(p_voters bigint[]); Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON FUNCTION community.recount_vote_totals(p_voters bigint[]) IS 'Recounts community.user_vote_totals from the vote graph: the given side of these voters (null: everyone, and the received side too). Called by community.refresh_vote_graph.';

--
-- Name: refresh_vote_graph(boolean); Type: FUNCTION; Schema: community; Owner: -
--

CREATE FUNCTION community.refresh_vote_graph(p_recompute_all boolean) RETURNS TABLE(changes_applied bigint, pairs_counted bigint, pairs_written bigint, pairs_removed bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    voters bigint[];   -- voters of the pairs counted and of their reverse
    targets bigint[];  -- targets of the pairs counted
begin
    -- One refresh at a time; each statement takes its snapshot after the lock.
    perform pg_advisory_xact_lock(hashtextextended('community.refresh_vote_graph', 0));

    with taken as (
        delete from community.vote_graph_changes as q
        returning q.voter_id, q.target_user_id, q.vote_change, q.vote_value, q.voted_at
    ),

    deltas as (
        select
            t.voter_id,
            t.target_user_id,
            sum(t.vote_change)::integer as vote_change,
            coalesce(sum(t.vote_change) filter (where t.vote_value > 0), 0)::integer as upvote_change,
            coalesce(sum(t.vote_change) filter (where t.vote_value < 0), 0)::integer as downvote_change,
            max(t.voted_at) filter (where t.vote_change > 0) as newest_cast,
            bool_or(t.vote_change < 0) as lost_a_vote
        from taken as t
        where not p_recompute_all
        group by t.voter_id, t.target_user_id
    ),

    every_pair as (
        -- everything: every pair from the votes (self-votes are not edges)
        select
            v.voter_id,
            v.target_user_id,
            count(*)::integer as vote_count,
            count(*) filter (where v.value > 0)::integer as upvote_count,
            count(*) filter (where v.value < 0)::integer as downvote_count,
            max(v.created_at) as last_vote_at
        from community.user_votes as v
        where p_recompute_all and v.voter_id <> v.target_user_id
        group by v.voter_id, v.target_user_id
    ),

    counted as (
        -- Each pair's new counts beside its row as it is (old: null for a new pair).
        select
            e.voter_id,
            e.target_user_id,
            e.vote_count,
            e.upvote_count,
            e.downvote_count,
            e.last_vote_at,
            old
        from every_pair as e
        left join community.vote_graph as old on e.voter_id = old.voter_id and e.target_user_id = old.target_user_id
        union all
        -- what changed: the pair's counts plus its changes; the newest vote is
        -- re-read from the votes only when the pair lost one
        select
            d.voter_id,
            d.target_user_id,
            coalesce(old.vote_count, 0) + d.vote_change,
            coalesce(old.upvote_count, 0) + d.upvote_change,
            coalesce(old.downvote_count, 0) + d.downvote_change,
            case
                when d.lost_a_vote then (
                    select max(v.created_at) from community.user_votes as v
                    where v.voter_id = d.voter_id and v.target_user_id = d.target_user_id
                )
                else greatest(old.last_vote_at, d.newest_cast)
            end,
            old
        from deltas as d
        left join community.vote_graph as old on d.voter_id = old.voter_id and d.target_user_id = old.target_user_id
    ),

    affected as (
        -- the pairs counted and, when only some were, the reverse of each: its reciprocity follows
        select c.* from counted as c
        union all
        select
            old.voter_id,
            old.target_user_id,
            old.vote_count,
            old.upvote_count,
            old.downvote_count,
            old.last_vote_at,
            old
        from deltas as d
        inner join community.vote_graph as old on d.target_user_id = old.voter_id and d.voter_id = old.target_user_id
        where not exists (
            select 1 from deltas as r
            where r.voter_id = old.voter_id and r.target_user_id = old.target_user_id
        )
    ),

    scored as (
        -- reciprocity of voter -> target: least(votes back, votes given) / votes given; least()
        -- skips NULLs, and no votes back must count as 0, not as "all"
        select
            a.*,
            round(least(coalesce(b.vote_count, 0), a.vote_count)::numeric / a.vote_count, 4) as reciprocity
        from affected as a
        left join affected as b on a.target_user_id = b.voter_id and a.voter_id = b.target_user_id
        where a.vote_count > 0
    ),

    -- Only new and changed pairs are written, each by its id: comparing first
    -- is a join, while writing every pair would rewrite (and lock) each row.
    updated as (
        update community.vote_graph as g
        set
            vote_count = s.vote_count,
            upvote_count = s.upvote_count,
            downvote_count = s.downvote_count,
            reciprocity = s.reciprocity,
            last_vote_at = s.last_vote_at
        from scored as s
        where
            g.id = (s.old).id
            and ((s.old).vote_count, (s.old).upvote_count, (s.old).downvote_count, (s.old).reciprocity,
                (s.old).last_vote_at)
            is distinct from (s.vote_count, s.upvote_count, s.downvote_count, s.reciprocity, s.last_vote_at)
        returning 1
    ),

    inserted as (
        insert into community.vote_graph (
            voter_id, target_user_id, vote_count, upvote_count, downvote_count, reciprocity, last_vote_at
        )
        select
            s.voter_id,
            s.target_user_id,
            s.vote_count,
            s.upvote_count,
            s.downvote_count,
            s.reciprocity,
            s.last_vote_at
        from scored as s
        where (s.old).id is null
        returning 1
    ),

    emptied as (
        -- pairs whose last vote was taken back
        delete from community.vote_graph as g
        using counted as c
        where g.id = (c.old).id and c.vote_count = 0
        returning 1
    ),

    gone as (
        -- everything: pairs no vote makes any more
        delete from community.vote_graph as g
        where
            p_recompute_all
            and not exists (
                select 1 from every_pair as e
                where e.voter_id = g.voter_id and e.target_user_id = g.target_user_id
            )
        returning 1
    ),

    received_changes as (
        -- what changed: each target's votes received move by the changes of its pairs
        select
            c.target_user_id as user_id,
            sum(c.vote_count - coalesce((c.old).vote_count, 0))::integer as votes_received,
            sum(c.upvote_count - coalesce((c.old).upvote_count, 0))::integer as upvotes_received
        from counted as c
        where not p_recompute_all
        group by c.target_user_id
    ),

    received_added as (
        update community.user_vote_totals as t
        set
            votes_received = t.votes_received + r.votes_received,
            upvotes_received = t.upvotes_received + r.upvotes_received
        from received_changes as r
        where t.user_id = r.user_id
        returning 1
    ),

    received_first as (
        -- (not an upsert: its proposed row would be checked before the conflict is seen)
        insert into community.user_vote_totals (user_id, votes_received, upvotes_received)
        select
            r.user_id,
            r.votes_received,
            r.upvotes_received
        from received_changes as r
        where not exists (select 1 from community.user_vote_totals as t where t.user_id = r.user_id)
        returning 1
    )

    select
        (select count(*) from taken),
        (select count(*) from affected),
        (select count(*) from updated) + (select count(*) from inserted),
        (select count(*) from emptied) + (select count(*) from gone),
        (select coalesce(array_agg(distinct a.voter_id), '{}') from affected as a),
        (select coalesce(array_agg(distinct c.target_user_id), '{}') from counted as c)
    into changes_applied, pairs_counted, pairs_written, pairs_removed, voters, targets;

    perform community.recount_vote_totals(case when not p_recompute_all then voters end);

    -- A user with no pair left has no row.
    delete from community.user_vote_totals as t
    where
        (p_recompute_all or t.user_id = any(voters) or t.user_id = any(targets))
        and t.pairs_given = 0 and t.votes_received = 0;

    return next;
end;
$$;

--
-- Name: FUNCTION refresh_vote_graph(p_recompute_all boolean); Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON FUNCTION community.refresh_vote_graph(p_recompute_all boolean) IS 'Brings community.vote_graph up to date: adds the queued vote changes to their pairs, or (true) recomputes every pair from the votes; empties the queue either way, and keeps community.user_vote_totals. Returns the changes taken, pairs counted, written and removed.';

--
-- Name: retract_vote(bigint, text, bigint); Type: FUNCTION; Schema: community; Owner: -
--

CREATE FUNCTION community.retract_vote(p_voter_id bigint, p_content text, p_content_id bigint) RETURNS TABLE(vote_id bigint, vote_value integer, reputation_taken_back bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
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
$_$;

--
-- Name: FUNCTION retract_vote(p_voter_id bigint, p_content text, p_content_id bigint); Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON FUNCTION community.retract_vote(p_voter_id bigint, p_content text, p_content_id bigint) IS 'Removes a user''s vote on an answer or doubt and takes back the reputation it gave (compensating rows).';

--
-- Name: advance_job_watermark(text, boolean); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.advance_job_watermark(p_job text, p_full boolean) RETURNS boolean
    LANGUAGE sql
    AS $$
    insert into core.job_watermarks as w (job, watermark, last_full_at)
    values (p_job, now(), now())
    on conflict (job) do update
        set
            watermark = excluded.watermark,
            last_full_at = case when p_full then excluded.last_full_at else w.last_full_at end,
            updated_at = now()
    returning true;
$$;

--
-- Name: FUNCTION advance_job_watermark(p_job text, p_full boolean); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.advance_job_watermark(p_job text, p_full boolean) IS 'Moves an incremental job''s watermark to now (and its full-run mark, after a full run), in the caller''s transaction.';

--
-- Name: apply_table_access(); Type: PROCEDURE; Schema: core; Owner: -
--

CREATE PROCEDURE core.apply_table_access()
    LANGUAGE plpgsql
    AS $$
declare
    declared text;
begin
    for declared in select t.table_name from core.table_access as t order by t.table_name loop
        call core.apply_table_access(declared::regclass);
    end loop;
end;
$$;

--
-- Name: PROCEDURE apply_table_access(); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON PROCEDURE core.apply_table_access() IS 'Makes the privileges of gamedb_app and gamedb_readonly on every declared table equal to core.table_access.';

--
-- Name: apply_table_access(regclass); Type: PROCEDURE; Schema: core; Owner: -
--

CREATE PROCEDURE core.apply_table_access(IN p_table regclass)
    LANGUAGE plpgsql
    AS $$
declare
    entry core.table_access;
    privilege text;
    allowed text;
begin
    select * into entry from core.table_access as t where t.table_name::regclass = p_table;
    if not found then
        raise exception 'core.apply_table_access: % has no row in core.table_access', p_table
            using errcode = 'invalid_parameter_value';
    end if;
    -- A table-level REVOKE also takes back the column-level grants.
    execute format('revoke all on %s from gamedb_app, gamedb_readonly', p_table);
    foreach privilege in array entry.app_privileges loop
        if privilege in ('INSERT', 'UPDATE') and (
            entry.database_columns <> '{}' or (privilege = 'UPDATE' and entry.app_update_columns is not null)
        ) then
            select string_agg(quote_ident(a.attname), ', ' order by a.attnum) into allowed
            from pg_attribute as a
            where
                a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
                and a.attname <> all(entry.database_columns)
                and (privilege = 'INSERT' or entry.app_update_columns is null
                    or a.attname = any(entry.app_update_columns));
            execute format('grant %s (%s) on %s to gamedb_app', privilege, allowed, p_table);
        else
            execute format('grant %s on %s to gamedb_app', privilege, p_table);
        end if;
    end loop;
    if entry.personal_columns = '{}' then
        execute format('grant select on %s to gamedb_readonly', p_table);
    else
        select string_agg(quote_ident(a.attname), ', ' order by a.attnum) into allowed
        from pg_attribute as a
        where
            a.attrelid = p_table and a.attnum > 0 and not a.attisdropped
            and a.attname <> all(entry.personal_columns);
        execute format('grant select (%s) on %s to gamedb_readonly', allowed, p_table);
    end if;
end;
$$;

--
-- Name: PROCEDURE apply_table_access(IN p_table regclass); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON PROCEDURE core.apply_table_access(IN p_table regclass) IS 'Makes the privileges of gamedb_app and gamedb_readonly on one declared table equal to its row in core.table_access.';

--
-- Name: caller_is_owner(); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.caller_is_owner() RETURNS boolean
    LANGUAGE sql STABLE
    RETURN pg_has_role(CURRENT_USER, 'gamedb_owner'::name, 'member'::text);

--
-- Name: FUNCTION caller_is_owner(); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.caller_is_owner() IS 'True for gamedb_owner and its members, and inside the database''s own SECURITY DEFINER functions: the callers trusted to do what the rules refuse the application.';

--
-- Name: check_i18n_text(jsonb, text); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.check_i18n_text(document jsonb, field text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    AS $_$
declare
    entry record;
begin
    if document is null then
        return true;
    end if;
    if jsonb_typeof(document) <> 'object' or document = '{}' then
        raise exception '% must be I18N text: an object of language code -> text with at least one language, got %',
            field, left(document::text, 80)
            using errcode = 'check_violation';
    end if;
    for entry in select key, value from jsonb_each(document) loop
        if entry.key !~ '^[a-z]{2,3}(-[A-Z]{2})?$' then
            raise exception '% has % where a language code (en, vi, pt-BR) belongs', field, quote_literal(entry.key)
                using errcode = 'check_violation';
        end if;
        if jsonb_typeof(entry.value) <> 'string' or btrim(entry.value #>> '{}') = '' then
            raise exception '% must give non-empty text for language %', field, entry.key
                using errcode = 'check_violation';
        end if;
    end loop;
    return true;
end;
$_$;

--
-- Name: FUNCTION check_i18n_text(document jsonb, field text); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.check_i18n_text(document jsonb, field text) IS 'CHECK helper for I18N_TEXT fields: {"en": "...", "vi": "..."}, at least one language, no empty text.';

--
-- Name: check_jsonb_object(jsonb, text); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.check_jsonb_object(document jsonb, field text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    AS $$
begin
    if document is null or jsonb_typeof(document) = 'object' then
        return true;
    end if;
    raise exception '% must be a JSON object, got %', field, jsonb_typeof(document)
        using errcode = 'check_violation';
end;
$$;

--
-- Name: FUNCTION check_jsonb_object(document jsonb, field text); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.check_jsonb_object(document jsonb, field text) IS 'CHECK helper: the document is a JSON object; otherwise raises naming the field.';

--
-- Name: forget_user(bigint); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.forget_user(p_user_id bigint) RETURNS TABLE(module text, table_name text, rows_changed bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
#variable_conflict use_column
declare
    person core.users;
    changed bigint;
begin
    select u.* into person from core.users as u where u.id = p_user_id for update;
    if not found then
        raise exception 'no user with id %', p_user_id using errcode = 'no_data_found';
    end if;

    -- Children's data first.
    update quest.child_privacy_settings as c
    set child_display_name = null, progress_sync_consent = false
    where c.user_id = p_user_id and (c.child_display_name is not null or c.progress_sync_consent);
    get diagnostics changed = row_count;
    return query select 'quest', 'child_privacy_settings', changed;

    delete from quest.quest_progress as p where p.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'quest', 'quest_progress', changed;

    update quest.quest_ratings as r set review_text = null
    where r.user_id = p_user_id and r.review_text is not null;
    get diagnostics changed = row_count;
    return query select 'quest', 'quest_ratings', changed;

    update quest.quest_builder_sessions as b set conversation_history = '[]'
    where b.user_id = p_user_id and b.conversation_history <> '[]';
    get diagnostics changed = row_count;
    return query select 'quest', 'quest_builder_sessions', changed;

    delete from chat.conversation_memory as m where m.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'chat', 'conversation_memory', changed;

    update chat.conversation_logs as l
    set
        phone_number = null, user_message = '', bot_response = null, conversation_context = null,
        nlu_entities = null, is_training_candidate = false
    where
        (l.user_id = p_user_id or l.phone_number = person.phone)
        and (l.phone_number is not null or l.user_message <> '' or l.bot_response is not null
            or l.conversation_context is not null or l.nlu_entities is not null);
    get diagnostics changed = row_count;
    return query select 'chat', 'conversation_logs', changed;

    update chat.flow_runs as f set phone_number = null, context = '{}'
    where f.phone_number = person.phone;
    get diagnostics changed = row_count;
    return query select 'chat', 'flow_runs', changed;

    update chat.training_samples as s
    set text = '', entities = null, context = null, review_status = 'rejected', approved = false
    where
        s.user_id = p_user_id and s.text <> ''
        and not exists (select from chat.training_batch_samples as b where b.sample_id = s.id);
    get diagnostics changed = row_count;
    return query select 'chat', 'training_samples (not exported)', changed;

    update chat.training_samples as s set user_id = null, session_id = null
    where
        s.user_id = p_user_id
        and exists (select from chat.training_batch_samples as b where b.sample_id = s.id);
    get diagnostics changed = row_count;
    return query select 'chat', 'training_samples (exported)', changed;

    delete from learn.ai_analyses as a where a.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'learn', 'ai_analyses', changed;

    update learn.behavior_logs as b set metadata = '{}'
    where b.user_id = p_user_id and b.metadata <> '{}';
    get diagnostics changed = row_count;
    return query select 'learn', 'behavior_logs', changed;

    update quest.quest_builder_sessions as b set quest_context = null, current_graph = null
    where b.user_id = p_user_id and (b.quest_context is not null or b.current_graph is not null);
    get diagnostics changed = row_count;
    return query select 'quest', 'quest_builder_sessions (context, graph)', changed;

    update community.doubts as d set title = '[erased]', body = '[erased]'
    where d.author_id = p_user_id and (d.title <> '[erased]' or d.body <> '[erased]');
    get diagnostics changed = row_count;
    return query select 'community', 'doubts', changed;

    update community.answers as a set body = '[erased]'
    where a.author_id = p_user_id and a.body <> '[erased]';
    get diagnostics changed = row_count;
    return query select 'community', 'answers', changed;

    delete from trust.content_embeddings as e where e.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'trust', 'content_embeddings', changed;

    update trust.fact_check_logs as f set generated_text = '', context_used = ''
    where f.user_id = p_user_id and (f.generated_text <> '' or f.context_used <> '');
    get diagnostics changed = row_count;
    return query select 'trust', 'fact_check_logs', changed;

    update core.event_logs as e set metadata = '{}'
    where e.user_id = p_user_id and e.metadata <> '{}';
    get diagnostics changed = row_count;
    return query select 'core', 'event_logs', changed;

    update learn.certificates as c set learner_name = null
    from learn.enrollments as e
    where c.enrollment_id = e.id and e.user_id = p_user_id and c.learner_name is not null;
    get diagnostics changed = row_count;
    return query select 'learn', 'certificates (name)', changed;

    delete from core.accounts as a where a.user_id = p_user_id;
    get diagnostics changed = row_count;
    return query select 'core', 'accounts', changed;

    delete from core.verification_tokens as t where t.identifier in (person.email, person.phone);
    get diagnostics changed = row_count;
    return query select 'core', 'verification_tokens', changed;

    update core.users as u
    set
        phone = null, email = null, first_name = null, last_name = null, parent_name = null,
        preferences = null, interests = null, learning_profile = null, leaderboard_opt_out = true,
        forgotten_at = coalesce(u.forgotten_at, now())
    where
        u.id = p_user_id
        and (
            u.phone is not null or u.email is not null or u.first_name is not null or u.last_name is not null
            or u.parent_name is not null or u.preferences is not null or u.interests is not null
            or u.learning_profile is not null or not u.leaderboard_opt_out or u.forgotten_at is null
        );
    get diagnostics changed = row_count;
    return query select 'core', 'users', changed;
end;
$$;

--
-- Name: FUNCTION forget_user(p_user_id bigint); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.forget_user(p_user_id bigint) IS 'Erases or anonymises one person''s personal data in every module (as the owner: the application may call it but not write what it erases); returns rows changed per table. Idempotent.';

--
-- Name: guard_event_log(); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.guard_event_log() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if core.caller_is_owner() then
        return coalesce(new, old);
    end if;
    if tg_op = 'INSERT' then
        if new.processed_at is not null then
            raise exception 'core.event_logs: a new event is unprocessed (process_event_log marks it)'
                using errcode = 'check_violation';
        end if;
        new.emitted_at := now();
        return new;
    end if;
    if tg_op = 'UPDATE' then
        if old.processed_at is not null or new.processed_at is null
            or (to_jsonb(new) - 'processed_at') is distinct from (to_jsonb(old) - 'processed_at') then
            raise exception 'core.event_logs is append-only: event % may only be marked processed, once', old.id
                using errcode = 'restrict_violation';
        end if;
        return new;
    end if;
    if old.processed_at is null
        or old.processed_at >= now() - make_interval(days => core.setting_numeric('retention_event_log_days')::integer)
        then
        raise exception 'core.event_logs: event % is kept until processed and older than retention_event_log_days',
            old.id
            using errcode = 'restrict_violation';
    end if;
    return old;
end;
$$;

--
-- Name: FUNCTION guard_event_log(); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.guard_event_log() IS 'BEFORE INSERT/UPDATE/DELETE on core.event_logs: callers other than the owner insert unprocessed events (emitted_at stamped), only mark an event processed once, and delete only what retention allows.';

--
-- Name: job_window(text); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.job_window(p_job text) RETURNS TABLE(since timestamp with time zone, is_first_run boolean, is_first_of_day boolean)
    LANGUAGE sql STABLE
    AS $$
    select
        w.watermark - make_interval(mins => core.setting_numeric('incremental_overlap_minutes')::integer),
        w.job is null,
        w.job is null or w.last_full_at < date_trunc('day', now() at time zone 'utc') at time zone 'utc'
    from (select p_job as job) as asked
    left join core.job_watermarks as w on asked.job = w.job;
$$;

--
-- Name: FUNCTION job_window(p_job text); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.job_window(p_job text) IS 'Where an incremental job takes in changes from, and whether this is its first run ever or of the day (UTC).';

--
-- Name: keep_user_keys(); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.keep_user_keys() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    -- The values the row no longer has (a value changed, or the user deleted) go.
    if tg_op <> 'INSERT' then
        delete from core.user_phones as k
        where k.phone = old.phone and k.user_id = old.id and (tg_op = 'DELETE' or new.phone is distinct from old.phone);
        delete from core.user_php_ids as k
        where
            k.php_user_id = old.php_user_id and k.user_id = old.id
            and (tg_op = 'DELETE' or new.php_user_id is distinct from old.php_user_id);
    end if;
    if tg_op = 'DELETE' then
        return null;
    end if;
    -- The values it gained come in; one another user holds is refused under the old key's name.
    if new.phone is not null and (tg_op = 'INSERT' or new.phone is distinct from old.phone) then
        begin
            insert into core.user_phones (phone, user_id) values (new.phone, new.id);
        exception when unique_violation then
            raise exception 'duplicate key value violates unique constraint "users_phone_key"'
            using errcode = 'unique_violation', constraint = 'users_phone_key', schema = 'core', table = 'users',
            detail = 'Another user has this phone number.';
        end;
    end if;
    if new.php_user_id is not null and (tg_op = 'INSERT' or new.php_user_id is distinct from old.php_user_id) then
        begin
            insert into core.user_php_ids (php_user_id, user_id) values (new.php_user_id, new.id);
        exception when unique_violation then
            raise exception 'duplicate key value violates unique constraint "users_php_user_id_key"'
            using errcode = 'unique_violation', constraint = 'users_php_user_id_key', schema = 'core', table = 'users',
            detail = format('Key (php_user_id)=(%s) already exists.', new.php_user_id);
        end;
    end if;
    return null;
end;
$$;

--
-- Name: FUNCTION keep_user_keys(); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.keep_user_keys() IS 'AFTER INSERT, UPDATE OF phone, php_user_id OR DELETE on core.users: keeps core.user_phones and core.user_php_ids, refusing a value another user holds: the uniqueness Citus cannot check across shards.';

--
-- Name: log_event(); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.log_event() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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
        format('%s:%s', core.written_table_name(tg_relid), row_data ->> 'id'),
        copied
    );
    return null;
end;
$$;

--
-- Name: FUNCTION log_event(); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.log_event() IS 'AFTER ROW trigger: writes core.event_logs (arguments: event type, user column, columns copied into metadata).';

--
-- Name: maintain_partitions(integer); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.maintain_partitions(p_months_ahead integer DEFAULT 3) RETURNS TABLE(table_name text, partition_name text, action text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET lock_timeout TO '2s'
    AS $$
declare
    kept record;
    month_start timestamptz;
    covered_until timestamptz;
    old record;
    new_partition text;
    held boolean;
    below boolean;
begin
    -- The application may call it: it cannot make it create partitions without end.
    if p_months_ahead not between 1 and 24 then
        raise exception 'core.maintain_partitions: months ahead must be between 1 and 24, not %', p_months_ahead
            using errcode = 'invalid_parameter_value';
    end if;
    -- One upkeep at a time (the job, or the application calling it): a second waits, then finds the
    -- months the first created.
    perform pg_advisory_xact_lock(hashtext('core.maintain_partitions'));
    for kept in
        select
            c.oid::regclass as parent,
            n.nspname as schema_name,
            c.relname as relation_name,
            p.retention_setting,
            p.keep_while
        from core.partitioned_tables as p
        inner join pg_class as c on c.oid = p.table_name::regclass
        inner join pg_namespace as n on c.relnamespace = n.oid
        order by p.table_name
    loop
        -- Create the months ahead: the next p_months_ahead months beyond this one are always there,
        -- and the months run on from the last partition without a gap.
        select max(b.ends) into covered_until from core.partition_bounds(kept.parent) as b;
        month_start := coalesce(covered_until, date_trunc('month', now()));
        -- A table's first upkeep also creates one partition below the months: rows dated before
        -- then (data brought over from an older system) land there, and retention drops it like a month.
        below := covered_until is null;
        while below or month_start <= date_trunc('month', now()) + make_interval(months => p_months_ahead) loop
            new_partition := format('%I.%I', kept.schema_name, kept.relation_name || '_'
                || case when below then 'before' else to_char(month_start, '"y"YYYY"m"MM') end);
            -- Created apart, then attached: ATTACH locks the parent SHARE UPDATE EXCLUSIVE (writers go on),
            -- where CREATE TABLE ... PARTITION OF would lock it ACCESS EXCLUSIVE.
            execute format('create table %s (like %s including defaults including constraints)',
                new_partition, kept.parent);
            execute format('alter table %s attach partition %s for values from (%s) to (%L)',
                kept.parent, new_partition,
                case when below then 'minvalue' else quote_literal(month_start) end,
                case when below then month_start else month_start + interval '1 month' end);
            -- Default privileges grant new tables to the roles: a partition grants nothing.
            execute format('revoke all on %s from gamedb_app, gamedb_readonly', new_partition);
            execute format('comment on table %s is %L', new_partition,
                format('Partition of %s: its rows %s %s.', kept.parent,
                    case when below then 'dated before' else 'of' end, to_char(month_start, 'YYYY-MM')));
            table_name := kept.parent::text;
            partition_name := new_partition;
            action := 'created';
            return next;
            if not below then
                month_start := month_start + interval '1 month';
            end if;
            below := false;
        end loop;
        -- Drop the months past the retention, but none that holds a row the table keeps (keep_while).
        continue when kept.retention_setting is null;
        for old in
            select b.partition
            from core.partition_bounds(kept.parent) as b
            where b.ends <= now() - make_interval(days => core.setting_numeric(kept.retention_setting)::integer)
            order by b.ends
        loop
            if kept.keep_while is not null then
                execute format('select exists (select from %s where %s)', old.partition, kept.keep_while) into held;
                continue when held;
            end if;
            partition_name := old.partition::text;  -- named before it is gone
            execute format('drop table %s', old.partition);
            table_name := kept.parent::text;
            action := 'dropped';
            return next;
        end loop;
    end loop;
end;
$$;

--
-- Name: FUNCTION maintain_partitions(p_months_ahead integer); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.maintain_partitions(p_months_ahead integer) IS 'Creates the coming months of every table in core.partitioned_tables and drops the months past its retention that hold no row it keeps; returns what it did.';

--
-- Name: mask_email(text); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.mask_email(email text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (("left"(email, 1) || '***@'::text) || split_part(email, '@'::text, 2));

--
-- Name: FUNCTION mask_email(email text); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.mask_email(email text) IS 'An e-mail address with the mailbox hidden but its first letter.';

--
-- Name: mask_phone(text); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.mask_phone(phone text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (repeat('*'::text, GREATEST((length(phone) - 2), 0)) || "right"(phone, 2));

--
-- Name: FUNCTION mask_phone(phone text); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.mask_phone(phone text) IS 'A phone number with all but its last two characters hidden.';

--
-- Name: partition_bounds(regclass); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.partition_bounds(p_parent regclass) RETURNS TABLE(partition regclass, starts timestamp with time zone, ends timestamp with time zone)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select
        c.oid::regclass,
        (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''([^'']+)''\)'))[1]::timestamptz,
        (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''([^'']+)''\)'))[1]::timestamptz
    from pg_inherits as i
    inner join pg_class as c on i.inhrelid = c.oid
    where i.inhparent = p_parent
    order by 3 nulls last;
$$;

--
-- Name: FUNCTION partition_bounds(p_parent regclass); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.partition_bounds(p_parent regclass) IS 'Each partition of a table partitioned by time, with its lower and upper bound (NULL: unbounded).';

--
-- Name: record_setting_change(); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.record_setting_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if tg_op = 'INSERT' then
        insert into core.gamification_settings_history (setting_key, operation, new_value, changed_by)
        values (new.key, 'insert', new.value, new.updated_by);
    elsif tg_op = 'UPDATE' then
        if new.value is distinct from old.value then
            insert into core.gamification_settings_history
                (setting_key, operation, old_value, new_value, changed_by)
            values (new.key, 'update', old.value, new.value, new.updated_by);
        end if;
    else
        insert into core.gamification_settings_history (setting_key, operation, old_value, changed_by)
        values (old.key, 'delete', old.value, old.updated_by);
    end if;
    return null;
end;
$$;

--
-- Name: FUNCTION record_setting_change(); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.record_setting_change() IS 'AFTER trigger on gamification_settings: appends the change to its history.';

--
-- Name: refuse_change(); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.refuse_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    -- Shared by every append-only table (histories, ledgers).
    raise exception '% is append-only: % is not allowed', core.written_table_name(tg_relid), tg_op
        using errcode = 'restrict_violation';
end;
$$;

--
-- Name: FUNCTION refuse_change(); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.refuse_change() IS 'BEFORE UPDATE/DELETE trigger for append-only tables: refuses the statement.';

--
-- Name: refuse_unknown_users(); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.refuse_unknown_users() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    column_name text;
    named bigint;
begin
    foreach column_name in array tg_argv loop
        named := (to_jsonb(new) ->> column_name)::bigint;
        -- As a foreign key: no user named, or the same one as before, is not checked.
        continue when named is null
            or (tg_op = 'UPDATE' and named = (to_jsonb(old) ->> column_name)::bigint);
        -- FOR KEY SHARE (owner's privilege, hence security definer): the user
        -- cannot be deleted until this row's transaction ends, as with a key.
        perform from core.users as u where u.id = named for key share;
        if not found then
            raise exception '%.% names user %, who does not exist',
                coalesce((select i.inhparent::regclass::text from pg_inherits as i where i.inhrelid = tg_relid),
                         tg_relid::regclass::text), column_name, named
            using errcode = 'foreign_key_violation', constraint = tg_name;
        end if;
    end loop;
    return null;
end;
$$;

--
-- Name: FUNCTION refuse_unknown_users(); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.refuse_unknown_users() IS 'AFTER INSERT OR UPDATE trigger: each column named in the trigger''s arguments names an existing user (or none): the foreign key to core.users, where Citus allows none.';

--
-- Name: rows_naming_no_user(); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.rows_naming_no_user() RETURNS TABLE(table_name text, column_name text, user_id bigint, row_count bigint)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    checked record;
begin
    for checked in select * from core.user_checked_columns() loop
        return query execute format(
            'select %L, %L, r.%I, count(*) from %s as r'
            ' where r.%I is not null and not exists (select from core.users as u where u.id = r.%I)'
            ' group by r.%I order by r.%I',
            checked.table_name::text, checked.column_name, checked.column_name, checked.table_name,
            checked.column_name, checked.column_name, checked.column_name, checked.column_name);
    end loop;
end;
$$;

--
-- Name: FUNCTION rows_naming_no_user(); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.rows_naming_no_user() IS 'Rows whose user column (one of core.user_checked_columns()) names a user who does not exist: the invariant rows_name_users.';

--
-- Name: run_job(text, text, interval, boolean, text); Type: PROCEDURE; Schema: core; Owner: -
--

CREATE PROCEDURE core.run_job(IN job_name text, IN command text, IN max_interval interval, IN repeat boolean DEFAULT false, IN as_role text DEFAULT NULL::text)
    LANGUAGE plpgsql
    AS $$
declare
    run_id bigint;
    batch_rows bigint;
    total_rows bigint := 0;
    batches integer := 0;
    busy boolean := false;
    failure text;
    failure_state text;
begin
    insert into core.job_runs (job, hostname, max_interval)
    values (job_name, 'pg_cron', max_interval)
    returning id into run_id;
    commit;
    loop
        begin
            if not pg_try_advisory_xact_lock(hashtextextended('gamedb.query.' || job_name, 0)) then
                busy := true;
            else
                if as_role is not null then
                    perform set_config('role', as_role, true);
                end if;
                execute command;
                get diagnostics batch_rows = row_count;
            end if;
        exception when others then
            get stacked diagnostics failure = message_text, failure_state = returned_sqlstate;
        end;
        exit when busy or failure is not null;
        total_rows := total_rows + batch_rows;
        batches := batches + 1;
        commit;
        exit when not repeat or batch_rows = 0;
    end loop;
    update core.job_runs
    set
        finished_at = clock_timestamp(),
        outcome = case when busy then 'busy' when failure is not null then 'failed' else 'succeeded' end,
        exit_code = case
            when busy then 75
            when failure is null then 0
            when left(failure_state, 2) in ('22', '23', 'P0') or failure_state = '42501' then 3
            else 4
        end,
        rows_returned = case when failure is null and not busy then total_rows end,
        runs = case when failure is null and not busy then batches end,
        error = case
            when busy then 'job ' || job_name || ' is already running elsewhere; nothing was done'
            when failure is not null then '[' || failure_state || '] ' || failure
        end
    where id = run_id;
    commit;
end;
$$;

--
-- Name: PROCEDURE run_job(IN job_name text, IN command text, IN max_interval interval, IN repeat boolean, IN as_role text); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON PROCEDURE core.run_job(IN job_name text, IN command text, IN max_interval interval, IN repeat boolean, IN as_role text) IS 'Runs one scheduled job in the database as `gamedb job run` does (history, lock, role, batches); pg_cron calls it (see `gamedb cron --pg-cron`).';

--
-- Name: setting_value_is_valid(text, text); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.setting_value_is_valid(setting_type text, setting_value text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    AS $_$
begin
    case setting_type
        when 'number' then
            return setting_value ~ '^-?[0-9]+(\.[0-9]+)?$';
        when 'boolean' then
            return setting_value in ('true', 'false');
        when 'json' then
            perform setting_value::jsonb;
            return true;
        when 'string' then
            return true;
        else
            return false;
    end case;
exception
    when invalid_text_representation then
        -- Raised by the jsonb cast: the text is not JSON.
        return false;
end;
$_$;

--
-- Name: FUNCTION setting_value_is_valid(setting_type text, setting_value text); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.setting_value_is_valid(setting_type text, setting_value text) IS 'True when a setting value parses as its declared type (number, boolean, json, string).';

--
-- Name: gamification_settings; Type: TABLE; Schema: core; Owner: -
--

CREATE TABLE core.gamification_settings (
    id bigint NOT NULL,
    key character varying(100) NOT NULL,
    value text NOT NULL,
    type character varying(20) NOT NULL,
    description text,
    category character varying(50),
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_by character varying(100),
    min_value numeric,
    max_value numeric,
    CONSTRAINT gamification_settings_category_check CHECK (((category)::text = ANY (ARRAY['rewards'::text, 'limits'::text, 'gameplay'::text, 'training'::text, 'nudges'::text, 'retention'::text]))),
    CONSTRAINT gamification_settings_range_check CHECK (
CASE
    WHEN ((type)::text <> 'number'::text) THEN ((min_value IS NULL) AND (max_value IS NULL))
    WHEN (NOT core.setting_value_is_valid((type)::text, value)) THEN true
    ELSE ((min_value IS NOT NULL) AND (max_value IS NOT NULL) AND (((value)::numeric >= min_value) AND ((value)::numeric <= max_value)))
END),
    CONSTRAINT gamification_settings_type_check CHECK (((type)::text = ANY (ARRAY['number'::text, 'boolean'::text, 'json'::text, 'string'::text]))),
    CONSTRAINT gamification_settings_value_check CHECK (core.setting_value_is_valid((type)::text, value))
);

--
-- Name: TABLE gamification_settings; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON TABLE core.gamification_settings IS 'Typed, audited configuration for games, rewards, limits and training (seed 000). Read by queries.';

--
-- Name: COLUMN gamification_settings.key; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.gamification_settings.key IS 'Setting name, e.g. max_games_per_day.';

--
-- Name: COLUMN gamification_settings.value; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.gamification_settings.value IS 'The value as text; must parse as type.';

--
-- Name: COLUMN gamification_settings.type; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.gamification_settings.type IS 'Closed set: number, boolean, json, string.';

--
-- Name: COLUMN gamification_settings.category; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.gamification_settings.category IS 'Closed set: rewards, limits, gameplay, training, nudges, retention.';

--
-- Name: COLUMN gamification_settings.updated_by; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.gamification_settings.updated_by IS 'Who made the last change (admin name or job).';

--
-- Name: COLUMN gamification_settings.min_value; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.gamification_settings.min_value IS 'Smallest value allowed (number settings; required for them).';

--
-- Name: COLUMN gamification_settings.max_value; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.gamification_settings.max_value IS 'Largest value allowed (number settings; required for them).';

--
-- Name: set_setting(text, text, text); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.set_setting(setting_key text, new_value text, changed_by text) RETURNS SETOF core.gamification_settings
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    return query
    update core.gamification_settings as s
    set value = new_value, updated_by = changed_by
    where s.key = setting_key
    returning s.*;
    if not found then
        raise exception 'setting % is not defined (settings are added by migrations)', setting_key
            using errcode = 'no_data_found';
    end if;
end;
$$;

--
-- Name: FUNCTION set_setting(setting_key text, new_value text, changed_by text); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.set_setting(setting_key text, new_value text, changed_by text) IS 'Changes one existing setting (the application''s only way to); its history row is written by trigger.';

--
-- Name: setting_boolean(text); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.setting_boolean(setting_key text) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    select core.setting_text(setting_key)::boolean;
$$;

--
-- Name: FUNCTION setting_boolean(setting_key text); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.setting_boolean(setting_key text) IS 'A boolean setting as boolean.';

--
-- Name: setting_numeric(text); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.setting_numeric(setting_key text) RETURNS numeric
    LANGUAGE sql STABLE
    AS $$
    select core.setting_text(setting_key)::numeric;
$$;

--
-- Name: FUNCTION setting_numeric(setting_key text); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.setting_numeric(setting_key text) IS 'A number setting as numeric.';

--
-- Name: setting_text(text); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.setting_text(setting_key text) RETURNS text
    LANGUAGE plpgsql STABLE
    AS $$
declare
    found_value text;
begin
    select s.value into found_value from core.gamification_settings as s where s.key = setting_key;
    if not found then
        raise exception 'setting % is not defined', setting_key using errcode = 'no_data_found';
    end if;
    return found_value;
end;
$$;

--
-- Name: FUNCTION setting_text(setting_key text); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.setting_text(setting_key text) IS 'The value of a setting; an error if it does not exist.';

--
-- Name: touch_updated_at(); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.touch_updated_at() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    -- Keep updated_at true without trusting every caller to set it.
    new.updated_at := now();
    return new;
end;
$$;

--
-- Name: FUNCTION touch_updated_at(); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.touch_updated_at() IS 'BEFORE UPDATE trigger: stamps updated_at with the transaction time.';

--
-- Name: user_checked_columns(); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.user_checked_columns() RETURNS TABLE(table_name regclass, column_name text)
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    -- A partition's trigger is its table's; tgargs holds each argument
    -- followed by a zero byte (escaped as \000).
    select t.tgrelid::regclass, a.column_name
    from pg_trigger as t
    cross join lateral unnest(string_to_array(encode(t.tgargs, 'escape'), '\000')) as a (column_name)
    where
        t.tgfoid = 'core.refuse_unknown_users()'::regprocedure
        and t.tgparentid = 0
        and a.column_name <> ''
    order by t.tgrelid::regclass::text, a.column_name
$$;

--
-- Name: FUNCTION user_checked_columns(); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.user_checked_columns() IS 'Every column a core.refuse_unknown_users trigger checks, read from the triggers: the one list of them.';

--
-- Name: user_may_act(bigint); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.user_may_act(p_user_id bigint) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    select not exists (
        select 1 from core.users as u
        where u.id = p_user_id and u.is_suspended and (u.suspended_until is null or u.suspended_until > now())
    );
$$;

--
-- Name: FUNCTION user_may_act(p_user_id bigint); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.user_may_act(p_user_id bigint) IS 'False while the user is banned, or suspended and the suspension has not ended.';

--
-- Name: written_table_name(oid); Type: FUNCTION; Schema: core; Owner: -
--

CREATE FUNCTION core.written_table_name(p_table oid) RETURNS text
    LANGUAGE sql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    select format('%I.%I', n.nspname, c.relname)
    from pg_class as c
    inner join pg_namespace as n on c.relnamespace = n.oid
    where c.oid = coalesce(pg_partition_root(p_table), p_table);
$$;

--
-- Name: FUNCTION written_table_name(p_table oid); Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON FUNCTION core.written_table_name(p_table oid) IS 'The table a trigger fired for (tg_relid) as its writers name it, schema.table: a partition''s partitioned table.';

--
-- Name: certificate_is_earned(bigint); Type: FUNCTION; Schema: learn; Owner: -
--

CREATE FUNCTION learn.certificate_is_earned(p_enrollment_id bigint) RETURNS boolean
    LANGUAGE sql STABLE
    AS $$
    select
        exists (select 1 from learn.lessons as l where l.course_id = e.course_id)
        and not exists (
            select 1
            from learn.lessons as l
            left join learn.lesson_progress as p on p.lesson_id = l.id and p.enrollment_id = e.id
            where l.course_id = e.course_id and p.completed_at is null
        )
        and (
            c.passing_score is null
            or (select max(q.score) from learn.quiz_attempts as q where q.enrollment_id = e.id) >= c.passing_score
        )
    from learn.enrollments as e
    inner join learn.courses as c on c.id = e.course_id
    where e.id = p_enrollment_id and e.status <> 'cancelled';
$$;

--
-- Name: FUNCTION certificate_is_earned(p_enrollment_id bigint); Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON FUNCTION learn.certificate_is_earned(p_enrollment_id bigint) IS 'True when every lesson of the enrolment''s course is complete and the passing quiz score (if any) reached.';

--
-- Name: check_ai_analysis_result(jsonb); Type: FUNCTION; Schema: learn; Owner: -
--

CREATE FUNCTION learn.check_ai_analysis_result(document jsonb) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    AS $$
begin
    perform core.check_jsonb_object(document, 'ai_analyses.result');
    if jsonb_typeof(document -> 'summary') is distinct from 'string' then
        raise exception 'ai_analyses.result must have a "summary" text' using errcode = 'check_violation';
    end if;
    if jsonb_typeof(document -> 'recommendations') is distinct from 'array' then
        raise exception 'ai_analyses.result must have a "recommendations" array' using errcode = 'check_violation';
    end if;
    return true;
end;
$$;

--
-- Name: FUNCTION check_ai_analysis_result(document jsonb); Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON FUNCTION learn.check_ai_analysis_result(document jsonb) IS 'CHECK helper: an AI analysis result is {"summary": text, "recommendations": [...], ...}.';

--
-- Name: fill_enrolment_user(); Type: FUNCTION; Schema: learn; Owner: -
--

CREATE FUNCTION learn.fill_enrolment_user() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    learner bigint;
begin
    select e.user_id into learner from learn.enrollments as e where e.id = new.enrollment_id;
    new.user_id := coalesce(new.user_id, learner);
    -- No enrolment: the foreign key on enrollment_id refuses the row.
    if learner is not null and new.user_id <> learner then
        raise exception 'user_id % is not the learner of enrolment %', new.user_id, new.enrollment_id
        using errcode = 'foreign_key_violation';
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION fill_enrolment_user(); Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON FUNCTION learn.fill_enrolment_user() IS 'BEFORE INSERT OR UPDATE on the enrolment''s rows: fills user_id from the enrolment, refuses another user.';

--
-- Name: certificates; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.certificates (
    id bigint NOT NULL,
    enrollment_id bigint NOT NULL,
    verification_code text DEFAULT upper(replace((gen_random_uuid())::text, '-'::text, ''::text)) NOT NULL,
    issued_at timestamp with time zone DEFAULT now() NOT NULL,
    learner_name text,
    grade numeric(5,2),
    status text DEFAULT 'issued'::text NOT NULL,
    invalidated_at timestamp with time zone,
    invalidated_by bigint,
    invalidation_reason text,
    user_id bigint NOT NULL,
    CONSTRAINT certificates_status_check CHECK (((status = ANY (ARRAY['issued'::text, 'invalidated'::text])) AND ((status = 'invalidated'::text) = (invalidated_at IS NOT NULL)) AND ((status = 'invalidated'::text) = ((invalidation_reason IS NOT NULL) AND (invalidated_by IS NOT NULL)))))
);

--
-- Name: TABLE certificates; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.certificates IS 'Proof that an enrolment completed its course, issued once (seed 003, I009).';

--
-- Name: COLUMN certificates.verification_code; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.certificates.verification_code IS 'Public code anyone can use to verify the certificate.';

--
-- Name: COLUMN certificates.learner_name; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.certificates.learner_name IS 'The learner''s name when the certificate was issued.';

--
-- Name: COLUMN certificates.grade; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.certificates.grade IS 'The best quiz score (0..100) when issued; null for a course without a quiz.';

--
-- Name: COLUMN certificates.status; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.certificates.status IS 'Closed set: issued, invalidated.';

--
-- Name: COLUMN certificates.invalidated_by; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.certificates.invalidated_by IS 'The user (an administrator) who invalidated it.';

--
-- Name: COLUMN certificates.invalidation_reason; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.certificates.invalidation_reason IS 'Why it was invalidated.';

--
-- Name: COLUMN certificates.user_id; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.certificates.user_id IS 'The enrolment''s learner: the row lives on this user''s shard on Citus. Filled from the enrolment when left out.';

--
-- Name: invalidate_certificate(text, bigint, text); Type: FUNCTION; Schema: learn; Owner: -
--

CREATE FUNCTION learn.invalidate_certificate(p_code text, p_admin_id bigint, p_reason text) RETURNS SETOF learn.certificates
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    if coalesce(btrim(p_reason), '') = '' then
        raise exception 'invalidating a certificate needs a reason' using errcode = 'check_violation';
    end if;
    if not exists (select 1 from core.users as u where u.id = p_admin_id) then
        raise exception 'no user with id %', p_admin_id using errcode = 'no_data_found';
    end if;
    return query
    update learn.certificates as c
    set status = 'invalidated', invalidated_at = now(), invalidated_by = p_admin_id, invalidation_reason = p_reason
    where c.verification_code = upper(p_code) and c.status = 'issued'
    returning c.*;
    if not found then
        raise exception 'no issued certificate with code %', upper(p_code) using errcode = 'no_data_found';
    end if;
end;
$$;

--
-- Name: FUNCTION invalidate_certificate(p_code text, p_admin_id bigint, p_reason text); Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON FUNCTION learn.invalidate_certificate(p_code text, p_admin_id bigint, p_reason text) IS 'Invalidates an issued certificate, recording who, when and why; its code then verifies as invalid.';

--
-- Name: keep_evaluated_answers(); Type: FUNCTION; Schema: learn; Owner: -
--

CREATE FUNCTION learn.keep_evaluated_answers() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    if exists (select from learn.rubric_evaluations as r where r.answer_id = old.id) then
        raise exception 'answer % has rubric evaluations (learn.rubric_evaluations.answer_id)', old.id
        using errcode = 'foreign_key_violation', constraint = tg_name;
    end if;
    return null;
end;
$$;

--
-- Name: FUNCTION keep_evaluated_answers(); Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON FUNCTION learn.keep_evaluated_answers() IS 'AFTER DELETE OR UPDATE OF id on community.answers: an answer a rubric evaluation names stays. The referenced side of a foreign key, which Citus allows none of.';

--
-- Name: record_certificate_snapshot(); Type: FUNCTION; Schema: learn; Owner: -
--

CREATE FUNCTION learn.record_certificate_snapshot() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    select nullif(concat_ws(' ', u.first_name, u.last_name), ''),
        (select max(q.score) from learn.quiz_attempts as q where q.enrollment_id = e.id)
    into new.learner_name, new.grade
    from learn.enrollments as e
    inner join core.users as u on e.user_id = u.id
    where e.id = new.enrollment_id;
    new.status := 'issued';
    new.invalidated_at := null;
    new.invalidated_by := null;
    new.invalidation_reason := null;
    return new;
end;
$$;

--
-- Name: FUNCTION record_certificate_snapshot(); Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON FUNCTION learn.record_certificate_snapshot() IS 'BEFORE INSERT on learn.certificates: records the learner''s name and grade at issue; a new certificate is issued.';

--
-- Name: refuse_unearned_certificate(); Type: FUNCTION; Schema: learn; Owner: -
--

CREATE FUNCTION learn.refuse_unearned_certificate() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if not coalesce(learn.certificate_is_earned(new.enrollment_id), false) then
        raise exception 'enrolment % has not earned its certificate (lessons incomplete or quiz not passed)',
            new.enrollment_id
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION refuse_unearned_certificate(); Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON FUNCTION learn.refuse_unearned_certificate() IS 'BEFORE INSERT on learn.certificates: only an earned certificate can be issued.';

--
-- Name: refuse_unknown_answer(); Type: FUNCTION; Schema: learn; Owner: -
--

CREATE FUNCTION learn.refuse_unknown_answer() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    if new.answer_id is null or (tg_op = 'UPDATE' and new.answer_id = old.answer_id) then
        return null;
    end if;
    -- FOR KEY SHARE (owner's privilege, hence security definer): as a foreign key's check.
    perform from community.answers as a where a.id = new.answer_id for key share;
    if not found then
        raise exception 'learn.rubric_evaluations.answer_id names answer %, which does not exist', new.answer_id
        using errcode = 'foreign_key_violation', constraint = tg_name;
    end if;
    return null;
end;
$$;

--
-- Name: FUNCTION refuse_unknown_answer(); Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON FUNCTION learn.refuse_unknown_answer() IS 'AFTER INSERT OR UPDATE OF answer_id on learn.rubric_evaluations: the answer exists. The foreign key to community.answers, where Citus allows none.';

--
-- Name: claim_pending_rewards(text, integer, interval); Type: FUNCTION; Schema: play; Owner: -
--

CREATE FUNCTION play.claim_pending_rewards(p_worker text, p_max_rows integer, p_lease interval) RETURNS TABLE(game_session_id bigint, user_id bigint, php_user_id bigint, game_type text, amount numeric, currency text, completed_at timestamp with time zone, claimed_until timestamp with time zone)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    if coalesce(btrim(p_worker), '') = '' then
        raise exception 'claim refused: name the worker' using errcode = 'invalid_parameter_value';
    end if;
    if p_max_rows not between 1 and 10000 then
        raise exception 'claim refused: max_rows must be 1 to 10000, not %', p_max_rows
            using errcode = 'invalid_parameter_value';
    end if;
    if p_lease not between interval '1 second' and interval '1 day' then
        raise exception 'claim refused: the lease must be 1 second to 1 day, not %', p_lease
            using errcode = 'invalid_parameter_value';
    end if;
    return query
    with picked as (
        select s.id
        from play.game_sessions as s
        where
            s.status = 'completed' and s.reward_status = 'pending'
            and (s.reward_claimed_until is null or s.reward_claimed_until < now())
        order by s.completed_at, s.id
        limit p_max_rows
        for update skip locked
    ),

    claimed as (
        update play.game_sessions as s
        set reward_claimed_by = p_worker, reward_claimed_until = now() + p_lease
        from picked as p
        where s.id = p.id
        returning s.id, s.user_id, s.game_type, s.rewards_earned, s.completed_at, s.reward_claimed_until
    )

    select
        c.id,
        c.user_id,
        u.php_user_id,
        c.game_type::text,
        (c.rewards_earned ->> 'amount')::numeric(12, 2),
        c.rewards_earned ->> 'currency',
        c.completed_at,
        c.reward_claimed_until
    from claimed as c
    inner join core.users as u on c.user_id = u.id
    order by c.completed_at, c.id;
end;
$$;

--
-- Name: FUNCTION claim_pending_rewards(p_worker text, p_max_rows integer, p_lease interval); Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON FUNCTION play.claim_pending_rewards(p_worker text, p_max_rows integer, p_lease interval) IS 'Hands up to p_max_rows pending rewards, oldest first, to one wallet worker for p_lease; a reward claimed by another worker is skipped until its lease ends.';

--
-- Name: game_sessions; Type: TABLE; Schema: play; Owner: -
--

CREATE TABLE play.game_sessions (
    id bigint NOT NULL,
    session_id character varying(100) NOT NULL,
    user_id bigint NOT NULL,
    game_type character varying(50) NOT NULL,
    difficulty character varying(20) DEFAULT 'medium'::character varying NOT NULL,
    language character varying(10) DEFAULT 'en'::character varying NOT NULL,
    mission_id character varying(100),
    mission_data jsonb,
    status character varying(20) DEFAULT 'active'::character varying NOT NULL,
    score integer DEFAULT 0 NOT NULL,
    completion_time_seconds integer,
    rewards_earned jsonb,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    completed_at timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    training_sample_id bigint,
    conversation_log_id bigint,
    reward_transaction_id character varying(100),
    reward_status character varying(20) DEFAULT 'pending'::character varying,
    reward_claimed_by text,
    reward_claimed_until timestamp with time zone,
    CONSTRAINT game_sessions_completion_check CHECK (((score >= 0) AND (completion_time_seconds >= 0) AND (((status)::text <> 'completed'::text) OR (completed_at IS NOT NULL)))),
    CONSTRAINT game_sessions_difficulty_check CHECK (((difficulty)::text = ANY (ARRAY['easy'::text, 'medium'::text, 'hard'::text]))),
    CONSTRAINT game_sessions_game_type_check CHECK (((game_type)::text = ANY (ARRAY['intent_quest'::text, 'language_master'::text, 'tone_detective'::text, 'entity_hunter'::text, 'profile_builder'::text]))),
    CONSTRAINT game_sessions_reward_credited_check CHECK ((((reward_status)::text IS DISTINCT FROM 'credited'::text) OR (reward_transaction_id IS NOT NULL))),
    CONSTRAINT game_sessions_reward_status_check CHECK (((reward_status)::text = ANY (ARRAY['pending'::text, 'credited'::text, 'failed'::text]))),
    CONSTRAINT game_sessions_status_check CHECK (((status)::text = ANY (ARRAY['active'::text, 'completed'::text, 'abandoned'::text])))
);

--
-- Name: TABLE game_sessions; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON TABLE play.game_sessions IS 'One game played by one user (seed 001: reused; seed 000 adds reward tracking).';

--
-- Name: COLUMN game_sessions.session_id; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_sessions.session_id IS 'The chat session the game was played in.';

--
-- Name: COLUMN game_sessions.game_type; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_sessions.game_type IS 'Which mini-game: intent_quest, language_master, tone_detective, entity_hunter, profile_builder.';

--
-- Name: COLUMN game_sessions.mission_id; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_sessions.mission_id IS 'The mission or question played, as the game engine names it.';

--
-- Name: COLUMN game_sessions.mission_data; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_sessions.mission_data IS 'What the game needs to finish: e.g. {"question_id": 3} for a question-bank game.';

--
-- Name: COLUMN game_sessions.status; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_sessions.status IS 'Closed set: active, completed, abandoned.';

--
-- Name: COLUMN game_sessions.completion_time_seconds; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_sessions.completion_time_seconds IS 'Seconds from start to the final answer.';

--
-- Name: COLUMN game_sessions.rewards_earned; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_sessions.rewards_earned IS 'What the game earned: {"amount": 15.00, "currency": "INR"}; amount 0 when nothing is due.';

--
-- Name: COLUMN game_sessions.training_sample_id; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_sessions.training_sample_id IS 'The training sample the game produced.';

--
-- Name: COLUMN game_sessions.conversation_log_id; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_sessions.conversation_log_id IS 'The conversation message that started the game.';

--
-- Name: COLUMN game_sessions.reward_transaction_id; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_sessions.reward_transaction_id IS 'The PHP wallet_transactions id of the credit; unique: a transaction is credited once.';

--
-- Name: COLUMN game_sessions.reward_status; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_sessions.reward_status IS 'Closed set: pending, credited, failed; NULL when no reward is due. Moves enforced by trigger.';

--
-- Name: COLUMN game_sessions.reward_claimed_by; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_sessions.reward_claimed_by IS 'The wallet worker that claimed this pending reward (play.claim_pending_rewards).';

--
-- Name: COLUMN game_sessions.reward_claimed_until; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_sessions.reward_claimed_until IS 'The claim''s lease: until then no other worker is handed this reward.';

--
-- Name: complete_game(bigint, text, integer); Type: FUNCTION; Schema: play; Owner: -
--

CREATE FUNCTION play.complete_game(p_game_session_id bigint, p_answer text, p_completion_time_seconds integer DEFAULT NULL::integer) RETURNS SETOF play.game_sessions
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    game play.game_sessions;
    question play.game_questions;
    won boolean;
    amount numeric(12, 2) := 0;
    sample_id bigint;
begin
    select * into game from play.game_sessions where id = p_game_session_id for update;
    if not found then
        raise exception 'game session % does not exist', p_game_session_id;
    end if;
    if game.status <> 'active' then
        raise exception 'game session % is already %', p_game_session_id, game.status;
    end if;
    select * into question from play.game_questions
    where id = (game.mission_data ->> 'question_id')::bigint
    for update;
    if not found then
        raise exception 'game session % has no question to score (mission_data.question_id)', p_game_session_id;
    end if;

    won := lower(btrim(p_answer)) = lower(btrim(question.correct_answer));
    if won then
        amount := coalesce(question.reward_amount, core.setting_numeric('reward_' || game.game_type));
        -- The player's label, confirmed by the known answer, is training data.
        insert into chat.training_samples (
            user_id, session_id, game_session_id, text, intent, confidence,
            language, tone, source, review_priority
        )
        values (
            game.user_id, game.session_id, game.session_id, question.question_text,
            case
                when game.game_type = 'intent_quest' then question.correct_answer
                else coalesce(
                    (select substr(t, 8) from unnest(question.tags) as t where t like 'intent:%' limit 1),
                    'unknown'
                )
            end,
            1,
            case when game.game_type = 'language_master' then question.correct_answer end,
            case when game.game_type = 'tone_detective' then question.correct_answer end,
            'game',
            case when question.context_required then 1 else 0 end
        )
        returning id into sample_id;
    end if;

    update core.users
    set total_games_played = total_games_played + 1, last_active_at = now()
    where id = game.user_id;

    update play.game_questions
    set
        usage_count = usage_count + 1,
        success_count = success_count + won::integer,
        success_rate = round((success_count + won::integer)::numeric / (usage_count + 1), 4)
    where id = question.id;

    return query
    update play.game_sessions
    set
        status = 'completed',
        score = case when won then 100 else 0 end,
        completion_time_seconds = p_completion_time_seconds,
        completed_at = now(),
        training_sample_id = sample_id,
        rewards_earned = jsonb_build_object('amount', amount, 'currency', 'INR'),
        reward_status = case when won then 'pending' end
    where id = p_game_session_id
    returning *;
end;
$$;

--
-- Name: FUNCTION complete_game(p_game_session_id bigint, p_answer text, p_completion_time_seconds integer); Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON FUNCTION play.complete_game(p_game_session_id bigint, p_answer text, p_completion_time_seconds integer) IS 'Scores a game; a win writes a training sample and a pending reward. Updates derived totals.';

--
-- Name: enforce_reward_status(); Type: FUNCTION; Schema: play; Owner: -
--

CREATE FUNCTION play.enforce_reward_status() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if new.reward_status is not distinct from old.reward_status then
        if old.reward_status = 'credited'
            and new.reward_transaction_id is distinct from old.reward_transaction_id then
            raise exception 'game session %: a credited reward''s transaction id cannot change', old.id
                using errcode = 'restrict_violation';
        end if;
        return new;
    end if;
    if (old.reward_status, new.reward_status) in (
        ('pending', 'credited'), ('pending', 'failed'), ('failed', 'pending')
    ) or (old.reward_status = 'pending' and new.reward_status is null) then
        return new;
    end if;
    raise exception 'game session %: reward status cannot move from % to %',
        old.id, coalesce(old.reward_status, 'NULL'), coalesce(new.reward_status, 'NULL')
        using errcode = 'restrict_violation';
end;
$$;

--
-- Name: FUNCTION enforce_reward_status(); Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON FUNCTION play.enforce_reward_status() IS 'BEFORE UPDATE on play.game_sessions: reward_status moves only pending->credited|failed|NULL, failed->pending.';

--
-- Name: keep_played_chat_rows(); Type: FUNCTION; Schema: play; Owner: -
--

CREATE FUNCTION play.keep_played_chat_rows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    chat_table text := core.written_table_name(tg_relid);
    key_name text;
    named boolean;
begin
    if chat_table = 'chat.conversation_logs' then
        key_name := 'game_sessions_conversation_log_id_fkey';
        named := exists (select from play.game_sessions as g where g.conversation_log_id = old.id);
    else
        key_name := 'game_sessions_training_sample_id_fkey';
        named := exists (select from play.game_sessions as g where g.training_sample_id = old.id);
    end if;
    if named then
        raise exception 'update or delete on table "%" violates foreign key constraint "%" on table "game_sessions"',
            split_part(chat_table, '.', 2), key_name
        using errcode = 'foreign_key_violation', constraint = key_name, schema = 'play', table = 'game_sessions',
        detail = format('Key (id)=(%s) is still referenced from table "game_sessions".', old.id);
    end if;
    return null;
end;
$$;

--
-- Name: FUNCTION keep_played_chat_rows(); Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON FUNCTION play.keep_played_chat_rows() IS 'AFTER DELETE OR UPDATE OF id on chat.conversation_logs and chat.training_samples: a row a game names stays: the referenced side of foreign keys, which Citus allows none of.';

--
-- Name: keep_reward_transactions(); Type: FUNCTION; Schema: play; Owner: -
--

CREATE FUNCTION play.keep_reward_transactions() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    if tg_op = 'UPDATE' and (new.reward_transaction_id, new.id, new.user_id)
        is not distinct from (old.reward_transaction_id, old.id, old.user_id) then
        return null;
    end if;
    if tg_op <> 'INSERT' then
        delete from play.reward_transactions as t
        where t.transaction_id = old.reward_transaction_id and t.game_session_id = old.id;
    end if;
    if tg_op = 'DELETE' or new.reward_transaction_id is null then
        return null;
    end if;
    begin
        insert into play.reward_transactions (transaction_id, game_session_id, user_id)
        values (new.reward_transaction_id, new.id, new.user_id);
    exception when unique_violation then
        raise exception 'duplicate key value violates unique constraint "game_sessions_reward_transaction_id_key"'
        using errcode = 'unique_violation', constraint = 'game_sessions_reward_transaction_id_key',
        schema = 'play', table = 'game_sessions',
        detail = format('Key (reward_transaction_id)=(%s) already exists.', new.reward_transaction_id);
    end;
    return null;
end;
$$;

--
-- Name: FUNCTION keep_reward_transactions(); Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON FUNCTION play.keep_reward_transactions() IS 'AFTER INSERT, UPDATE OF reward_transaction_id, id, user_id OR DELETE on play.game_sessions: keeps play.reward_transactions, refusing a transaction another game holds (a uniqueness Citus cannot check).';

--
-- Name: record_reward_result(bigint, text, text); Type: FUNCTION; Schema: play; Owner: -
--

CREATE FUNCTION play.record_reward_result(p_game_session_id bigint, p_outcome text, p_transaction_id text DEFAULT NULL::text) RETURNS SETOF play.game_sessions
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    game play.game_sessions;
begin
    select * into game from play.game_sessions where id = p_game_session_id for update;
    if not found then
        raise exception 'game session % does not exist', p_game_session_id;
    end if;
    if game.status <> 'completed' or game.reward_status is null then
        raise exception 'game session %: only a completed, won game has a reward to record (status %)',
            p_game_session_id, game.status;
    end if;
    if p_outcome = 'credited' then
        if p_transaction_id is null or btrim(p_transaction_id) = '' then
            raise exception 'game session %: credited needs the wallet transaction id', p_game_session_id;
        end if;
        if game.reward_status = 'credited' then
            if game.reward_transaction_id = p_transaction_id then
                return next game;  -- the wallet worker repeated itself: nothing to do
                return;
            end if;
            raise exception 'game session % was already credited by transaction %',
                p_game_session_id, game.reward_transaction_id;
        end if;
        update core.users
        set total_rewards_earned = total_rewards_earned + (game.rewards_earned ->> 'amount')::numeric
        where id = game.user_id;
        return query
        update play.game_sessions
        set reward_status = 'credited', reward_transaction_id = p_transaction_id
        where id = p_game_session_id
        returning *;
    elsif p_outcome = 'failed' then
        if game.reward_status = 'failed' then
            return next game;
            return;
        end if;
        return query
        update play.game_sessions set reward_status = 'failed' where id = p_game_session_id returning *;
    elsif p_outcome = 'retry' then
        if game.reward_status = 'pending' then
            return next game;
            return;
        end if;
        return query
        update play.game_sessions
        set reward_status = 'pending', reward_claimed_by = null, reward_claimed_until = null
        where id = p_game_session_id
        returning *;
    else
        raise exception 'unknown reward outcome % (credited, failed, retry)', p_outcome;
    end if;
end;
$$;

--
-- Name: FUNCTION record_reward_result(p_game_session_id bigint, p_outcome text, p_transaction_id text); Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON FUNCTION play.record_reward_result(p_game_session_id bigint, p_outcome text, p_transaction_id text) IS 'Records the wallet''s answer for a game''s reward: credited (once per transaction id), failed, retry.';

--
-- Name: refuse_unknown_chat_rows(); Type: FUNCTION; Schema: play; Owner: -
--

CREATE FUNCTION play.refuse_unknown_chat_rows() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    -- As a foreign key: no row named, or the same one as before, is not checked. FOR KEY SHARE
    -- (owner's privilege, hence security definer): the row stays until this game's writer commits.
    if new.conversation_log_id is not null
        and (tg_op = 'INSERT' or new.conversation_log_id is distinct from old.conversation_log_id) then
        perform from chat.conversation_logs as l where l.id = new.conversation_log_id for key share;
        if not found then
            raise exception 'insert or update on table "game_sessions" violates foreign key constraint '
                '"game_sessions_conversation_log_id_fkey"'
            using errcode = 'foreign_key_violation', constraint = 'game_sessions_conversation_log_id_fkey',
            schema = 'play', table = 'game_sessions',
            detail = format('Key (conversation_log_id)=(%s) is not present in table "conversation_logs".',
                new.conversation_log_id);
        end if;
    end if;
    if new.training_sample_id is not null
        and (tg_op = 'INSERT' or new.training_sample_id is distinct from old.training_sample_id) then
        perform from chat.training_samples as s where s.id = new.training_sample_id for key share;
        if not found then
            raise exception 'insert or update on table "game_sessions" violates foreign key constraint '
                '"game_sessions_training_sample_id_fkey"'
            using errcode = 'foreign_key_violation', constraint = 'game_sessions_training_sample_id_fkey',
            schema = 'play', table = 'game_sessions',
            detail = format('Key (training_sample_id)=(%s) is not present in table "training_samples".',
                new.training_sample_id);
        end if;
    end if;
    return null;
end;
$$;

--
-- Name: FUNCTION refuse_unknown_chat_rows(); Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON FUNCTION play.refuse_unknown_chat_rows() IS 'AFTER INSERT OR UPDATE OF conversation_log_id, training_sample_id on play.game_sessions: the chat message and the training sample a game names exist. The foreign keys to the coordinator''s chat tables, which Citus allows none of.';

--
-- Name: start_game(bigint, text, text, bigint, text, text, bigint); Type: FUNCTION; Schema: play; Owner: -
--

CREATE FUNCTION play.start_game(p_user_id bigint, p_game_type text, p_session_id text, p_question_id bigint DEFAULT NULL::bigint, p_difficulty text DEFAULT 'medium'::text, p_language text DEFAULT NULL::text, p_conversation_log_id bigint DEFAULT NULL::bigint) RETURNS SETOF play.game_sessions
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    user_language text;
    started_last_hour integer;
    started_last_day integer;
    last_started timestamptz;
    checked_at timestamptz;
    cooldown interval := core.setting_numeric('game_cooldown_minutes') * interval '1 minute';
begin
    -- Locking the user's row serialises this user's starts, so two
    -- concurrent starts cannot both slip under a limit.
    select u.preferred_language into user_language from core.users as u where u.id = p_user_id for update;
    -- The limits are checked at the time this call holds the lock, not at the
    -- start of its transaction: a game another call started and committed
    -- while this one waited is then always in the past.
    checked_at := clock_timestamp();
    if not found then
        raise exception 'game refused: user % does not exist', p_user_id;
    end if;
    if not core.setting_boolean('game_system_enabled') then
        raise exception 'game refused: games are switched off (setting game_system_enabled)';
    end if;

    select
        count(*) filter (where s.started_at > checked_at - interval '1 hour'),
        count(*),
        max(s.started_at)
    into started_last_hour, started_last_day, last_started
    from play.game_sessions as s
    where s.user_id = p_user_id and s.started_at > checked_at - interval '1 day';

    if started_last_day >= core.setting_numeric('max_games_per_day') then
        raise exception 'game refused: % games in the last 24 hours reaches max_games_per_day (%)',
            started_last_day, core.setting_text('max_games_per_day');
    end if;
    if started_last_hour >= core.setting_numeric('max_games_per_hour') then
        raise exception 'game refused: % games in the last hour reaches max_games_per_hour (%)',
            started_last_hour, core.setting_text('max_games_per_hour');
    end if;
    if last_started > checked_at - cooldown then
        raise exception 'game refused: cooling down until % (game_cooldown_minutes = %)',
            last_started + cooldown, core.setting_text('game_cooldown_minutes');
    end if;
    if p_question_id is not null and not exists (
        select 1 from play.game_questions as q
        where q.id = p_question_id and q.game_type = p_game_type and q.enabled
    ) then
        raise exception 'game refused: question % is not an enabled % question', p_question_id, p_game_type;
    end if;

    if p_conversation_log_id is not null and not exists (
        select 1 from chat.conversation_logs as l
        where
            l.id = p_conversation_log_id and l.session_id = p_session_id
            and (l.user_id is null or l.user_id = p_user_id)
    ) then
        raise exception 'game refused: conversation message % is not in chat session % of user %',
            p_conversation_log_id, p_session_id, p_user_id;
    end if;

    update core.users set last_active_at = now() where id = p_user_id;
    return query
    insert into play.game_sessions (
        session_id, user_id, game_type, difficulty, language, mission_id, mission_data, started_at,
        conversation_log_id
    )
    values (
        p_session_id, p_user_id, p_game_type, p_difficulty, coalesce(p_language, user_language),
        p_question_id::text,
        case when p_question_id is not null then jsonb_build_object('question_id', p_question_id) end,
        checked_at,
        p_conversation_log_id
    )
    returning *;
end;
$$;

--
-- Name: FUNCTION start_game(p_user_id bigint, p_game_type text, p_session_id text, p_question_id bigint, p_difficulty text, p_language text, p_conversation_log_id bigint); Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON FUNCTION play.start_game(p_user_id bigint, p_game_type text, p_session_id text, p_question_id bigint, p_difficulty text, p_language text, p_conversation_log_id bigint) IS 'Starts a game within the settings'' limits (switch, per hour, per day, cooldown) or raises why not; links the conversation message that started it.';

--
-- Name: check_graph_structure(jsonb, text); Type: FUNCTION; Schema: quest; Owner: -
--

CREATE FUNCTION quest.check_graph_structure(document jsonb, field text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE
    AS $$
declare
    node_ids text[];
    bad text;
begin
    if document is null then
        return true;
    end if;
    if jsonb_typeof(document) <> 'object'
        or jsonb_typeof(document -> 'nodes') is distinct from 'array'
        or jsonb_typeof(document -> 'edges') is distinct from 'array' then
        raise exception '% must be {"nodes": [...], "edges": [...]}', field using errcode = 'check_violation';
    end if;
    select array_agg(n ->> 'id') into node_ids from jsonb_array_elements(document -> 'nodes') as n;
    if exists (select 1 from unnest(node_ids) as i where i is null)
        or cardinality(node_ids) <> (select count(distinct i) from unnest(node_ids) as i) then
        raise exception '% needs a unique "id" on every node', field using errcode = 'check_violation';
    end if;
    select coalesce(e ->> 'source', '?') || ' -> ' || coalesce(e ->> 'target', '?') into bad
    from jsonb_array_elements(document -> 'edges') as e
    where not coalesce((e ->> 'source') = any(node_ids) and (e ->> 'target') = any(node_ids), false)
    limit 1;
    if bad is not null then
        raise exception '% has an edge % that does not join two existing nodes', field, bad
            using errcode = 'check_violation';
    end if;
    return true;
end;
$$;

--
-- Name: FUNCTION check_graph_structure(document jsonb, field text); Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON FUNCTION quest.check_graph_structure(document jsonb, field text) IS 'CHECK helper: a quest graph is {"nodes": [{"id"}...], "edges": [{"source", "target"}...]} with edges between nodes.';

--
-- Name: quests; Type: TABLE; Schema: quest; Owner: -
--

CREATE TABLE quest.quests (
    id bigint NOT NULL,
    quest_id text NOT NULL,
    user_id bigint NOT NULL,
    title text NOT NULL,
    quest_yaml text,
    moderation_status text DEFAULT 'pending'::text NOT NULL,
    deployed_to_inner_edu boolean DEFAULT false NOT NULL,
    inner_edu_quest_id uuid,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    graph_structure jsonb,
    psychological_module text,
    location text,
    age_range text,
    is_public boolean DEFAULT false NOT NULL,
    rating numeric(3,2),
    plays_count integer DEFAULT 0 NOT NULL,
    psychologist_reviewed boolean DEFAULT false NOT NULL,
    reviewed_at timestamp with time zone,
    reveal_count integer DEFAULT 0 NOT NULL,
    last_reveal_at timestamp with time zone,
    psychologist_review_id bigint,
    CONSTRAINT quests_age_range_check CHECK (
CASE
    WHEN (age_range ~ '^[0-9]{1,2}-[0-9]{1,2}$'::text) THEN ((split_part(age_range, '-'::text, 1))::integer <= (split_part(age_range, '-'::text, 2))::integer)
    ELSE (age_range IS NULL)
END),
    CONSTRAINT quests_counts_check CHECK (((rating >= (1)::numeric) AND (rating <= (5)::numeric) AND (plays_count >= 0) AND (reveal_count >= 0))),
    CONSTRAINT quests_deployment_check CHECK (((NOT deployed_to_inner_edu) OR (inner_edu_quest_id IS NOT NULL))),
    CONSTRAINT quests_graph_structure_check CHECK (quest.check_graph_structure(graph_structure, 'quests.graph_structure'::text)),
    CONSTRAINT quests_moderation_status_check CHECK ((moderation_status = ANY (ARRAY['pending'::text, 'approved'::text, 'rejected'::text, 'flagged'::text]))),
    CONSTRAINT quests_public_needs_review_check CHECK (((NOT is_public) OR psychologist_reviewed))
);

--
-- Name: TABLE quests; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON TABLE quest.quests IS 'A quest a parent created for a child (seed 002 baseline; extended by its change).';

--
-- Name: COLUMN quests.quest_id; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.quest_id IS 'Public quest id: the bridge to inner_edu and the REST API.';

--
-- Name: COLUMN quests.user_id; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.user_id IS 'The parent who created the quest.';

--
-- Name: COLUMN quests.quest_yaml; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.quest_yaml IS 'The quest as YAML; generated from graph_structure since seed 002.';

--
-- Name: COLUMN quests.moderation_status; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.moderation_status IS 'Closed set: pending, approved, rejected, flagged.';

--
-- Name: COLUMN quests.deployed_to_inner_edu; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.deployed_to_inner_edu IS 'Whether the quest was synced to the inner_edu platform.';

--
-- Name: COLUMN quests.inner_edu_quest_id; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.inner_edu_quest_id IS 'The quest''s UUID on inner_edu, once deployed.';

--
-- Name: COLUMN quests.graph_structure; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.graph_structure IS 'PRIMARY storage of the quest (seed 002): {"nodes": [...], "edges": [...]}, inner_edu''s format.';

--
-- Name: COLUMN quests.psychological_module; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.psychological_module IS 'Therapy approach: IFS, DBT, CBT, ACT, ...';

--
-- Name: COLUMN quests.location; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.location IS 'Where in the game world the quest takes place.';

--
-- Name: COLUMN quests.age_range; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.age_range IS 'Ages the quest suits, "low-high", e.g. 7-9.';

--
-- Name: COLUMN quests.is_public; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.is_public IS 'Shown in the public marketplace (only once a psychologist approved it).';

--
-- Name: COLUMN quests.rating; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.rating IS 'Derived: average of quest_ratings.rating, 2 decimals; NULL when unrated.';

--
-- Name: COLUMN quests.plays_count; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.plays_count IS 'Derived: play sessions recorded in quest_progress.';

--
-- Name: COLUMN quests.psychologist_reviewed; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.psychologist_reviewed IS 'Derived: an approved psychologist review exists.';

--
-- Name: COLUMN quests.reviewed_at; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.reviewed_at IS 'Derived: when that review was approved.';

--
-- Name: COLUMN quests.reveal_count; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.reveal_count IS 'Times a parent viewed the completion (reveal) message.';

--
-- Name: COLUMN quests.last_reveal_at; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.last_reveal_at IS 'Last time the reveal message was viewed.';

--
-- Name: COLUMN quests.psychologist_review_id; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quests.psychologist_review_id IS 'Derived: the quest''s review (seed 002, 1:1).';

--
-- Name: decide_review(bigint, boolean, boolean); Type: FUNCTION; Schema: quest; Owner: -
--

CREATE FUNCTION quest.decide_review(p_quest_id bigint, p_approved boolean, p_publish boolean) RETURNS SETOF quest.quests
    LANGUAGE plpgsql
    AS $$
begin
    update quest.psychologist_reviews
    set is_approved = p_approved, reviewed_at = now()
    where quest_id = p_quest_id;
    if not found then
        raise exception 'quest % has no submitted review to decide', p_quest_id;
    end if;
    return query
    update quest.quests
    set is_public = p_approved and p_publish,
        moderation_status = case when p_approved then 'approved' else moderation_status end
    where id = p_quest_id
    returning *;
end;
$$;

--
-- Name: FUNCTION decide_review(p_quest_id bigint, p_approved boolean, p_publish boolean); Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON FUNCTION quest.decide_review(p_quest_id bigint, p_approved boolean, p_publish boolean) IS 'Approves or rejects a quest''s review and (if approved and asked) publishes the quest to the marketplace.';

--
-- Name: derive_quest_summary(); Type: FUNCTION; Schema: quest; Owner: -
--

CREATE FUNCTION quest.derive_quest_summary() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
    summary record;
begin
    -- A quest being inserted has no rows in the view yet: the defaults apply.
    select * into summary from quest.quest_summaries as s where s.quest_id = new.id;
    new.psychologist_review_id := summary.psychologist_review_id;
    new.psychologist_reviewed := coalesce(summary.psychologist_reviewed, false);
    new.reviewed_at := summary.reviewed_at;
    new.rating := summary.rating;
    new.plays_count := coalesce(summary.plays_count, 0);
    if tg_op = 'UPDATE' and old.is_public and not new.psychologist_reviewed then
        new.is_public := false;
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION derive_quest_summary(); Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON FUNCTION quest.derive_quest_summary() IS 'BEFORE INSERT/UPDATE on quest.quests: sets the summary columns from quest.quest_summaries.';

--
-- Name: enforce_builder_stage_order(); Type: FUNCTION; Schema: quest; Owner: -
--

CREATE FUNCTION quest.enforce_builder_stage_order() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
    stages constant text[] := array[
        'greeting', 'collecting_info', 'clarifying', 'generating', 'reviewing', 'quest_ready'
    ];
begin
    if array_position(stages, new.current_stage) < array_position(stages, old.current_stage) then
        raise exception 'builder session % cannot go back from % to %', old.id, old.current_stage, new.current_stage
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION enforce_builder_stage_order(); Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON FUNCTION quest.enforce_builder_stage_order() IS 'BEFORE UPDATE on quest.quest_builder_sessions: current_stage only moves forward.';

--
-- Name: keep_track_phase_forward(); Type: FUNCTION; Schema: quest; Owner: -
--

CREATE FUNCTION quest.keep_track_phase_forward() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
    phases constant text [] := array['AWARENESS', 'EXPRESSION', 'ACTION', 'MASTERY'];
begin
    if array_position(phases, new.current_phase) < array_position(phases, old.current_phase) then
        raise exception 'recovery track % of user % cannot move back from % to %',
            old.track_type, old.user_id, old.current_phase, new.current_phase
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION keep_track_phase_forward(); Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON FUNCTION quest.keep_track_phase_forward() IS 'BEFORE UPDATE on quest.user_tracks: current_phase moves only forward (AWARENESS, EXPRESSION, ACTION, MASTERY).';

--
-- Name: publish_builder_session(bigint, text, text); Type: FUNCTION; Schema: quest; Owner: -
--

CREATE FUNCTION quest.publish_builder_session(p_session_id bigint, p_quest_key text, p_title text) RETURNS SETOF quest.quests
    LANGUAGE plpgsql
    AS $$
declare
    session quest.quest_builder_sessions;
    created quest.quests;
begin
    select * into session from quest.quest_builder_sessions as s where s.id = p_session_id for update;
    if not found then
        raise exception 'no builder session %', p_session_id using errcode = 'no_data_found';
    end if;
    if session.quest_id is not null then
        raise exception 'builder session % was already published as quest %', p_session_id, session.quest_id
            using errcode = 'check_violation';
    end if;
    if session.current_stage is distinct from 'quest_ready' or session.current_graph is null then
        raise exception 'builder session % is not ready (stage %, graph %)', p_session_id, session.current_stage,
            case when session.current_graph is null then 'missing' else 'present' end
            using errcode = 'check_violation';
    end if;
    insert into quest.quests (quest_id, user_id, title, graph_structure)
    values (p_quest_key, session.user_id, p_title, session.current_graph)
    returning * into created;
    update quest.quest_builder_sessions as s set quest_id = created.id where s.id = p_session_id;
    return next created;
end;
$$;

--
-- Name: FUNCTION publish_builder_session(p_session_id bigint, p_quest_key text, p_title text); Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON FUNCTION quest.publish_builder_session(p_session_id bigint, p_quest_key text, p_title text) IS 'Creates the quest a builder session generated (stage quest_ready, with a graph) and links the session to it.';

--
-- Name: require_progress_consent(); Type: FUNCTION; Schema: quest; Owner: -
--

CREATE FUNCTION quest.require_progress_consent() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if not exists (
        select 1 from quest.child_privacy_settings as c
        where c.user_id = new.user_id and c.progress_sync_consent
    ) then
        raise exception 'no consent: the privacy settings of user % do not allow storing quest progress',
            new.user_id;
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION require_progress_consent(); Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON FUNCTION quest.require_progress_consent() IS 'BEFORE INSERT/UPDATE on quest.quest_progress: refuses the write without the child''s consent.';

--
-- Name: require_psychologist(); Type: FUNCTION; Schema: quest; Owner: -
--

CREATE FUNCTION quest.require_psychologist() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if not exists (
        select 1 from quest.psychologists as p
        where p.user_id = new.reviewer_id and p.revoked_at is null
    ) then
        raise exception 'user % is not a verified psychologist: only one may review quest %', new.reviewer_id,
            new.quest_id
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION require_psychologist(); Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON FUNCTION quest.require_psychologist() IS 'BEFORE INSERT/UPDATE OF reviewer_id on quest.psychologist_reviews: the reviewer is a registered psychologist.';

--
-- Name: stamp_consent_change(); Type: FUNCTION; Schema: quest; Owner: -
--

CREATE FUNCTION quest.stamp_consent_change() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if tg_op = 'INSERT' or new.progress_sync_consent is distinct from old.progress_sync_consent then
        new.consent_updated_at := now();
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION stamp_consent_change(); Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON FUNCTION quest.stamp_consent_change() IS 'BEFORE INSERT/UPDATE on quest.child_privacy_settings: records when consent was given or revoked.';

--
-- Name: touch_summarised_quest(); Type: FUNCTION; Schema: quest; Owner: -
--

CREATE FUNCTION quest.touch_summarised_quest() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    -- Any write to a review, rating or progress row recomputes its quest.
    update quest.quests set updated_at = now()
    where id in (
        select (row_to_json(old) ->> 'quest_id')::bigint where tg_op <> 'INSERT'
        union
        select (row_to_json(new) ->> 'quest_id')::bigint where tg_op <> 'DELETE'
    );
    return null;
end;
$$;

--
-- Name: FUNCTION touch_summarised_quest(); Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON FUNCTION quest.touch_summarised_quest() IS 'AFTER trigger on reviews, ratings and progress: makes the quest recompute its summaries.';

--
-- Name: unpublish_unapproved(); Type: FUNCTION; Schema: quest; Owner: -
--

CREATE FUNCTION quest.unpublish_unapproved() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if new.moderation_status <> 'approved' and new.moderation_status is distinct from old.moderation_status then
        new.is_public := false;
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION unpublish_unapproved(); Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON FUNCTION quest.unpublish_unapproved() IS 'BEFORE UPDATE OF moderation_status on quest.quests: a quest that leaves approved moderation stops being public.';

--
-- Name: accept_award(); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.accept_award() RETURNS trigger
    LANGUAGE plpgsql
    AS $_$
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
$_$;

--
-- Name: FUNCTION accept_award(); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.accept_award() IS 'BEFORE INSERT on a ledger (arg: its amount column): for callers other than the owner, stamps created_at and refuses amounts below zero that are neither a correction nor a real downvote''s cost.';

--
-- Name: achievement_requirements_missing(bigint, bigint); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.achievement_requirements_missing(p_user_id bigint, p_achievement_id bigint) RETURNS text[]
    LANGUAGE sql STABLE
    AS $$
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

--
-- Name: FUNCTION achievement_requirements_missing(p_user_id bigint, p_achievement_id bigint); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.achievement_requirements_missing(p_user_id bigint, p_achievement_id bigint) IS 'What a user still lacks for an achievement (progress, distinct users, days); empty when it may unlock.';

--
-- Name: add_to_xp_periods(); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.add_to_xp_periods() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    insert into reward.xp_period_totals as t (period, period_start, user_id, xp)
    select p.period, date_trunc(p.period, new.created_at)::date, new.user_id, new.final_xp
    from unnest(array['day', 'week', 'month']) as p (period)
    on conflict (period, period_start, user_id) do update set xp = t.xp + excluded.xp;
    return null;
end;
$$;

--
-- Name: FUNCTION add_to_xp_periods(); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.add_to_xp_periods() IS 'AFTER INSERT on reward.xp_ledger: adds the row''s final_xp to its user''s day, week and month.';

--
-- Name: apply_daily_cap(); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.apply_daily_cap() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
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
$_$;

--
-- Name: FUNCTION apply_daily_cap(); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.apply_daily_cap() IS 'BEFORE INSERT on a ledger: counts a positive amount (arg 1) into reward.daily_earnings (arg 2) and withholds what exceeds the daily cap setting (arg 3), recording it in cap_trimmed.';

--
-- Name: award_rule_changes_sql(bigint, boolean); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.award_rule_changes_sql(p_rule_id bigint, p_given_users_only boolean DEFAULT false) RETURNS text
    LANGUAGE sql STABLE
    AS $_$
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
$_$;

--
-- Name: FUNCTION award_rule_changes_sql(p_rule_id bigint, p_given_users_only boolean); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.award_rule_changes_sql(p_rule_id bigint, p_given_users_only boolean) IS 'The statement that lists one award rule''s grants and revokes (set operations: linear whatever the statistics); with p_given_users_only, for the users in the array bound as $1 only.';

--
-- Name: check_award_rule(); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.check_award_rule() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: FUNCTION check_award_rule(); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.check_award_rule() IS 'BEFORE INSERT/UPDATE on reward.award_rules: refuses a query that cannot run, numbers the version.';

--
-- Name: evaluate_award_rules(text[], timestamp with time zone); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.evaluate_award_rules(rule_keys text[] DEFAULT NULL::text[], since timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(rule_key text, rule_version integer, award_kind text, award_key text, user_id bigint, change text)
    LANGUAGE plpgsql STABLE
    AS $$
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

--
-- Name: FUNCTION evaluate_award_rules(rule_keys text[], since timestamp with time zone); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.evaluate_award_rules(rule_keys text[], since timestamp with time zone) IS 'Who would gain (grant) or lose (revoke) each award if the enabled rules (or those named) ran now. Writes nothing. Given since: a rule with triggered_by, unchanged since then, only for the users of its events since then.';

--
-- Name: keep_award_rule_version(); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.keep_award_rule_version() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    insert into reward.award_rule_versions (rule_id, version, query, revocable)
    values (new.id, new.version, new.query, new.revocable)
    on conflict (rule_id, version) do nothing;
    return null;
end;
$$;

--
-- Name: FUNCTION keep_award_rule_version(); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.keep_award_rule_version() IS 'AFTER INSERT/UPDATE on reward.award_rules: keeps the version in reward.award_rule_versions.';

--
-- Name: record_achievement_progress(bigint, text, integer, bigint); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.record_achievement_progress(p_user_id bigint, p_achievement_key text, p_amount integer, p_from_user_id bigint DEFAULT NULL::bigint) RETURNS TABLE(achievement_key text, current integer, target integer, unique_users integer, day_span integer, validated_count integer, unlocked boolean, missing text)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
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

--
-- Name: FUNCTION record_achievement_progress(p_user_id bigint, p_achievement_key text, p_amount integer, p_from_user_id bigint); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.record_achievement_progress(p_user_id bigint, p_achievement_key text, p_amount integer, p_from_user_id bigint) IS 'Adds progress towards an achievement, keeps the anti-gaming fields and unlocks it once every requirement holds.';

--
-- Name: record_ledger_row(); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.record_ledger_row() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
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
$_$;

--
-- Name: FUNCTION record_ledger_row(); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.record_ledger_row() IS 'BEFORE INSERT on a ledger: adds the amount (arg 1) to the user total (arg 2); checks a compensating row (same user, amount negated, the row not taken back before) and names its row''s time.';

--
-- Name: streaks; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.streaks (
    user_id bigint NOT NULL,
    current_length integer DEFAULT 0 NOT NULL,
    longest_length integer DEFAULT 0 NOT NULL,
    last_active_on date,
    freezes_available integer DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    settled_on date,
    CONSTRAINT streaks_lengths_check CHECK (((current_length >= 0) AND (longest_length >= current_length) AND (freezes_available >= 0)))
);

--
-- Name: TABLE streaks; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.streaks IS 'A user''s daily activity streak (seed 004 Streak).';

--
-- Name: COLUMN streaks.freezes_available; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.streaks.freezes_available IS 'Missed days the streak can survive.';

--
-- Name: COLUMN streaks.settled_on; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.streaks.settled_on IS 'Last day the streak is accounted for, by activity or by a freeze; NULL means last_active_on.';

--
-- Name: record_streak_activity(bigint, date); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.record_streak_activity(p_user_id bigint, p_day date DEFAULT NULL::date) RETURNS SETOF reward.streaks
    LANGUAGE plpgsql
    AS $$
declare
    active_day constant date := coalesce(p_day, (now() at time zone 'UTC')::date);
    streak reward.streaks;
    covered_through date;
    new_length integer;
    new_freezes integer;
begin
    insert into reward.streaks (user_id) values (p_user_id) on conflict (user_id) do nothing;
    -- The row lock serialises two activities of one user.
    select s.* into streak from reward.streaks as s where s.user_id = p_user_id for update;
    if streak.last_active_on >= active_day then
        -- Already counted (or an older day reported late): nothing changes.
        return next streak;
        return;
    end if;
    covered_through := coalesce(streak.settled_on, streak.last_active_on);
    new_freezes := streak.freezes_available;
    if streak.current_length > 0 and covered_through >= active_day - 1 then
        new_length := streak.current_length + 1;
    else
        if streak.current_length > 0 then
            insert into reward.streak_events (user_id, kind, on_date, length_before, length_after, freezes_after)
            values (p_user_id, 'break', covered_through + 1, streak.current_length, 0, new_freezes)
            on conflict on constraint streak_events_once_key do nothing;
        end if;
        new_length := 1;
    end if;
    if new_length % core.setting_numeric('streak_freeze_every_days')::integer = 0
        and new_freezes < core.setting_numeric('streak_max_freezes')::integer then
        new_freezes := new_freezes + 1;
        insert into reward.streak_events (user_id, kind, on_date, length_before, length_after, freezes_after)
        values (p_user_id, 'freeze_earned', active_day, new_length - 1, new_length, new_freezes)
        on conflict on constraint streak_events_once_key do nothing;
    end if;
    return query
    update reward.streaks as s
    set
        current_length = new_length,
        longest_length = greatest(s.longest_length, new_length),
        last_active_on = active_day,
        settled_on = active_day,
        freezes_available = new_freezes,
        updated_at = now()
    where s.user_id = p_user_id
    returning s.*;
end;
$$;

--
-- Name: FUNCTION record_streak_activity(p_user_id bigint, p_day date); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.record_streak_activity(p_user_id bigint, p_day date) IS 'A user was active on a UTC day (today by default): extends, or breaks and restarts, the streak; may earn a freeze.';

--
-- Name: refuse_app_accept_events(); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.refuse_app_accept_events() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if new.event_type in ('ANSWER_ACCEPTED', 'ACCEPT_GIVEN') and new.corrects_id is null
        and not core.caller_is_owner() then
        raise exception 'reputation for accepting an answer is written only by community.accept_answer'
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION refuse_app_accept_events(); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.refuse_app_accept_events() IS 'BEFORE INSERT on reward.reputation_ledger: ANSWER_ACCEPTED and ACCEPT_GIVEN rows come only from the database.';

--
-- Name: refuse_early_unlock(); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.refuse_early_unlock() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: FUNCTION refuse_early_unlock(); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.refuse_early_unlock() IS 'BEFORE INSERT on reward.user_achievements: an achievement with requirements unlocks only when they hold.';

--
-- Name: run_award_rules(text[], timestamp with time zone); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.run_award_rules(rule_keys text[] DEFAULT NULL::text[], since timestamp with time zone DEFAULT NULL::timestamp with time zone) RETURNS TABLE(run_id bigint, rule_key text, rule_version integer, award_kind text, award_key text, user_id bigint, change text)
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: FUNCTION run_award_rules(rule_keys text[], since timestamp with time zone); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.run_award_rules(rule_keys text[], since timestamp with time zone) IS 'Applies evaluate_award_rules (rules, since) as one run: grants and revokes, logged with run and rule version. Repeatable.';

--
-- Name: settle_streaks(date); Type: FUNCTION; Schema: reward; Owner: -
--

CREATE FUNCTION reward.settle_streaks(p_day date DEFAULT NULL::date) RETURNS TABLE(user_id bigint, kind text, first_day date, days integer, length_after integer, freezes_after integer)
    LANGUAGE plpgsql
    AS $$
#variable_conflict use_column
declare
    settled_day constant date := coalesce(p_day, (now() at time zone 'UTC')::date - 1);
begin
    if settled_day >= (now() at time zone 'UTC')::date then
        raise exception 'cannot settle streaks for %: only a day that has ended (UTC) can be settled', settled_day
            using errcode = 'invalid_parameter_value';
    end if;
    return query
    with due as (
        select
            s.user_id,
            s.current_length,
            s.freezes_available,
            coalesce(s.settled_on, s.last_active_on) as covered_through,
            settled_day - coalesce(s.settled_on, s.last_active_on) as missed
        from reward.streaks as s
        where s.current_length > 0 and coalesce(s.settled_on, s.last_active_on) < settled_day
        for update
    ),

    frozen as (
        update reward.streaks as s
        set freezes_available = s.freezes_available - d.missed, settled_on = settled_day, updated_at = now()
        from due as d
        where s.user_id = d.user_id and d.freezes_available >= d.missed
        returning s.user_id, d.covered_through, d.missed, s.current_length, s.freezes_available
    ),

    broken as (
        update reward.streaks as s
        set current_length = 0, updated_at = now()
        from due as d
        where s.user_id = d.user_id and d.freezes_available < d.missed
        returning s.user_id, d.covered_through, d.current_length as length_before, s.freezes_available
    ),

    -- A data-modifying WITH always runs to completion, read or not.
    recorded as (
        insert into reward.streak_events (user_id, kind, on_date, length_before, length_after, freezes_after)
        select
            f.user_id,
            'freeze_spent',
            f.covered_through + n,
            f.current_length,
            f.current_length,
            f.freezes_available + f.missed - n
        from frozen as f
        cross join generate_series(1, f.missed) as n
        union all
        select b.user_id, 'break', b.covered_through + 1, b.length_before, 0, b.freezes_available
        from broken as b
        on conflict on constraint streak_events_once_key do nothing
        returning 1
    )

    select f.user_id, 'freeze_spent', f.covered_through + 1, f.missed, f.current_length, f.freezes_available
    from frozen as f
    union all
    select b.user_id, 'break', b.covered_through + 1, 0, 0, b.freezes_available
    from broken as b
    order by 1;
end;
$$;

--
-- Name: FUNCTION settle_streaks(p_day date); Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON FUNCTION reward.settle_streaks(p_day date) IS 'Nightly, for a UTC day that has ended (yesterday by default): spends freezes on missed days or breaks the streak.';

--
-- Name: abuse_findings_of(bigint[], timestamp with time zone); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.abuse_findings_of(p_user_ids bigint[], p_content_since timestamp with time zone) RETURNS TABLE(flag_type text, user_id bigint, detector_key text, severity integer, details jsonb, evidence trust.abuse_flag_evidence_row[])
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    SET jit TO 'off'
    AS $$
#variable_conflict use_column
begin
    return query
with settings as (
    select
        core.setting_numeric('abuse_vote_trading_min_votes') as trading_min_votes,
        core.setting_numeric('abuse_vote_trading_min_reciprocity') as trading_min_reciprocity,
        core.setting_numeric('abuse_serial_votes_per_day') as serial_votes_per_day,
        core.setting_numeric('abuse_low_entropy_min_votes') as entropy_min_votes,
        core.setting_numeric('abuse_low_entropy_max') as entropy_max,
        core.setting_numeric('abuse_similarity_min') as similarity_min,
        core.setting_numeric('abuse_similarity_window_days') as similarity_window_days
),

upvotes as (
    select v.*
    from community.user_votes as v
    where
        v.value > 0 and v.voter_id <> v.target_user_id
        and (p_user_ids is null or v.voter_id = any(p_user_ids) or v.target_user_id = any(p_user_ids))
),

vote_trading as (
    -- Both users of a pair upvote each other, often and evenly: each of
    -- them gets a flag about the pair.
    select
        g.voter_id as user_id,
        g.target_user_id as partner_id,
        format('pair:%s-%s', least(g.voter_id, g.target_user_id), greatest(g.voter_id, g.target_user_id))
            as detector_key,
        g.upvote_count as upvotes_given,
        b.upvote_count as upvotes_received,
        least(g.reciprocity, b.reciprocity) as reciprocity
    from community.vote_graph as g
    inner join community.vote_graph as b on g.target_user_id = b.voter_id and g.voter_id = b.target_user_id
    cross join settings as s
    where
        g.upvote_count >= s.trading_min_votes
        and b.upvote_count >= s.trading_min_votes
        and least(g.reciprocity, b.reciprocity) >= s.trading_min_reciprocity
        and (p_user_ids is null or g.voter_id = any(p_user_ids) or g.target_user_id = any(p_user_ids))
),

serial_votes as (
    select
        v.voter_id as user_id,
        v.target_user_id,
        (v.created_at at time zone 'UTC')::date as voted_on,
        count(*) as upvotes
    from upvotes as v
    where p_user_ids is null or v.voter_id = any(p_user_ids)
    group by v.voter_id, v.target_user_id, (v.created_at at time zone 'UTC')::date
),

near_duplicates as (
    -- The content created since p_content_since (null: the whole window)
    -- against everything older, through trust.near_duplicates_since.
    select
        n.id,
        n.user_id,
        n.content_type,
        n.content_id,
        n.match_id,
        n.match_user_id,
        n.similarity
    from trust.near_duplicates_since(p_content_since) as n
)

select
    'VOTE_TRADING' as flag_type,
    t.user_id,
    t.detector_key,
    least(10, 2 + (t.upvotes_given + t.upvotes_received) / 5)::integer as severity,
    jsonb_build_object(
        'partner_id', t.partner_id, 'upvotes_given', t.upvotes_given, 'upvotes_received', t.upvotes_received,
        'reciprocity', t.reciprocity
    ) as details,
    array(
        select row(v.source_table, v.vote_id)::trust.abuse_flag_evidence_row from upvotes as v
        where
            (v.voter_id = t.user_id and v.target_user_id = t.partner_id)
            or (v.voter_id = t.partner_id and v.target_user_id = t.user_id)
    ) as evidence
from vote_trading as t
union all
select
    'SERIAL_VOTING' as flag_type,
    sv.user_id,
    format('serial:%s:%s', sv.target_user_id, sv.voted_on) as detector_key,
    least(10, 3 + sv.upvotes - s.serial_votes_per_day)::integer as severity,
    jsonb_build_object(
        'target_user_id', sv.target_user_id, 'voted_on', sv.voted_on, 'upvotes', sv.upvotes
    ) as details,
    array(
        select row(v.source_table, v.vote_id)::trust.abuse_flag_evidence_row from upvotes as v
        where
            v.voter_id = sv.user_id and v.target_user_id = sv.target_user_id
            and (v.created_at at time zone 'UTC')::date = sv.voted_on
    ) as evidence
from serial_votes as sv
cross join settings as s
where sv.upvotes >= s.serial_votes_per_day
union all
select
    'LOW_ENTROPY' as flag_type,
    e.user_id,
    'entropy' as detector_key,
    least(10, 1 + round(9 * (s.entropy_max - e.entropy) / s.entropy_max))::integer as severity,
    jsonb_build_object('votes_given', e.votes_given, 'targets', e.targets, 'entropy', e.entropy) as details,
    array(
        select row(v.source_table, v.vote_id)::trust.abuse_flag_evidence_row from upvotes as v
        where v.voter_id = e.user_id
    ) as evidence
from trust.interaction_entropy as e
cross join settings as s
where
    e.votes_given >= s.entropy_min_votes and e.entropy < s.entropy_max
    and (p_user_ids is null or e.user_id = any(p_user_ids))
union all
select
    'SIMILARITY_HIGH' as flag_type,
    d.user_id,
    format('content:%s', d.id) as detector_key,
    least(10, 4 + count(*))::integer as severity,
    jsonb_build_object(
        'content_type', min(d.content_type), 'content_id', min(d.content_id),
        'matches', jsonb_agg(
            jsonb_build_object('embedding_id', d.match_id, 'user_id', d.match_user_id, 'similarity', d.similarity)
            order by d.match_id
        )
    ) as details,
    array_prepend(
        row('trust.content_embeddings', d.id)::trust.abuse_flag_evidence_row,
        array_agg(row('trust.content_embeddings', d.match_id)::trust.abuse_flag_evidence_row order by d.match_id)
    ) as evidence
from near_duplicates as d
group by d.id, d.user_id;
end;
$$;

--
-- Name: FUNCTION abuse_findings_of(p_user_ids bigint[], p_content_since timestamp with time zone); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.abuse_findings_of(p_user_ids bigint[], p_content_since timestamp with time zone) IS 'The abuse detectors for the users given (votes given or received) and the content created since the time given; null: everyone, the whole similarity window.';

--
-- Name: components_of(bigint[]); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.components_of(p_user_ids bigint[]) RETURNS TABLE(user_id bigint, mastery_reliability numeric, nli_track_record numeric, community_validation numeric, account_age_trust numeric, interaction_entropy numeric, vote_pattern_score numeric, similarity_flags integer, abuse_flags integer, ip_clustering_risk numeric, score numeric)
    LANGUAGE sql STABLE
    AS $$
with mastery as (
    select
        m.user_id,
        avg(m.mastery) as mastery_reliability
    from learn.mastery_records as m
    where p_user_ids is null or m.user_id = any(p_user_ids)
    group by m.user_id
),

fact_checks as (
    -- Five imaginary checks at the seed's default 0.7 keep a user with a
    -- single check from jumping to 0 or 1.
    select
        f.user_id,
        (count(*) filter (where f.safe_to_display) + 0.7 * 5) / (count(*) + 5) as nli_track_record
    from trust.fact_check_logs as f
    where f.user_id is not null and (p_user_ids is null or f.user_id = any(p_user_ids))
    group by f.user_id
),

flags as (
    select
        f.user_id,
        count(*) filter (where f.flag_type = 'SIMILARITY_HIGH') as similarity_flags,
        count(*) filter (where f.flag_type <> 'SIMILARITY_HIGH') as abuse_flags
    from trust.abuse_flags as f
    where f.status <> 'FALSE_POSITIVE' and (p_user_ids is null or f.user_id = any(p_user_ids))
    group by f.user_id
),

components as (
    select
        u.id as user_id,
        round(coalesce(m.mastery_reliability, 0.5), 4) as mastery_reliability,
        round(coalesce(fc.nli_track_record, 0.7), 4) as nli_track_record,
        -- Laplace smoothing: no votes is 0.5, all upvotes tends to 1.
        round(coalesce((v.upvotes_received + 1.0) / (v.votes_received + 2), 0.5), 4) as community_validation,
        -- Trust grows with age in whole days (so it changes once a day):
        -- none on the first day, full after 180 days.
        round(least(1, (current_date - u.created_at::date) / 180.0), 4) as account_age_trust,
        coalesce(v.given_entropy, 1) as interaction_entropy,
        -- The share of a user's votes that came back: 1 - reciprocity,
        -- weighted by the votes of each pair.
        round(coalesce(1 - v.votes_returned / nullif(v.votes_given, 0), 1), 4) as vote_pattern_score,
        coalesce(f.similarity_flags, 0)::integer as similarity_flags,
        coalesce(f.abuse_flags, 0)::integer as abuse_flags,
        -- No IP data is stored here: the risk another system measured is kept.
        coalesce(t.ip_clustering_risk, 0) as ip_clustering_risk
    from core.users as u
    left join trust.trust_scores as t on u.id = t.user_id
    left join mastery as m on u.id = m.user_id
    left join fact_checks as fc on u.id = fc.user_id
    left join community.user_vote_totals as v on u.id = v.user_id
    left join flags as f on u.id = f.user_id
    where p_user_ids is null or u.id = any(p_user_ids)
)

select
    c.*,
    trust.score_from_components(
        c.mastery_reliability, c.nli_track_record, c.community_validation, c.account_age_trust,
        c.interaction_entropy, c.vote_pattern_score, c.similarity_flags, c.abuse_flags, c.ip_clustering_risk
    ) as score
from components as c;
$$;

--
-- Name: FUNCTION components_of(p_user_ids bigint[]); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.components_of(p_user_ids bigint[]) IS 'The trust components and score of the given users (null: everyone), from the data now.';

--
-- Name: cosine_similarity(real[], real[]); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.cosine_similarity(a real[], b real[]) RETURNS double precision
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$
    -- cos(a, b) = a.b / (|a| |b|); NULL when either vector is all zeros.
    select sum(x * y) / nullif(sqrt(sum(x * x)) * sqrt(sum(y * y)), 0)
    from unnest(a, b) as v (x, y);
$$;

--
-- Name: FUNCTION cosine_similarity(a real[], b real[]); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.cosine_similarity(a real[], b real[]) IS 'Cosine similarity of two equal-length vectors, in plain SQL (pgvector''s <=> is 1 minus this).';

--
-- Name: create_trust_score(); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.create_trust_score() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    insert into trust.trust_scores (user_id) values (new.id) on conflict (user_id) do nothing;
    return null;
end;
$$;

--
-- Name: FUNCTION create_trust_score(); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.create_trust_score() IS 'AFTER INSERT on core.users: gives the new user the neutral trust score (0.5).';

--
-- Name: fill_evidence_user(); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.fill_evidence_user() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    flagged bigint;
begin
    select f.user_id into flagged from trust.abuse_flags as f where f.id = new.flag_id;
    new.user_id := coalesce(new.user_id, flagged);
    -- No flag: the foreign key on flag_id refuses the row.
    if flagged is not null and new.user_id <> flagged then
        raise exception 'user_id % is not the user of abuse flag %', new.user_id, new.flag_id
        using errcode = 'foreign_key_violation';
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION fill_evidence_user(); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.fill_evidence_user() IS 'BEFORE INSERT OR UPDATE on trust.abuse_flag_evidence: fills user_id from the flag, refuses another user.';

--
-- Name: keep_embedded_contents(); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.keep_embedded_contents() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    if tg_op = 'UPDATE' and (new.content_type, new.content_id, new.user_id)
        is not distinct from (old.content_type, old.content_id, old.user_id) then
        return null;
    end if;
    if tg_op <> 'INSERT' then
        delete from trust.embedded_contents as c
        where c.content_type = old.content_type and c.content_id = old.content_id and c.user_id = old.user_id;
    end if;
    if tg_op <> 'DELETE' then
        begin
            insert into trust.embedded_contents (content_type, content_id, user_id)
            values (new.content_type, new.content_id, new.user_id);
        exception when unique_violation then
            raise exception 'duplicate key value violates unique constraint "%"',
                'content_embeddings_content_type_content_id_key'
            using errcode = 'unique_violation', constraint = 'content_embeddings_content_type_content_id_key',
            schema = 'trust', table = 'content_embeddings',
            detail = format('Key (content_type, content_id)=(%s, %s) already exists.', new.content_type,
                            new.content_id);
        end;
    end if;
    return null;
end;
$$;

--
-- Name: FUNCTION keep_embedded_contents(); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.keep_embedded_contents() IS 'AFTER INSERT, UPDATE OF content_type, content_id, user_id OR DELETE on trust.content_embeddings: keeps trust.embedded_contents, refusing a second embedding of a content (a uniqueness Citus cannot check across shards).';

--
-- Name: keep_evidence_of_reviews_final(); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.keep_evidence_of_reviews_final() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
declare
    reviewed_status text;
begin
    -- A flag deleted with its user takes its evidence along (cascade): the
    -- flag is gone by then and nothing is refused.
    select f.status into reviewed_status
    from trust.abuse_flags as f
    where f.id = coalesce(new.flag_id, old.flag_id) and f.status <> 'PENDING';
    if found then
        raise exception 'abuse flag % was already reviewed (%): its evidence is final',
            coalesce(new.flag_id, old.flag_id), reviewed_status
            using errcode = 'check_violation';
    end if;
    return coalesce(new, old);
end;
$$;

--
-- Name: FUNCTION keep_evidence_of_reviews_final(); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.keep_evidence_of_reviews_final() IS 'BEFORE a change to trust.abuse_flag_evidence: the evidence of a reviewed flag no longer changes.';

--
-- Name: keep_reviewed_flags(); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.keep_reviewed_flags() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if old.status <> 'PENDING' and not core.caller_is_owner() then
        raise exception 'abuse flag % was reviewed (%): a decided flag is permanent', old.id, old.status
            using errcode = 'restrict_violation';
    end if;
    return old;
end;
$$;

--
-- Name: FUNCTION keep_reviewed_flags(); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.keep_reviewed_flags() IS 'BEFORE DELETE on trust.abuse_flags: a reviewed flag is kept (only the owner role may delete one).';

--
-- Name: keep_reviews_final(); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.keep_reviews_final() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if old.status <> 'PENDING'
        and (new.status, new.reviewed_by, new.reviewed_at, new.details, new.severity)
        is distinct from (old.status, old.reviewed_by, old.reviewed_at, old.details, old.severity) then
        raise exception 'abuse flag % was already reviewed (%): a review is final', old.id, old.status
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION keep_reviews_final(); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.keep_reviews_final() IS 'BEFORE UPDATE on trust.abuse_flags: a reviewed flag (CONFIRMED, FALSE_POSITIVE) no longer changes.';

--
-- Name: lsh_buckets(real[]); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.lsh_buckets(p_embedding real[]) RETURNS integer[]
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
    -- One value per band: band * 4096 + the 12-bit bucket of the signs.
    select array_agg(b.band * 4096 + b.bucket order by b.band)
    from (
        select
            h.band,
            sum((1 << h.sign_bit) * (d.dot > 0)::integer)::integer as bucket
        from trust.lsh_hyperplanes as h
        cross join lateral (
            select sum(v.x * v.y) as dot from unnest(p_embedding, h.direction) as v (x, y)
        ) as d
        group by h.band
    ) as b;
$$;

--
-- Name: FUNCTION lsh_buckets(p_embedding real[]); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.lsh_buckets(p_embedding real[]) IS 'The 16 locality-sensitive buckets of an embedding (band * 4096 + the signs of its 12 dot products).';

--
-- Name: moderation_logs; Type: TABLE; Schema: trust; Owner: -
--

CREATE TABLE trust.moderation_logs (
    id bigint NOT NULL,
    admin_id bigint NOT NULL,
    target_user_id bigint NOT NULL,
    action text NOT NULL,
    reason text NOT NULL,
    details jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT moderation_logs_action_check CHECK ((action = ANY (ARRAY['WARNING'::text, 'SUSPEND'::text, 'BAN'::text, 'SHADOW_BAN'::text, 'RESTORE'::text]))),
    CONSTRAINT moderation_logs_details_check CHECK (core.check_jsonb_object(details, 'moderation_logs.details'::text))
)
PARTITION BY RANGE (created_at);

--
-- Name: TABLE moderation_logs; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON TABLE trust.moderation_logs IS 'Every moderation action taken on a user (seed 004 ModerationLog). Partitioned by month of created_at.';

--
-- Name: COLUMN moderation_logs.action; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.moderation_logs.action IS 'Closed set: WARNING, SUSPEND, BAN, SHADOW_BAN, RESTORE.';

--
-- Name: moderate(bigint, bigint, text, text, timestamp with time zone, jsonb); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.moderate(p_admin_id bigint, p_user_id bigint, p_action text, p_reason text, p_until timestamp with time zone DEFAULT NULL::timestamp with time zone, p_details jsonb DEFAULT NULL::jsonb) RETURNS SETOF trust.moderation_logs
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
declare
    target core.users;
begin
    select * into target from core.users as u where u.id = p_user_id for update;
    if not found then
        raise exception 'no user with id %', p_user_id using errcode = 'no_data_found';
    end if;
    if p_admin_id = p_user_id or not exists (select 1 from core.users as u where u.id = p_admin_id) then
        raise exception 'moderator % must be another, existing user', p_admin_id using errcode = 'check_violation';
    end if;
    if coalesce(btrim(p_reason), '') = '' then
        raise exception 'a moderation action needs a reason' using errcode = 'check_violation';
    end if;
    if (p_action = 'SUSPEND') <> (p_until is not null) or p_until <= now() then
        raise exception 'SUSPEND needs an end in the future (until), and only SUSPEND takes one'
            using errcode = 'check_violation';
    end if;
    update core.users as u
    set
        is_suspended = case p_action when 'SUSPEND' then true when 'BAN' then true
            when 'RESTORE' then false else u.is_suspended end,
        suspended_until = case p_action when 'SUSPEND' then p_until when 'BAN' then null
            when 'RESTORE' then null else u.suspended_until end,
        is_shadow_banned = case p_action when 'SHADOW_BAN' then true when 'RESTORE' then false
            else u.is_shadow_banned end
    where u.id = p_user_id
    returning * into target;
    return query
    insert into trust.moderation_logs (admin_id, target_user_id, action, reason, details)
    values (
        p_admin_id, p_user_id, p_action, p_reason,
        coalesce(p_details, '{}') || jsonb_build_object(
            'is_suspended', target.is_suspended, 'suspended_until', target.suspended_until,
            'is_shadow_banned', target.is_shadow_banned
        )
    )
    returning *;
end;
$$;

--
-- Name: FUNCTION moderate(p_admin_id bigint, p_user_id bigint, p_action text, p_reason text, p_until timestamp with time zone, p_details jsonb); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.moderate(p_admin_id bigint, p_user_id bigint, p_action text, p_reason text, p_until timestamp with time zone, p_details jsonb) IS 'Warns, suspends (until a time), bans, shadow-bans or restores a user and logs it with the admin and reason.';

--
-- Name: near_duplicates_since(timestamp with time zone); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.near_duplicates_since(p_content_since timestamp with time zone) RETURNS TABLE(id bigint, user_id bigint, content_type text, content_id bigint, match_id bigint, match_user_id bigint, similarity numeric)
    LANGUAGE plpgsql STABLE
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $_$
#variable_conflict use_column
declare
    similarity_min double precision := core.setting_numeric('abuse_similarity_min');
    since timestamptz := greatest(
        now() - make_interval(days => core.setting_numeric('abuse_similarity_window_days')::integer),
        coalesce(p_content_since, '-infinity')
    );
    -- The schema pgvector was created in (quoted as an identifier), when its index on the embeddings
    -- is there and valid.
    vector_schema text := (
        select e.extnamespace::regnamespace::text
        from pg_extension as e
        where
            e.extname = 'vector'
            and exists (
                select from pg_index as i
                where i.indexrelid = to_regclass('trust.idx_content_embeddings_ann') and i.indisvalid
            )
    );
begin
    if vector_schema is not null then
        -- Nearest neighbours: each new item's 40 nearest through the HNSW index.
        return query execute format(
            $sql$
            select
                b.id,
                b.user_id,
                b.content_type,
                b.content_id,
                a.id,
                a.user_id,
                round(trust.cosine_similarity(a.embedding, b.embedding)::numeric, 4)
            from trust.content_embeddings as b
            cross join lateral (
                select c.id, c.user_id, c.created_at, c.embedding
                from trust.content_embeddings as c
                order by c.embedding::%1$s.vector(384) operator(%1$s.<=>) b.embedding::%1$s.vector(384)
                limit 40
            ) as a
            where
                b.created_at >= $1
                and (a.created_at, a.id) < (b.created_at, b.id)
                and trust.cosine_similarity(a.embedding, b.embedding) >= $2
            $sql$,
            vector_schema
        ) using since, similarity_min;
    elsif similarity_min < 0.9 then
        -- Exhaustive: every new item against every older one.
        return query
        select
            b.id,
            b.user_id,
            b.content_type,
            b.content_id,
            a.id,
            a.user_id,
            round(trust.cosine_similarity(a.embedding, b.embedding)::numeric, 4)
        from trust.content_embeddings as b
        inner join trust.content_embeddings as a on (a.created_at, a.id) < (b.created_at, b.id)
        where b.created_at >= since and trust.cosine_similarity(a.embedding, b.embedding) >= similarity_min;
    else
        -- Bounded: each new item against the older items sharing one of its buckets.
        return query
        select
            b.id,
            b.user_id,
            b.content_type,
            b.content_id,
            a.id,
            a.user_id,
            round(trust.cosine_similarity(a.embedding, b.embedding)::numeric, 4)
        from trust.content_embeddings as b
        inner join trust.content_embeddings as a
            on a.lsh_buckets && b.lsh_buckets and (a.created_at, a.id) < (b.created_at, b.id)
        where b.created_at >= since and trust.cosine_similarity(a.embedding, b.embedding) >= similarity_min;
    end if;
end;
$_$;

--
-- Name: FUNCTION near_duplicates_since(p_content_since timestamp with time zone); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.near_duplicates_since(p_content_since timestamp with time zone) IS 'Content created since the time given (null: the similarity window) with every older item at least abuse_similarity_min alike; candidates are the 40 nearest through pgvector''s HNSW index where sql/optional/pgvector.sql built it, else those sharing a locality-sensitive bucket (threshold 0.9 or more).';

--
-- Name: recompute_trust_scores(bigint[]); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.recompute_trust_scores(p_user_ids bigint[] DEFAULT NULL::bigint[]) RETURNS TABLE(scores_changed bigint, caches_changed bigint)
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    -- PL/pgSQL plans with the users given (a custom plan), so each aggregate reads only theirs.
    return query
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
        from trust.components_of(p_user_ids) as c
        where
            t.user_id = c.user_id
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
end;
$$;

--
-- Name: FUNCTION recompute_trust_scores(p_user_ids bigint[]); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.recompute_trust_scores(p_user_ids bigint[]) IS 'Recomputes the trust scores of the given users (null: everyone) from trust.trust_components; writes only changes.';

--
-- Name: fact_check_logs; Type: TABLE; Schema: trust; Owner: -
--

CREATE TABLE trust.fact_check_logs (
    id bigint NOT NULL,
    user_id bigint,
    generated_text text NOT NULL,
    context_used text NOT NULL,
    claims_checked integer NOT NULL,
    entailment_count integer NOT NULL,
    contradiction_count integer NOT NULL,
    neutral_count integer NOT NULL,
    overall_confidence numeric(5,4) NOT NULL,
    safe_to_display boolean NOT NULL,
    checks jsonb NOT NULL,
    action_taken text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT fact_check_logs_action_taken_check CHECK ((action_taken = ANY (ARRAY['DISPLAY'::text, 'DISPLAY_WITH_WARNING'::text, 'BLOCK'::text, 'REGENERATE'::text]))),
    CONSTRAINT fact_check_logs_checks_check CHECK ((jsonb_typeof(checks) = 'array'::text)),
    CONSTRAINT fact_check_logs_counts_check CHECK (((entailment_count >= 0) AND (contradiction_count >= 0) AND (neutral_count >= 0) AND (claims_checked = ((entailment_count + contradiction_count) + neutral_count)))),
    CONSTRAINT fact_check_logs_overall_confidence_check CHECK (((overall_confidence >= (0)::numeric) AND (overall_confidence <= (1)::numeric)))
)
PARTITION BY RANGE (created_at);

--
-- Name: TABLE fact_check_logs; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON TABLE trust.fact_check_logs IS 'An NLI fact check of AI-generated text (seed 004 FactCheckLog). Partitioned by month of created_at.';

--
-- Name: COLUMN fact_check_logs.checks; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.fact_check_logs.checks IS 'One entry per claim checked (ClaimCheck), a JSON array.';

--
-- Name: COLUMN fact_check_logs.action_taken; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.fact_check_logs.action_taken IS 'Closed set: DISPLAY, DISPLAY_WITH_WARNING, BLOCK, REGENERATE.';

--
-- Name: record_fact_check(bigint, text, text, jsonb, numeric, text); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.record_fact_check(p_user_id bigint, p_generated_text text, p_context_used text, p_claims jsonb, p_overall_confidence numeric, p_action_taken text) RETURNS SETOF trust.fact_check_logs
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: FUNCTION record_fact_check(p_user_id bigint, p_generated_text text, p_context_used text, p_claims jsonb, p_overall_confidence numeric, p_action_taken text); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.record_fact_check(p_user_id bigint, p_generated_text text, p_context_used text, p_claims jsonb, p_overall_confidence numeric, p_action_taken text) IS 'Logs a fact-check: counts from the labelled claims, safe_to_display from the action.';

--
-- Name: refuse_shadow_banned_votes(); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.refuse_shadow_banned_votes() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
begin
    if new.corrects_id is null and not core.caller_is_owner() and exists (
        select 1
        from community.answer_votes as v
        inner join core.users as u on v.voter_id = u.id
        where new.source_id = 'community.answer_votes:' || v.id and u.is_shadow_banned
        union all
        select 1
        from community.doubt_votes as v
        inner join core.users as u on v.voter_id = u.id
        where new.source_id = 'community.doubt_votes:' || v.id and u.is_shadow_banned
    ) then
        raise exception 'reputation from a shadow-banned voter''s vote (%) is not given', new.source_id
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;

--
-- Name: FUNCTION refuse_shadow_banned_votes(); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.refuse_shadow_banned_votes() IS 'BEFORE INSERT on reward.reputation_ledger: no reputation from a shadow-banned voter''s vote (but for the owner).';

--
-- Name: refuse_suspended_actor(); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.refuse_suspended_actor() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: FUNCTION refuse_suspended_actor(); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.refuse_suspended_actor() IS 'BEFORE INSERT: refuses the row when the user it names (arg 1) is suspended or banned; with an amount column (arg 2), only new positive amounts.';

--
-- Name: reverse_serial_votes(); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.reverse_serial_votes() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
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

--
-- Name: FUNCTION reverse_serial_votes(); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.reverse_serial_votes() IS 'AFTER a SERIAL_VOTING flag is confirmed: compensating reputation rows for every ledger row its votes produced.';

--
-- Name: score_from_components(numeric, numeric, numeric, numeric, numeric, numeric, integer, integer, numeric); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.score_from_components(mastery_reliability numeric, nli_track_record numeric, community_validation numeric, account_age_trust numeric, interaction_entropy numeric, vote_pattern_score numeric, similarity_flags integer, abuse_flags integer, ip_clustering_risk numeric) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN round(GREATEST((0)::numeric, LEAST((1)::numeric, (((((((((0.25 * mastery_reliability) + (0.15 * nli_track_record)) + (0.25 * community_validation)) + (0.10 * account_age_trust)) + (0.10 * interaction_entropy)) + (0.15 * vote_pattern_score)) - (0.05 * (similarity_flags)::numeric)) - (0.10 * (abuse_flags)::numeric)) - (0.20 * ip_clustering_risk)))), 4);

--
-- Name: FUNCTION score_from_components(mastery_reliability numeric, nli_track_record numeric, community_validation numeric, account_age_trust numeric, interaction_entropy numeric, vote_pattern_score numeric, similarity_flags integer, abuse_flags integer, ip_clustering_risk numeric); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.score_from_components(mastery_reliability numeric, nli_track_record numeric, community_validation numeric, account_age_trust numeric, interaction_entropy numeric, vote_pattern_score numeric, similarity_flags integer, abuse_flags integer, ip_clustering_risk numeric) IS 'The one trust formula: 0.25 mastery + 0.15 NLI + 0.25 community + 0.10 age + 0.10 entropy + 0.15 vote pattern, minus 0.05 per similarity flag, 0.10 per other abuse flag and 0.20 x IP clustering risk, clamped to 0..1.';

--
-- Name: set_lsh_buckets(); Type: FUNCTION; Schema: trust; Owner: -
--

CREATE FUNCTION trust.set_lsh_buckets() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER
    SET search_path TO 'pg_catalog', 'pg_temp'
    AS $$
begin
    new.lsh_buckets := trust.lsh_buckets(new.embedding);
    return new;
end;
$$;

--
-- Name: FUNCTION set_lsh_buckets(); Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON FUNCTION trust.set_lsh_buckets() IS 'BEFORE INSERT OR UPDATE OF embedding on trust.content_embeddings: computes lsh_buckets.';

--
-- Name: conversation_logs; Type: TABLE; Schema: chat; Owner: -
--

CREATE TABLE chat.conversation_logs (
    id bigint NOT NULL,
    user_id bigint,
    session_id character varying(100) NOT NULL,
    phone_number character varying(50),
    channel character varying(50) DEFAULT 'web'::character varying NOT NULL,
    user_message text NOT NULL,
    bot_response text,
    message_type character varying(20) DEFAULT 'text'::character varying NOT NULL,
    nlu_intent character varying(100),
    nlu_confidence numeric(5,4),
    nlu_alternate_intents jsonb,
    nlu_entities jsonb,
    nlu_language character varying(10),
    nlu_tone character varying(50),
    nlu_provider character varying(50),
    nlu_processing_time_ms integer,
    routed_to character varying(100),
    routing_reason text,
    flow_id character varying(100),
    agent_id character varying(100),
    response_type character varying(50),
    response_success boolean DEFAULT true NOT NULL,
    response_time_ms integer,
    conversation_context jsonb,
    turn_number integer,
    is_training_candidate boolean DEFAULT false NOT NULL,
    training_confidence_bucket character varying(20),
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT conversation_logs_nlu_confidence_check CHECK (((nlu_confidence >= (0)::numeric) AND (nlu_confidence <= (1)::numeric))),
    CONSTRAINT conversation_logs_routed_to_check CHECK (((routed_to)::text = ANY (ARRAY['agent'::text, 'flow'::text, 'direct_api'::text]))),
    CONSTRAINT conversation_logs_timings_check CHECK (((nlu_processing_time_ms >= 0) AND (response_time_ms >= 0))),
    CONSTRAINT conversation_logs_training_confidence_bucket_check CHECK (((training_confidence_bucket)::text = ANY (ARRAY['high'::text, 'medium'::text, 'low'::text])))
)
PARTITION BY RANGE (created_at);

--
-- Name: TABLE conversation_logs; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON TABLE chat.conversation_logs IS 'One row per message with its full NLU analysis and routing (seed 000): analytics and training mining. Partitioned by month of created_at.';

--
-- Name: COLUMN conversation_logs.channel; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.conversation_logs.channel IS 'Where the message came from (web, whatsapp, ...).';

--
-- Name: COLUMN conversation_logs.message_type; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.conversation_logs.message_type IS 'Kind of message (text, voice, button, ...).';

--
-- Name: COLUMN conversation_logs.nlu_confidence; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.conversation_logs.nlu_confidence IS 'Confidence of nlu_intent, 0..1.';

--
-- Name: COLUMN conversation_logs.nlu_alternate_intents; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.conversation_logs.nlu_alternate_intents IS 'Every candidate intent with its score.';

--
-- Name: COLUMN conversation_logs.routed_to; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.conversation_logs.routed_to IS 'Closed set: agent, flow, direct_api.';

--
-- Name: COLUMN conversation_logs.flow_id; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.conversation_logs.flow_id IS 'The flow that answered, when routed_to = flow (text: logs outlive flows).';

--
-- Name: COLUMN conversation_logs.is_training_candidate; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.conversation_logs.is_training_candidate IS 'Set when the message was harvested into chat.training_samples.';

--
-- Name: COLUMN conversation_logs.training_confidence_bucket; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.conversation_logs.training_confidence_bucket IS 'Closed set: high, medium, low; the confidence band the message was harvested in.';

--
-- Name: conversation_logs_id_seq; Type: SEQUENCE; Schema: chat; Owner: -
--

ALTER TABLE chat.conversation_logs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME chat.conversation_logs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: conversation_memory; Type: TABLE; Schema: chat; Owner: -
--

CREATE TABLE chat.conversation_memory (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    role character varying(10),
    content text NOT NULL,
    turn_number integer,
    session_id character varying(100),
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT conversation_memory_role_check CHECK (((role)::text = ANY (ARRAY['user'::text, 'assistant'::text])))
)
PARTITION BY RANGE (created_at);

--
-- Name: TABLE conversation_memory; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON TABLE chat.conversation_memory IS 'Lightweight turn-by-turn history for conversation context (seed 001: kept as is). Partitioned by month of created_at.';

--
-- Name: COLUMN conversation_memory.role; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.conversation_memory.role IS 'Who spoke: user or assistant.';

--
-- Name: COLUMN conversation_memory.turn_number; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.conversation_memory.turn_number IS 'Position of the turn in its session.';

--
-- Name: conversation_memory_id_seq; Type: SEQUENCE; Schema: chat; Owner: -
--

ALTER TABLE chat.conversation_memory ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME chat.conversation_memory_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: flow_runs; Type: TABLE; Schema: chat; Owner: -
--

CREATE TABLE chat.flow_runs (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    flow_id text,
    session_id character varying(100),
    phone_number character varying(50),
    current_state text,
    context jsonb DEFAULT '{}'::jsonb NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    error text,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    completed_at timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE flow_runs; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON TABLE chat.flow_runs IS 'One execution of a flow for one conversation (seed 001: 106 runs).';

--
-- Name: COLUMN flow_runs.id; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.flow_runs.id IS 'Public handle of the run, given to the flow engine.';

--
-- Name: COLUMN flow_runs.current_state; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.flow_runs.current_state IS 'State of the flow the run is in now.';

--
-- Name: COLUMN flow_runs.context; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.flow_runs.context IS 'Data gathered by the run so far.';

--
-- Name: COLUMN flow_runs.error; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.flow_runs.error IS 'Why the run failed, when it did.';

--
-- Name: flows; Type: TABLE; Schema: chat; Owner: -
--

CREATE TABLE chat.flows (
    id text NOT NULL,
    name text,
    description text,
    module text DEFAULT 'general'::text NOT NULL,
    trigger text,
    version text DEFAULT '1.0.0'::text NOT NULL,
    states jsonb,
    initial_state text,
    final_states jsonb,
    context_schema jsonb,
    metadata jsonb,
    enabled boolean DEFAULT true NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    system_critical boolean DEFAULT false NOT NULL
);

--
-- Name: TABLE flows; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON TABLE chat.flows IS 'Conversation flow definitions run by the flow engine (seed 001: 9 flows).';

--
-- Name: COLUMN flows.id; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.flows.id IS 'Stable flow name, e.g. greeting_v1; code refers to it.';

--
-- Name: COLUMN flows.module; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.flows.module IS 'Functional area of the flow (seed default: general).';

--
-- Name: COLUMN flows.trigger; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.flows.trigger IS 'What starts the flow (an intent or keyword).';

--
-- Name: COLUMN flows.states; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.flows.states IS 'State machine definition: state name -> state.';

--
-- Name: COLUMN flows.initial_state; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.flows.initial_state IS 'Seed: initialState. The state a run starts in.';

--
-- Name: COLUMN flows.final_states; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.flows.final_states IS 'Seed: finalStates. States that end a run.';

--
-- Name: COLUMN flows.context_schema; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.flows.context_schema IS 'Seed: contextSchema. Shape of a run''s context.';

--
-- Name: COLUMN flows.enabled; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.flows.enabled IS 'Whether the flow engine may start this flow.';

--
-- Name: COLUMN flows.system_critical; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.flows.system_critical IS 'A flow the assistant cannot work without (greeting, help, farewell): it cannot be disabled or deleted.';

--
-- Name: training_batch_samples; Type: TABLE; Schema: chat; Owner: -
--

CREATE TABLE chat.training_batch_samples (
    sample_id bigint NOT NULL,
    batch_id character varying(100) NOT NULL
);

--
-- Name: TABLE training_batch_samples; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON TABLE chat.training_batch_samples IS 'Which batch each exported training sample went out in; a sample is exported once. No foreign keys (cost): checked by the invariant training_batches_match_samples.';

--
-- Name: COLUMN training_batch_samples.sample_id; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.training_batch_samples.sample_id IS 'chat.training_samples.id of the exported sample.';

--
-- Name: COLUMN training_batch_samples.batch_id; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.training_batch_samples.batch_id IS 'chat.training_batches.id of its batch.';

--
-- Name: training_batches; Type: TABLE; Schema: chat; Owner: -
--

CREATE TABLE chat.training_batches (
    id character varying(100) NOT NULL,
    exported_at timestamp with time zone DEFAULT now() NOT NULL,
    sample_count integer NOT NULL,
    CONSTRAINT training_batches_sample_count_check CHECK ((sample_count >= 0))
);

--
-- Name: TABLE training_batches; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON TABLE chat.training_batches IS 'One row per exported training batch (export_training_batch), written in the transaction that exports it.';

--
-- Name: COLUMN training_batches.id; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.training_batches.id IS 'The batch name the exporter gave, e.g. batch-2026-11-23.';

--
-- Name: COLUMN training_batches.sample_count; Type: COMMENT; Schema: chat; Owner: -
--

COMMENT ON COLUMN chat.training_batches.sample_count IS 'How many samples the batch holds (rows in training_batch_samples).';

--
-- Name: training_samples_id_seq; Type: SEQUENCE; Schema: chat; Owner: -
--

ALTER TABLE chat.training_samples ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME chat.training_samples_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: answer_votes; Type: TABLE; Schema: community; Owner: -
--

CREATE TABLE community.answer_votes (
    id bigint NOT NULL,
    answer_id bigint NOT NULL,
    voter_id bigint NOT NULL,
    value integer NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT answer_votes_value_check CHECK ((value = ANY (ARRAY['-1'::integer, 1])))
);

--
-- Name: TABLE answer_votes; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON TABLE community.answer_votes IS 'An up (+1) or down (-1) vote on an answer, once per voter (seed 004 AnswerVote).';

--
-- Name: answer_votes_id_seq; Type: SEQUENCE; Schema: community; Owner: -
--

ALTER TABLE community.answer_votes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME community.answer_votes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: answers_id_seq; Type: SEQUENCE; Schema: community; Owner: -
--

ALTER TABLE community.answers ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME community.answers_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: communities; Type: TABLE; Schema: community; Owner: -
--

CREATE TABLE community.communities (
    id bigint NOT NULL,
    slug text NOT NULL,
    name text NOT NULL,
    description text,
    created_by_id bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE communities; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON TABLE community.communities IS 'A group of learners (seed 004 Community).';

--
-- Name: communities_id_seq; Type: SEQUENCE; Schema: community; Owner: -
--

ALTER TABLE community.communities ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME community.communities_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: community_doubts; Type: TABLE; Schema: community; Owner: -
--

CREATE TABLE community.community_doubts (
    community_id bigint NOT NULL,
    doubt_id bigint NOT NULL,
    added_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE community_doubts; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON TABLE community.community_doubts IS 'A doubt posted in a community (seed 004 CommunityDoubt).';

--
-- Name: community_members; Type: TABLE; Schema: community; Owner: -
--

CREATE TABLE community.community_members (
    id bigint NOT NULL,
    community_id bigint NOT NULL,
    user_id bigint NOT NULL,
    role text DEFAULT 'member'::text NOT NULL,
    joined_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT community_members_role_check CHECK ((role = ANY (ARRAY['member'::text, 'moderator'::text, 'owner'::text])))
);

--
-- Name: TABLE community_members; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON TABLE community.community_members IS 'A user''s membership of a community (seed 004 CommunityMember).';

--
-- Name: COLUMN community_members.role; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON COLUMN community.community_members.role IS 'Closed set: member, moderator, owner.';

--
-- Name: community_members_id_seq; Type: SEQUENCE; Schema: community; Owner: -
--

ALTER TABLE community.community_members ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME community.community_members_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: doubt_votes; Type: TABLE; Schema: community; Owner: -
--

CREATE TABLE community.doubt_votes (
    id bigint NOT NULL,
    doubt_id bigint NOT NULL,
    voter_id bigint NOT NULL,
    value integer NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT doubt_votes_value_check CHECK ((value = ANY (ARRAY['-1'::integer, 1])))
);

--
-- Name: TABLE doubt_votes; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON TABLE community.doubt_votes IS 'An up (+1) or down (-1) vote on a doubt, once per voter (seed 004 DoubtVote).';

--
-- Name: doubt_votes_id_seq; Type: SEQUENCE; Schema: community; Owner: -
--

ALTER TABLE community.doubt_votes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME community.doubt_votes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: doubts; Type: TABLE; Schema: community; Owner: -
--

CREATE TABLE community.doubts (
    id bigint NOT NULL,
    author_id bigint NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE doubts; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON TABLE community.doubts IS 'A question (doubt) asked by a learner (seed 004 Doubt).';

--
-- Name: doubts_id_seq; Type: SEQUENCE; Schema: community; Owner: -
--

ALTER TABLE community.doubts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME community.doubts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: user_vote_totals; Type: TABLE; Schema: community; Owner: -
--

CREATE TABLE community.user_vote_totals (
    user_id bigint NOT NULL,
    votes_given integer DEFAULT 0 NOT NULL,
    pairs_given integer DEFAULT 0 NOT NULL,
    votes_returned numeric DEFAULT 0 NOT NULL,
    given_entropy numeric,
    votes_received integer DEFAULT 0 NOT NULL,
    upvotes_received integer DEFAULT 0 NOT NULL,
    CONSTRAINT user_vote_totals_counts_check CHECK (((pairs_given >= 0) AND (pairs_given <= votes_given) AND ((upvotes_received >= 0) AND (upvotes_received <= votes_received)) AND ((votes_returned >= (0)::numeric) AND (votes_returned <= (votes_given)::numeric))))
);

--
-- Name: TABLE user_vote_totals; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON TABLE community.user_vote_totals IS 'Per user, the vote graph summed (kept by community.refresh_vote_graph): what trust scores and detectors read. A user with no pair has no row.';

--
-- Name: COLUMN user_vote_totals.votes_given; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON COLUMN community.user_vote_totals.votes_given IS 'Votes given to others: the sum of the pairs'' vote_count.';

--
-- Name: COLUMN user_vote_totals.pairs_given; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON COLUMN community.user_vote_totals.pairs_given IS 'How many people the user voted for.';

--
-- Name: COLUMN user_vote_totals.votes_returned; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON COLUMN community.user_vote_totals.votes_returned IS 'Sum over the user''s pairs of vote_count * reciprocity: how many of the votes given came back.';

--
-- Name: COLUMN user_vote_totals.given_entropy; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON COLUMN community.user_vote_totals.given_entropy IS 'Shannon entropy of whom the votes went to over its maximum ln(votes_given): 1 spread out, 0 all to one person (1 for a single vote; null with none).';

--
-- Name: COLUMN user_vote_totals.votes_received; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON COLUMN community.user_vote_totals.votes_received IS 'Votes received from others.';

--
-- Name: COLUMN user_vote_totals.upvotes_received; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON COLUMN community.user_vote_totals.upvotes_received IS 'Of them, upvotes.';

--
-- Name: user_votes; Type: VIEW; Schema: community; Owner: -
--

CREATE VIEW community.user_votes AS
 SELECT 'community.answer_votes'::text AS source_table,
    v.id AS vote_id,
    v.voter_id,
    a.author_id AS target_user_id,
    v.value,
    v.created_at
   FROM (community.answer_votes v
     JOIN community.answers a ON ((v.answer_id = a.id)))
UNION ALL
 SELECT 'community.doubt_votes'::text AS source_table,
    v.id AS vote_id,
    v.voter_id,
    d.author_id AS target_user_id,
    v.value,
    v.created_at
   FROM (community.doubt_votes v
     JOIN community.doubts d ON ((v.doubt_id = d.id)));

--
-- Name: VIEW user_votes; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON VIEW community.user_votes IS 'Every vote on a doubt or an answer as voter -> author (target_user_id); source_table and vote_id name the vote.';

--
-- Name: vote_graph; Type: TABLE; Schema: community; Owner: -
--

CREATE TABLE community.vote_graph (
    id bigint NOT NULL,
    voter_id bigint NOT NULL,
    target_user_id bigint NOT NULL,
    vote_count integer DEFAULT 0 NOT NULL,
    upvote_count integer DEFAULT 0 NOT NULL,
    downvote_count integer DEFAULT 0 NOT NULL,
    reciprocity numeric(5,4) DEFAULT 0.0 NOT NULL,
    last_vote_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT vote_graph_counts_check CHECK (((upvote_count >= 0) AND (downvote_count >= 0) AND (vote_count = (upvote_count + downvote_count)))),
    CONSTRAINT vote_graph_reciprocity_check CHECK (((reciprocity >= (0)::numeric) AND (reciprocity <= (1)::numeric)))
);

--
-- Name: TABLE vote_graph; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON TABLE community.vote_graph IS 'Votes from one user to another, aggregated by a scheduled job (seed 004 VoteGraph).';

--
-- Name: COLUMN vote_graph.reciprocity; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON COLUMN community.vote_graph.reciprocity IS 'How much the target votes back for the voter, 0..1 (1: as many votes back as given).';

--
-- Name: vote_graph_changes; Type: TABLE; Schema: community; Owner: -
--

CREATE TABLE community.vote_graph_changes (
    id bigint NOT NULL,
    voter_id bigint NOT NULL,
    target_user_id bigint NOT NULL,
    vote_change integer NOT NULL,
    vote_value integer NOT NULL,
    voted_at timestamp with time zone NOT NULL,
    CONSTRAINT vote_graph_changes_vote_change_check CHECK ((vote_change = ANY (ARRAY['-1'::integer, 1]))),
    CONSTRAINT vote_graph_changes_vote_value_check CHECK ((vote_value = ANY (ARRAY['-1'::integer, 1])))
);

--
-- Name: TABLE vote_graph_changes; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON TABLE community.vote_graph_changes IS 'Votes cast (+1) and taken back (-1) as voter -> author, waiting for refresh_vote_graph to add them to the graph. Written by triggers on the votes and their content; no foreign keys (a queue, emptied hourly).';

--
-- Name: COLUMN vote_graph_changes.vote_change; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON COLUMN community.vote_graph_changes.vote_change IS '+1: a vote now counts for the pair; -1: it no longer does.';

--
-- Name: COLUMN vote_graph_changes.vote_value; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON COLUMN community.vote_graph_changes.vote_value IS 'The vote: 1 up, -1 down.';

--
-- Name: COLUMN vote_graph_changes.voted_at; Type: COMMENT; Schema: community; Owner: -
--

COMMENT ON COLUMN community.vote_graph_changes.voted_at IS 'When the vote was cast (its created_at).';

--
-- Name: vote_graph_changes_id_seq; Type: SEQUENCE; Schema: community; Owner: -
--

ALTER TABLE community.vote_graph_changes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME community.vote_graph_changes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: vote_graph_id_seq; Type: SEQUENCE; Schema: community; Owner: -
--

ALTER TABLE community.vote_graph ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME community.vote_graph_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: accounts; Type: TABLE; Schema: core; Owner: -
--

CREATE TABLE core.accounts (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    provider text NOT NULL,
    provider_account_id text NOT NULL,
    access_token text,
    refresh_token text,
    expires_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE accounts; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON TABLE core.accounts IS 'An OAuth account linked to a user (seed 004 Account, NextAuth).';

--
-- Name: COLUMN accounts.provider_account_id; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.accounts.provider_account_id IS 'The user''s id at the provider.';

--
-- Name: accounts_id_seq; Type: SEQUENCE; Schema: core; Owner: -
--

ALTER TABLE core.accounts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME core.accounts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: event_logs; Type: TABLE; Schema: core; Owner: -
--

CREATE TABLE core.event_logs (
    id bigint NOT NULL,
    event_type text NOT NULL,
    user_id bigint,
    target_id text,
    metadata jsonb NOT NULL,
    emitted_at timestamp with time zone DEFAULT now() NOT NULL,
    processed_at timestamp with time zone,
    CONSTRAINT event_logs_metadata_check CHECK (core.check_jsonb_object(metadata, 'event_logs.metadata'::text)),
    CONSTRAINT event_logs_processed_check CHECK ((processed_at >= emitted_at))
)
PARTITION BY RANGE (emitted_at);

--
-- Name: TABLE event_logs; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON TABLE core.event_logs IS 'Domain events, processed at most once (seed 004 EventLog). Partitioned by month of emitted_at.';

--
-- Name: COLUMN event_logs.event_type; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.event_logs.event_type IS 'What happened, e.g. ANSWER_ACCEPTED, MASTERY_UPDATED.';

--
-- Name: COLUMN event_logs.target_id; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.event_logs.target_id IS 'The affected resource (answer, doubt, ...), as text.';

--
-- Name: COLUMN event_logs.processed_at; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.event_logs.processed_at IS 'When the event was processed; NULL while waiting.';

--
-- Name: event_logs_id_seq; Type: SEQUENCE; Schema: core; Owner: -
--

ALTER TABLE core.event_logs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME core.event_logs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: gamification_settings_history; Type: TABLE; Schema: core; Owner: -
--

CREATE TABLE core.gamification_settings_history (
    id bigint NOT NULL,
    setting_key character varying(100) NOT NULL,
    operation character varying(10) NOT NULL,
    old_value text,
    new_value text,
    changed_by character varying(100),
    database_user text DEFAULT SESSION_USER NOT NULL,
    changed_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT gamification_settings_history_operation_check CHECK (((operation)::text = ANY (ARRAY['insert'::text, 'update'::text, 'delete'::text])))
);

--
-- Name: TABLE gamification_settings_history; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON TABLE core.gamification_settings_history IS 'Every change to a setting: who, when, old and new value. Append-only.';

--
-- Name: COLUMN gamification_settings_history.changed_by; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.gamification_settings_history.changed_by IS 'updated_by of the change (the application-level author).';

--
-- Name: COLUMN gamification_settings_history.database_user; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.gamification_settings_history.database_user IS 'The database role that made the change.';

--
-- Name: gamification_settings_history_id_seq; Type: SEQUENCE; Schema: core; Owner: -
--

ALTER TABLE core.gamification_settings_history ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME core.gamification_settings_history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: gamification_settings_id_seq; Type: SEQUENCE; Schema: core; Owner: -
--

ALTER TABLE core.gamification_settings ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME core.gamification_settings_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: job_runs; Type: TABLE; Schema: core; Owner: -
--

CREATE TABLE core.job_runs (
    id bigint NOT NULL,
    job text NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    finished_at timestamp with time zone,
    outcome text DEFAULT 'running'::text NOT NULL,
    rows_returned bigint,
    runs integer,
    exit_code integer,
    error text,
    hostname text NOT NULL,
    max_interval interval NOT NULL,
    CONSTRAINT job_runs_finished_check CHECK (((outcome = 'running'::text) = (finished_at IS NULL))),
    CONSTRAINT job_runs_outcome_check CHECK ((outcome = ANY (ARRAY['running'::text, 'succeeded'::text, 'failed'::text, 'busy'::text])))
);

--
-- Name: TABLE job_runs; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON TABLE core.job_runs IS 'One row per scheduled job run (gamedb job run): when, how it ended, rows, errors.';

--
-- Name: COLUMN job_runs.job; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.job_runs.job IS 'The named query run as a job.';

--
-- Name: COLUMN job_runs.outcome; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.job_runs.outcome IS 'running, succeeded, failed, or busy (another run held the lock; nothing done).';

--
-- Name: COLUMN job_runs.rows_returned; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.job_runs.rows_returned IS 'Rows the job returned (summed over its batches with schedule-repeat).';

--
-- Name: COLUMN job_runs.runs; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.job_runs.runs IS 'Batches run (schedule-repeat), else 1.';

--
-- Name: COLUMN job_runs.exit_code; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.job_runs.exit_code IS 'The exit code gamedb returned (README: exit codes).';

--
-- Name: COLUMN job_runs.hostname; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.job_runs.hostname IS 'The machine that ran it.';

--
-- Name: COLUMN job_runs.max_interval; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.job_runs.max_interval IS 'Longest gap between two times the schedule fires.';

--
-- Name: job_health; Type: VIEW; Schema: core; Owner: -
--

CREATE VIEW core.job_health AS
 SELECT j.job,
    j.started_at AS last_started_at,
    j.outcome AS last_outcome,
    j.error AS last_error,
    s.last_succeeded_at,
    j.max_interval,
    (COALESCE(s.last_succeeded_at, '-infinity'::timestamp with time zone) < (now() - ((2)::double precision * j.max_interval))) AS late
   FROM (( SELECT DISTINCT ON (r.job) r.job,
            r.started_at,
            r.outcome,
            r.error,
            r.max_interval
           FROM core.job_runs r
          ORDER BY r.job, r.started_at DESC) j
     LEFT JOIN LATERAL ( SELECT max(r.finished_at) AS last_succeeded_at
           FROM core.job_runs r
          WHERE ((r.job = j.job) AND (r.outcome = 'succeeded'::text))) s ON (true));

--
-- Name: VIEW job_health; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON VIEW core.job_health IS 'Per job: its last run, last success, and whether it is late (no success within twice its longest interval).';

--
-- Name: job_runs_id_seq; Type: SEQUENCE; Schema: core; Owner: -
--

ALTER TABLE core.job_runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME core.job_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: job_watermarks; Type: TABLE; Schema: core; Owner: -
--

CREATE TABLE core.job_watermarks (
    job text NOT NULL,
    watermark timestamp with time zone NOT NULL,
    last_full_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE job_watermarks; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON TABLE core.job_watermarks IS 'Per incremental job: the time up to which it has taken in changes, and its last full recompute.';

--
-- Name: COLUMN job_watermarks.watermark; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.job_watermarks.watermark IS 'The start of the last successful run: the next takes in events from here less incremental_overlap_minutes.';

--
-- Name: COLUMN job_watermarks.last_full_at; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.job_watermarks.last_full_at IS 'When the job last recomputed everything (daily).';

--
-- Name: partitioned_tables; Type: TABLE; Schema: core; Owner: -
--

CREATE TABLE core.partitioned_tables (
    table_name text NOT NULL,
    retention_setting text,
    keep_while text,
    why text NOT NULL,
    CONSTRAINT partitioned_tables_keep_while_check CHECK (((keep_while IS NULL) OR (retention_setting IS NOT NULL)))
);

--
-- Name: TABLE partitioned_tables; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON TABLE core.partitioned_tables IS 'The tables partitioned by month that core.maintain_partitions keeps: months created ahead, old months dropped.';

--
-- Name: COLUMN partitioned_tables.table_name; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.partitioned_tables.table_name IS 'schema.table of the partitioned table.';

--
-- Name: COLUMN partitioned_tables.retention_setting; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.partitioned_tables.retention_setting IS 'The setting (core.gamification_settings) holding how many days a month is kept after it ends; NULL: for ever.';

--
-- Name: COLUMN partitioned_tables.keep_while; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.partitioned_tables.keep_while IS 'A condition on a row (SQL) that keeps its month past the retention while one row meets it; NULL: none.';

--
-- Name: COLUMN partitioned_tables.why; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.partitioned_tables.why IS 'What the table holds and why its months go when they do.';

--
-- Name: table_access; Type: TABLE; Schema: core; Owner: -
--

CREATE TABLE core.table_access (
    table_name text NOT NULL,
    app_privileges text[] NOT NULL,
    app_update_columns text[],
    database_columns text[] DEFAULT '{}'::text[] NOT NULL,
    personal_columns text[] DEFAULT '{}'::text[] NOT NULL,
    why text NOT NULL,
    CONSTRAINT table_access_privileges_check CHECK (((app_privileges <@ ARRAY['SELECT'::text, 'INSERT'::text, 'UPDATE'::text, 'DELETE'::text]) AND ((app_update_columns IS NULL) OR ('UPDATE'::text = ANY (app_privileges)))))
);

--
-- Name: TABLE table_access; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON TABLE core.table_access IS 'Who may do what to each table and view: the grants of gamedb_app and gamedb_readonly are made from it (core.apply_table_access) and checked against it (core.table_access_drift).';

--
-- Name: COLUMN table_access.table_name; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.table_access.table_name IS 'schema.table, as format(''%I.%I'') writes it.';

--
-- Name: COLUMN table_access.app_privileges; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.table_access.app_privileges IS 'What gamedb_app may do: SELECT, INSERT, UPDATE, DELETE.';

--
-- Name: COLUMN table_access.app_update_columns; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.table_access.app_update_columns IS 'When set, gamedb_app may UPDATE only these columns.';

--
-- Name: COLUMN table_access.database_columns; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.table_access.database_columns IS 'Columns written only by the database (triggers, SECURITY DEFINER functions): gamedb_app may not insert or update them.';

--
-- Name: COLUMN table_access.personal_columns; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.table_access.personal_columns IS 'A person''s words and identifiers: gamedb_readonly may not read them; core.forget_user erases them.';

--
-- Name: COLUMN table_access.why; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.table_access.why IS 'Why the table is declared so.';

--
-- Name: table_access_drift; Type: VIEW; Schema: core; Owner: -
--

CREATE VIEW core.table_access_drift AS
 WITH relations AS (
         SELECT c.oid,
            format('%I.%I'::text, n.nspname, c.relname) AS table_name
           FROM (pg_class c
             JOIN pg_namespace n ON ((c.relnamespace = n.oid)))
          WHERE ((n.nspowner = (to_regrole('gamedb_owner'::text))::oid) AND (c.relkind = ANY (ARRAY['r'::"char", 'p'::"char", 'v'::"char", 'm'::"char"])) AND (NOT c.relispartition))
        ), declared AS (
         SELECT r.oid,
            t.table_name,
            t.app_privileges,
            t.app_update_columns,
            t.database_columns,
            t.personal_columns,
            t.why
           FROM (core.table_access t
             JOIN relations r ON ((t.table_name = r.table_name)))
        ), expected AS (
         SELECT d.oid,
            d.table_name,
            g.role_name,
            p.privilege,
            a.attname AS column_name,
            a.attnum,
                CASE g.role_name
                    WHEN 'gamedb_app'::text THEN ((p.privilege = ANY (d.app_privileges)) AND ((p.privilege = 'SELECT'::text) OR (a.attname <> ALL (d.database_columns))) AND ((p.privilege <> 'UPDATE'::text) OR (d.app_update_columns IS NULL) OR (a.attname = ANY (d.app_update_columns))))
                    ELSE ((p.privilege = 'SELECT'::text) AND (a.attname <> ALL (d.personal_columns)))
                END AS expected
           FROM (((declared d
             JOIN pg_attribute a ON (((d.oid = a.attrelid) AND (a.attnum > 0) AND (NOT a.attisdropped))))
             CROSS JOIN ( VALUES ('SELECT'::text), ('INSERT'::text), ('UPDATE'::text), ('REFERENCES'::text)) p(privilege))
             CROSS JOIN ( VALUES ('gamedb_app'::text), ('gamedb_readonly'::text)) g(role_name))
        UNION ALL
         SELECT d.oid,
            d.table_name,
            g.role_name,
            p.privilege,
            NULL::name AS column_name,
            NULL::smallint AS attnum,
            ((g.role_name = 'gamedb_app'::text) AND (p.privilege = ANY (d.app_privileges))) AS expected
           FROM ((declared d
             CROSS JOIN ( VALUES ('DELETE'::text), ('TRUNCATE'::text), ('TRIGGER'::text)) p(privilege))
             CROSS JOIN ( VALUES ('gamedb_app'::text), ('gamedb_readonly'::text)) g(role_name))
        )
 SELECT e.table_name,
    e.role_name,
    e.privilege,
    e.column_name,
    e.expected AS declared,
    (NOT e.expected) AS granted
   FROM expected e
  WHERE (e.expected <>
        CASE
            WHEN (e.attnum IS NULL) THEN has_table_privilege((e.role_name)::name, e.oid, e.privilege)
            ELSE has_column_privilege((e.role_name)::name, e.oid, e.attnum, e.privilege)
        END)
UNION ALL
 SELECT r.table_name,
    NULL::text AS role_name,
    'not declared in core.table_access'::text AS privilege,
    NULL::name AS column_name,
    false AS declared,
    true AS granted
   FROM relations r
  WHERE (NOT (EXISTS ( SELECT 1
           FROM core.table_access t
          WHERE (t.table_name = r.table_name))))
UNION ALL
 SELECT t.table_name,
    NULL::text AS role_name,
    'declared, but no such table'::text AS privilege,
    NULL::name AS column_name,
    true AS declared,
    false AS granted
   FROM core.table_access t
  WHERE (NOT (EXISTS ( SELECT 1
           FROM relations r
          WHERE (r.table_name = t.table_name))));

--
-- Name: VIEW table_access_drift; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON VIEW core.table_access_drift IS 'Every difference between core.table_access and the live grants, and every table not declared there: empty when the privileges are as declared.';

--
-- Name: user_phones; Type: TABLE; Schema: core; Owner: -
--

CREATE TABLE core.user_phones (
    phone character varying(20) NOT NULL,
    user_id bigint NOT NULL
);

--
-- Name: TABLE user_phones; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON TABLE core.user_phones IS 'Each user''s phone number, keyed by the number: it stays unique across users on Citus. Kept by core.keep_user_keys.';

--
-- Name: COLUMN user_phones.phone; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.user_phones.phone IS 'core.users.phone of the user.';

--
-- Name: COLUMN user_phones.user_id; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.user_phones.user_id IS 'The user (core.users.id) whose number it is.';

--
-- Name: user_php_ids; Type: TABLE; Schema: core; Owner: -
--

CREATE TABLE core.user_php_ids (
    php_user_id bigint NOT NULL,
    user_id bigint NOT NULL
);

--
-- Name: TABLE user_php_ids; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON TABLE core.user_php_ids IS 'Each user''s PHP id, keyed by the id: it stays unique across users on Citus. Kept by core.keep_user_keys.';

--
-- Name: COLUMN user_php_ids.php_user_id; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.user_php_ids.php_user_id IS 'core.users.php_user_id of the user.';

--
-- Name: COLUMN user_php_ids.user_id; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.user_php_ids.user_id IS 'The user (core.users.id) whose PHP id it is.';

--
-- Name: users; Type: TABLE; Schema: core; Owner: -
--

CREATE TABLE core.users (
    id bigint NOT NULL,
    php_user_id bigint,
    phone character varying(20),
    email character varying(255),
    first_name character varying(100),
    last_name character varying(100),
    preferred_language character varying(10) DEFAULT 'en'::character varying NOT NULL,
    preferences jsonb,
    interests jsonb,
    total_games_played integer DEFAULT 0 NOT NULL,
    total_rewards_earned numeric(12,2) DEFAULT 0 NOT NULL,
    loyalty_points integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    last_active_at timestamp with time zone,
    mode text DEFAULT 'EDUCATIONAL'::text NOT NULL,
    parent_name text,
    learning_profile jsonb,
    trust_score_cache numeric(5,4) DEFAULT 0.5 NOT NULL,
    is_shadow_banned boolean DEFAULT false NOT NULL,
    is_suspended boolean DEFAULT false NOT NULL,
    suspended_until timestamp with time zone,
    leaderboard_opt_out boolean DEFAULT false NOT NULL,
    total_xp bigint DEFAULT 0 NOT NULL,
    total_reputation bigint DEFAULT 0 NOT NULL,
    forgotten_at timestamp with time zone,
    CONSTRAINT users_learning_profile_check CHECK (core.check_jsonb_object(learning_profile, 'users.learning_profile'::text)),
    CONSTRAINT users_mode_check CHECK ((mode = ANY (ARRAY['EDUCATIONAL'::text, 'THERAPEUTIC'::text]))),
    CONSTRAINT users_trust_check CHECK (((trust_score_cache >= (0)::numeric) AND (trust_score_cache <= (1)::numeric) AND ((suspended_until IS NULL) OR is_suspended)))
);

--
-- Name: TABLE users; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON TABLE core.users IS 'One row per person, shared by every module (seed 001: reused, it already tracks games and rewards).';

--
-- Name: COLUMN users.php_user_id; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.php_user_id IS 'The user''s id in the PHP backend (wallet, accounts).';

--
-- Name: COLUMN users.phone; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.phone IS 'Phone number as the chat channel reports it; unique per person.';

--
-- Name: COLUMN users.preferred_language; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.preferred_language IS 'Language code for messages, games and nudges. Default en for both seed 001 (en) and seed 003 (vi): signup sets the real one; I18N text falls back to en.';

--
-- Name: COLUMN users.preferences; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.preferences IS 'Personalisation preferences (seed 001: jsonb, free form).';

--
-- Name: COLUMN users.interests; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.interests IS 'Interests gathered by user profiling (seed 001: jsonb).';

--
-- Name: COLUMN users.total_games_played; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.total_games_played IS 'Derived: completed game sessions of this user. Recomputable from play.game_sessions.';

--
-- Name: COLUMN users.total_rewards_earned; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.total_rewards_earned IS 'Derived: rewards credited to the wallet, in rupees. Recomputable from play.game_sessions.';

--
-- Name: COLUMN users.loyalty_points; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.loyalty_points IS 'Loyalty points (seed 001: already exists).';

--
-- Name: COLUMN users.last_active_at; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.last_active_at IS 'Last time the person did anything (seed 001; seed 003 lastActiveAt). Drives inactivity nudges.';

--
-- Name: COLUMN users.mode; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.mode IS 'Seed 002 UserModeEnum, closed set: EDUCATIONAL, THERAPEUTIC.';

--
-- Name: COLUMN users.parent_name; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.parent_name IS 'The parent''s name, for personalising quests.';

--
-- Name: COLUMN users.learning_profile; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.learning_profile IS 'The child''s learning preferences and progress, a JSON object.';

--
-- Name: COLUMN users.trust_score_cache; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.trust_score_cache IS 'Copy of trust.trust_scores.score for fast reads (seed 004).';

--
-- Name: COLUMN users.is_shadow_banned; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.is_shadow_banned IS 'Posts are hidden from others and never on leaderboards.';

--
-- Name: COLUMN users.is_suspended; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.is_suspended IS 'Suspended by a moderator; until suspended_until when set.';

--
-- Name: COLUMN users.leaderboard_opt_out; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.leaderboard_opt_out IS 'The user asked not to appear on leaderboards.';

--
-- Name: COLUMN users.total_xp; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.total_xp IS 'Derived: sum of reward.xp_ledger.final_xp.';

--
-- Name: COLUMN users.total_reputation; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.total_reputation IS 'Derived: sum of reward.reputation_ledger.change.';

--
-- Name: COLUMN users.forgotten_at; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.users.forgotten_at IS 'When core.forget_user() erased this person''s personal data.';

--
-- Name: users_id_seq; Type: SEQUENCE; Schema: core; Owner: -
--

ALTER TABLE core.users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME core.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: verification_tokens; Type: TABLE; Schema: core; Owner: -
--

CREATE TABLE core.verification_tokens (
    identifier text NOT NULL,
    token text NOT NULL,
    expires_at timestamp with time zone NOT NULL
);

--
-- Name: TABLE verification_tokens; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON TABLE core.verification_tokens IS 'One-time email verification tokens (seed 004 VerificationToken).';

--
-- Name: COLUMN verification_tokens.identifier; Type: COMMENT; Schema: core; Owner: -
--

COMMENT ON COLUMN core.verification_tokens.identifier IS 'What the token verifies, usually an email address.';

--
-- Name: ai_analyses; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.ai_analyses (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    analysis_type text NOT NULL,
    model_name text,
    result jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT ai_analyses_result_check CHECK (learn.check_ai_analysis_result(result))
);

--
-- Name: TABLE ai_analyses; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.ai_analyses IS 'AI-generated insight about one learner (seed 003, I008); newest is current.';

--
-- Name: COLUMN ai_analyses.analysis_type; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.ai_analyses.analysis_type IS 'What was analysed, e.g. learning_style, course_fit.';

--
-- Name: COLUMN ai_analyses.model_name; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.ai_analyses.model_name IS 'The model that produced the result.';

--
-- Name: COLUMN ai_analyses.result; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.ai_analyses.result IS '{"summary": text, "recommendations": [...]} plus any other keys.';

--
-- Name: ai_analyses_id_seq; Type: SEQUENCE; Schema: learn; Owner: -
--

ALTER TABLE learn.ai_analyses ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME learn.ai_analyses_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: behavior_logs; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.behavior_logs (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    action text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    CONSTRAINT behavior_logs_metadata_check CHECK (core.check_jsonb_object(metadata, 'behavior_logs.metadata'::text))
)
PARTITION BY RANGE (created_at);

--
-- Name: TABLE behavior_logs; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.behavior_logs IS 'What a learner did and when (seed 003: BehaviorLog); feeds AI analyses and nudges. Partitioned by month of created_at.';

--
-- Name: COLUMN behavior_logs.action; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.behavior_logs.action IS 'What happened, e.g. lesson_opened, quiz_submitted.';

--
-- Name: COLUMN behavior_logs.metadata; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.behavior_logs.metadata IS 'Details of the action, a JSON object (seed 003).';

--
-- Name: behavior_logs_id_seq; Type: SEQUENCE; Schema: learn; Owner: -
--

ALTER TABLE learn.behavior_logs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME learn.behavior_logs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: certificates_id_seq; Type: SEQUENCE; Schema: learn; Owner: -
--

ALTER TABLE learn.certificates ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME learn.certificates_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: concept_attempts; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.concept_attempts (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    concept_id bigint NOT NULL,
    correct boolean NOT NULL,
    attempted_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE concept_attempts; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.concept_attempts IS 'One try at a concept''s exercise (seed 004 ConceptAttempt).';

--
-- Name: concept_attempts_id_seq; Type: SEQUENCE; Schema: learn; Owner: -
--

ALTER TABLE learn.concept_attempts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME learn.concept_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: concept_prerequisites; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.concept_prerequisites (
    concept_id bigint NOT NULL,
    prerequisite_id bigint NOT NULL,
    CONSTRAINT concept_prerequisites_not_self_check CHECK ((concept_id <> prerequisite_id))
);

--
-- Name: TABLE concept_prerequisites; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.concept_prerequisites IS 'Concept A needs concept B first (seed 004 ConceptPrerequisite).';

--
-- Name: concepts; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.concepts (
    id bigint NOT NULL,
    name text NOT NULL,
    description text,
    domain text,
    difficulty integer DEFAULT 1 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    embedding real[],
    synonyms text[] DEFAULT '{}'::text[] NOT NULL,
    keywords text[] DEFAULT '{}'::text[] NOT NULL,
    is_active boolean DEFAULT true NOT NULL,
    CONSTRAINT concepts_difficulty_check CHECK (((difficulty >= 1) AND (difficulty <= 10))),
    CONSTRAINT concepts_embedding_check CHECK (((array_ndims(embedding) = 1) AND (array_length(embedding, 1) = 384) AND (array_position(embedding, NULL::real) IS NULL)))
);

--
-- Name: TABLE concepts; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.concepts IS 'A node of the knowledge graph (seed 004 Concept).';

--
-- Name: COLUMN concepts.difficulty; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.concepts.difficulty IS 'From 1 (easiest) to 10.';

--
-- Name: COLUMN concepts.embedding; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.concepts.embedding IS 'Vector of the concept, 384 reals (trust.cosine_similarity compares them).';

--
-- Name: COLUMN concepts.synonyms; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.concepts.synonyms IS 'Alternative names.';

--
-- Name: COLUMN concepts.keywords; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.concepts.keywords IS 'Search keywords.';

--
-- Name: COLUMN concepts.is_active; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.concepts.is_active IS 'Whether the concept is in use.';

--
-- Name: concepts_id_seq; Type: SEQUENCE; Schema: learn; Owner: -
--

ALTER TABLE learn.concepts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME learn.concepts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: course_assets; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.course_assets (
    id bigint NOT NULL,
    course_id bigint NOT NULL,
    lesson_id bigint,
    storage_key text NOT NULL,
    content_type text NOT NULL,
    size_bytes bigint NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT course_assets_metadata_check CHECK (core.check_jsonb_object(metadata, 'course_assets.metadata'::text)),
    CONSTRAINT course_assets_size_bytes_check CHECK ((size_bytes >= 0))
);

--
-- Name: TABLE course_assets; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.course_assets IS 'A course file in object storage (seed 003, I011).';

--
-- Name: COLUMN course_assets.lesson_id; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.course_assets.lesson_id IS 'The lesson the asset belongs to, if any (of the same course).';

--
-- Name: COLUMN course_assets.storage_key; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.course_assets.storage_key IS 'The object''s key in the bucket; unique.';

--
-- Name: COLUMN course_assets.metadata; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.course_assets.metadata IS 'A JSON object: dimensions, duration, checksum, ...';

--
-- Name: course_assets_id_seq; Type: SEQUENCE; Schema: learn; Owner: -
--

ALTER TABLE learn.course_assets ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME learn.course_assets_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: courses; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.courses (
    id bigint NOT NULL,
    slug text NOT NULL,
    title text NOT NULL,
    passing_score numeric(5,2),
    published boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT courses_passing_score_check CHECK (((passing_score >= (0)::numeric) AND (passing_score <= (100)::numeric)))
);

--
-- Name: TABLE courses; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.courses IS 'A course: lessons to complete, and optionally a quiz score to pass.';

--
-- Name: COLUMN courses.passing_score; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.courses.passing_score IS 'Best quiz score (0..100) an enrolment needs for its certificate; NULL: the course has no quiz.';

--
-- Name: courses_id_seq; Type: SEQUENCE; Schema: learn; Owner: -
--

ALTER TABLE learn.courses ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME learn.courses_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: enrollments; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.enrollments (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    course_id bigint NOT NULL,
    status text DEFAULT 'active'::text NOT NULL,
    enrolled_at timestamp with time zone DEFAULT now() NOT NULL,
    completed_at timestamp with time zone,
    CONSTRAINT enrollments_completed_check CHECK (((status = 'completed'::text) = (completed_at IS NOT NULL))),
    CONSTRAINT enrollments_status_check CHECK ((status = ANY (ARRAY['active'::text, 'completed'::text, 'cancelled'::text])))
);

--
-- Name: TABLE enrollments; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.enrollments IS 'A user enrolled in a course, once per course (seed 003, I009).';

--
-- Name: COLUMN enrollments.status; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.enrollments.status IS 'Closed set: active, completed (certificate issued), cancelled.';

--
-- Name: enrollments_id_seq; Type: SEQUENCE; Schema: learn; Owner: -
--

ALTER TABLE learn.enrollments ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME learn.enrollments_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: lesson_progress; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.lesson_progress (
    id bigint NOT NULL,
    enrollment_id bigint NOT NULL,
    course_id bigint NOT NULL,
    lesson_id bigint NOT NULL,
    progress_percent integer DEFAULT 0 NOT NULL,
    completed_at timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    user_id bigint NOT NULL,
    CONSTRAINT lesson_progress_completed_check CHECK (((progress_percent = 100) = (completed_at IS NOT NULL))),
    CONSTRAINT lesson_progress_percent_check CHECK (((progress_percent >= 0) AND (progress_percent <= 100)))
);

--
-- Name: TABLE lesson_progress; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.lesson_progress IS 'How far an enrolment is in one lesson of its course.';

--
-- Name: COLUMN lesson_progress.course_id; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.lesson_progress.course_id IS 'The enrolment''s course, repeated so a foreign key can hold that the lesson belongs to it.';

--
-- Name: COLUMN lesson_progress.user_id; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.lesson_progress.user_id IS 'The enrolment''s learner: the row lives on this user''s shard on Citus. Filled from the enrolment when left out.';

--
-- Name: lesson_progress_id_seq; Type: SEQUENCE; Schema: learn; Owner: -
--

ALTER TABLE learn.lesson_progress ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME learn.lesson_progress_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: lessons; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.lessons (
    id bigint NOT NULL,
    course_id bigint NOT NULL,
    "position" integer NOT NULL,
    title text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE lessons; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.lessons IS 'A lesson of a course; every lesson must be completed for the certificate.';

--
-- Name: COLUMN lessons."position"; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.lessons."position" IS 'Order of the lesson in its course.';

--
-- Name: lessons_id_seq; Type: SEQUENCE; Schema: learn; Owner: -
--

ALTER TABLE learn.lessons ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME learn.lessons_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: mastery_records; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.mastery_records (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    concept_id bigint NOT NULL,
    mastery numeric(5,4) DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT mastery_records_mastery_check CHECK (((mastery >= (0)::numeric) AND (mastery <= (1)::numeric)))
);

--
-- Name: TABLE mastery_records; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.mastery_records IS 'How well a user masters a concept, 0..1 (seed 004 MasteryRecord).';

--
-- Name: mastery_records_id_seq; Type: SEQUENCE; Schema: learn; Owner: -
--

ALTER TABLE learn.mastery_records ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME learn.mastery_records_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: quiz_attempts; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.quiz_attempts (
    id bigint NOT NULL,
    enrollment_id bigint NOT NULL,
    score numeric(5,2) NOT NULL,
    attempted_at timestamp with time zone DEFAULT now() NOT NULL,
    user_id bigint NOT NULL,
    CONSTRAINT quiz_attempts_score_check CHECK (((score >= (0)::numeric) AND (score <= (100)::numeric)))
);

--
-- Name: TABLE quiz_attempts; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.quiz_attempts IS 'One try at a course''s quiz; the best score counts for the certificate.';

--
-- Name: COLUMN quiz_attempts.score; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.quiz_attempts.score IS 'Percentage, 0..100.';

--
-- Name: COLUMN quiz_attempts.user_id; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.quiz_attempts.user_id IS 'The enrolment''s learner: the row lives on this user''s shard on Citus. Filled from the enrolment when left out.';

--
-- Name: quiz_attempts_id_seq; Type: SEQUENCE; Schema: learn; Owner: -
--

ALTER TABLE learn.quiz_attempts ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME learn.quiz_attempts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: rubric_evaluations; Type: TABLE; Schema: learn; Owner: -
--

CREATE TABLE learn.rubric_evaluations (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    answer_id bigint,
    rubric jsonb NOT NULL,
    score numeric(5,2) NOT NULL,
    evaluated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT rubric_evaluations_rubric_check CHECK (core.check_jsonb_object(rubric, 'rubric_evaluations.rubric'::text)),
    CONSTRAINT rubric_evaluations_score_check CHECK (((score >= (0)::numeric) AND (score <= (100)::numeric)))
);

--
-- Name: TABLE rubric_evaluations; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON TABLE learn.rubric_evaluations IS 'An AI rubric evaluation of an answer (seed 004 RubricEvaluation).';

--
-- Name: COLUMN rubric_evaluations.rubric; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON COLUMN learn.rubric_evaluations.rubric IS 'Criterion -> judgement, a JSON object.';

--
-- Name: rubric_evaluations_id_seq; Type: SEQUENCE; Schema: learn; Owner: -
--

ALTER TABLE learn.rubric_evaluations ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME learn.rubric_evaluations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: game_questions; Type: TABLE; Schema: play; Owner: -
--

CREATE TABLE play.game_questions (
    id bigint NOT NULL,
    game_type character varying(50) NOT NULL,
    question_text text NOT NULL,
    question_context text,
    correct_answer text NOT NULL,
    answer_options jsonb,
    difficulty character varying(20) DEFAULT 'medium'::character varying NOT NULL,
    reward_amount numeric(12,2),
    context_required boolean DEFAULT false NOT NULL,
    tags text[],
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    usage_count integer DEFAULT 0 NOT NULL,
    success_rate numeric(5,4),
    success_count integer DEFAULT 0 NOT NULL,
    CONSTRAINT game_questions_amounts_check CHECK (((reward_amount >= (0)::numeric) AND (usage_count >= 0) AND ((success_rate >= (0)::numeric) AND (success_rate <= (1)::numeric)) AND ((success_count >= 0) AND (success_count <= usage_count)))),
    CONSTRAINT game_questions_answer_options_check CHECK ((jsonb_typeof(answer_options) = 'array'::text)),
    CONSTRAINT game_questions_difficulty_check CHECK (((difficulty)::text = ANY (ARRAY['easy'::text, 'medium'::text, 'hard'::text]))),
    CONSTRAINT game_questions_game_type_check CHECK (((game_type)::text = ANY (ARRAY['intent_quest'::text, 'language_master'::text, 'tone_detective'::text, 'entity_hunter'::text, 'profile_builder'::text])))
);

--
-- Name: TABLE game_questions; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON TABLE play.game_questions IS 'Question bank for the mini-games, general and personalised (seed 000).';

--
-- Name: COLUMN game_questions.question_context; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_questions.question_context IS 'Extra context shown with the question.';

--
-- Name: COLUMN game_questions.answer_options; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_questions.answer_options IS 'Choices offered to the player, a JSON array.';

--
-- Name: COLUMN game_questions.reward_amount; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_questions.reward_amount IS 'Reward in rupees; NULL means the game type''s setting reward_<game_type>.';

--
-- Name: COLUMN game_questions.context_required; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_questions.context_required IS 'A personalised question: needs the user''s conversation context.';

--
-- Name: COLUMN game_questions.tags; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_questions.tags IS 'Free labels; ''intent:<label>'' names the intent of question_text for training samples.';

--
-- Name: COLUMN game_questions.usage_count; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_questions.usage_count IS 'Derived: completed games that used the question.';

--
-- Name: COLUMN game_questions.success_rate; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_questions.success_rate IS 'Derived: success_count / usage_count, rounded to 4 places; NULL until first used.';

--
-- Name: COLUMN game_questions.success_count; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.game_questions.success_count IS 'Derived: completed games that answered correctly.';

--
-- Name: game_questions_id_seq; Type: SEQUENCE; Schema: play; Owner: -
--

ALTER TABLE play.game_questions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME play.game_questions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: game_sessions_id_seq; Type: SEQUENCE; Schema: play; Owner: -
--

ALTER TABLE play.game_sessions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME play.game_sessions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: reward_transactions; Type: TABLE; Schema: play; Owner: -
--

CREATE TABLE play.reward_transactions (
    transaction_id character varying(100) NOT NULL,
    game_session_id bigint NOT NULL,
    user_id bigint NOT NULL
);

--
-- Name: TABLE reward_transactions; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON TABLE play.reward_transactions IS 'Each wallet transaction that credited a game, keyed by the transaction: one game per transaction across users on Citus. Kept by play.keep_reward_transactions.';

--
-- Name: COLUMN reward_transactions.transaction_id; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.reward_transactions.transaction_id IS 'play.game_sessions.reward_transaction_id.';

--
-- Name: COLUMN reward_transactions.game_session_id; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.reward_transactions.game_session_id IS 'The game it credited (play.game_sessions.id).';

--
-- Name: COLUMN reward_transactions.user_id; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON COLUMN play.reward_transactions.user_id IS 'The game''s user: the shard it lives on, on Citus.';

--
-- Name: user_game_totals; Type: VIEW; Schema: play; Owner: -
--

CREATE VIEW play.user_game_totals AS
 SELECT u.id AS user_id,
    count(s.id) FILTER (WHERE ((s.status)::text = 'completed'::text)) AS games_completed,
    COALESCE(sum(((s.rewards_earned ->> 'amount'::text))::numeric(12,2)) FILTER (WHERE ((s.reward_status)::text = 'credited'::text)), (0)::numeric) AS rupees_credited
   FROM (core.users u
     LEFT JOIN play.game_sessions s ON ((u.id = s.user_id)))
  GROUP BY u.id;

--
-- Name: VIEW user_game_totals; Type: COMMENT; Schema: play; Owner: -
--

COMMENT ON VIEW play.user_game_totals IS 'Per user, completed games and rupees credited: what core.users.total_games_played and total_rewards_earned must be.';

--
-- Name: child_privacy_settings; Type: TABLE; Schema: quest; Owner: -
--

CREATE TABLE quest.child_privacy_settings (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    child_display_name text,
    progress_sync_consent boolean DEFAULT false NOT NULL,
    consent_updated_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE child_privacy_settings; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON TABLE quest.child_privacy_settings IS 'A child''s privacy choices, set by the parent account; progress is synced only with consent.';

--
-- Name: COLUMN child_privacy_settings.progress_sync_consent; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.child_privacy_settings.progress_sync_consent IS 'The parent consents to the child''s quest progress being stored and synced with inner_edu.';

--
-- Name: child_privacy_settings_id_seq; Type: SEQUENCE; Schema: quest; Owner: -
--

ALTER TABLE quest.child_privacy_settings ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME quest.child_privacy_settings_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: psychologist_reviews; Type: TABLE; Schema: quest; Owner: -
--

CREATE TABLE quest.psychologist_reviews (
    id bigint NOT NULL,
    quest_id bigint NOT NULL,
    reviewer_id bigint NOT NULL,
    emotional_safety_score integer NOT NULL,
    therapeutic_correctness_score integer NOT NULL,
    age_appropriateness_score integer NOT NULL,
    reveal_timing_score integer NOT NULL,
    strengths text,
    concerns text,
    recommendations text,
    is_approved boolean DEFAULT false NOT NULL,
    reviewed_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT psychologist_reviews_decision_check CHECK (((NOT is_approved) OR (reviewed_at IS NOT NULL))),
    CONSTRAINT psychologist_reviews_scores_check CHECK (((emotional_safety_score >= 1) AND (emotional_safety_score <= 5) AND ((therapeutic_correctness_score >= 1) AND (therapeutic_correctness_score <= 5)) AND ((age_appropriateness_score >= 1) AND (age_appropriateness_score <= 5)) AND ((reveal_timing_score >= 1) AND (reveal_timing_score <= 5))))
);

--
-- Name: TABLE psychologist_reviews; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON TABLE quest.psychologist_reviews IS 'A psychologist''s review of one quest (seed 002): four 1..5 scores, feedback, approval.';

--
-- Name: COLUMN psychologist_reviews.reviewer_id; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.psychologist_reviews.reviewer_id IS 'The psychologist (a user) who reviewed.';

--
-- Name: COLUMN psychologist_reviews.is_approved; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.psychologist_reviews.is_approved IS 'Approved for the public marketplace.';

--
-- Name: COLUMN psychologist_reviews.reviewed_at; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.psychologist_reviews.reviewed_at IS 'When the review was decided (approved or not).';

--
-- Name: psychologist_reviews_id_seq; Type: SEQUENCE; Schema: quest; Owner: -
--

ALTER TABLE quest.psychologist_reviews ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME quest.psychologist_reviews_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: psychologists; Type: TABLE; Schema: quest; Owner: -
--

CREATE TABLE quest.psychologists (
    user_id bigint NOT NULL,
    licence_number text NOT NULL,
    verified_at timestamp with time zone DEFAULT now() NOT NULL,
    verified_by text NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT psychologists_licence_number_check CHECK ((btrim(licence_number) <> ''::text)),
    CONSTRAINT psychologists_revoked_check CHECK (((revoked_at IS NULL) OR (revoked_at >= verified_at)))
);

--
-- Name: TABLE psychologists; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON TABLE quest.psychologists IS 'The psychologists whose licence was verified: only they may review quests (seed 002 PsychologistReview).';

--
-- Name: COLUMN psychologists.licence_number; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.psychologists.licence_number IS 'The professional licence that was checked (a public register entry).';

--
-- Name: COLUMN psychologists.verified_by; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.psychologists.verified_by IS 'Who checked the licence.';

--
-- Name: COLUMN psychologists.revoked_at; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.psychologists.revoked_at IS 'When the registration ended; a revoked psychologist reviews no more.';

--
-- Name: quest_builder_sessions; Type: TABLE; Schema: quest; Owner: -
--

CREATE TABLE quest.quest_builder_sessions (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    quest_id bigint,
    conversation_history jsonb DEFAULT '[]'::jsonb NOT NULL,
    current_stage text DEFAULT 'greeting'::text NOT NULL,
    current_graph jsonb,
    quest_context jsonb,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT quest_builder_sessions_conversation_history_check CHECK ((jsonb_typeof(conversation_history) = 'array'::text)),
    CONSTRAINT quest_builder_sessions_current_graph_check CHECK (quest.check_graph_structure(current_graph, 'quest_builder_sessions.current_graph'::text)),
    CONSTRAINT quest_builder_sessions_current_stage_check CHECK ((current_stage = ANY (ARRAY['greeting'::text, 'collecting_info'::text, 'clarifying'::text, 'generating'::text, 'reviewing'::text, 'quest_ready'::text]))),
    CONSTRAINT quest_builder_sessions_quest_context_check CHECK (core.check_jsonb_object(quest_context, 'quest_builder_sessions.quest_context'::text))
);

--
-- Name: TABLE quest_builder_sessions; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON TABLE quest.quest_builder_sessions IS 'An AI quest-building conversation (seed 002); its log.';

--
-- Name: COLUMN quest_builder_sessions.quest_id; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quest_builder_sessions.quest_id IS 'The quest the session produced, once quest_ready.';

--
-- Name: COLUMN quest_builder_sessions.conversation_history; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quest_builder_sessions.conversation_history IS 'Every message of the chat, a JSON array.';

--
-- Name: COLUMN quest_builder_sessions.current_stage; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quest_builder_sessions.current_stage IS 'greeting -> collecting_info -> clarifying -> generating -> reviewing -> quest_ready; forward only.';

--
-- Name: COLUMN quest_builder_sessions.current_graph; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quest_builder_sessions.current_graph IS 'The quest graph as built so far.';

--
-- Name: COLUMN quest_builder_sessions.quest_context; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quest_builder_sessions.quest_context IS 'Child info, memories and preferences gathered.';

--
-- Name: quest_builder_sessions_id_seq; Type: SEQUENCE; Schema: quest; Owner: -
--

ALTER TABLE quest.quest_builder_sessions ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME quest.quest_builder_sessions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: quest_progress; Type: TABLE; Schema: quest; Owner: -
--

CREATE TABLE quest.quest_progress (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    quest_id bigint NOT NULL,
    current_step integer DEFAULT 0 NOT NULL,
    completed boolean DEFAULT false NOT NULL,
    session_count integer DEFAULT 0 NOT NULL,
    total_time_minutes numeric(10,2) DEFAULT 0 NOT NULL,
    last_played_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT quest_progress_counts_check CHECK (((current_step >= 0) AND (session_count >= 0) AND (total_time_minutes >= (0)::numeric)))
);

--
-- Name: TABLE quest_progress; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON TABLE quest.quest_progress IS 'A child''s progress in one quest (seed 002); written and synced only with consent.';

--
-- Name: COLUMN quest_progress.user_id; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quest_progress.user_id IS 'The account the child plays under (its privacy settings apply).';

--
-- Name: COLUMN quest_progress.session_count; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.quest_progress.session_count IS 'Play sessions; their sum over a quest is its plays_count.';

--
-- Name: quest_progress_id_seq; Type: SEQUENCE; Schema: quest; Owner: -
--

ALTER TABLE quest.quest_progress ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME quest.quest_progress_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: quest_ratings; Type: TABLE; Schema: quest; Owner: -
--

CREATE TABLE quest.quest_ratings (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    quest_id bigint NOT NULL,
    rating integer NOT NULL,
    review_text text,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT quest_ratings_rating_check CHECK (((rating >= 1) AND (rating <= 5)))
);

--
-- Name: TABLE quest_ratings; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON TABLE quest.quest_ratings IS 'A user''s 1..5 star rating of a quest, once per quest (seed 002).';

--
-- Name: quest_ratings_id_seq; Type: SEQUENCE; Schema: quest; Owner: -
--

ALTER TABLE quest.quest_ratings ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME quest.quest_ratings_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: quest_summaries; Type: VIEW; Schema: quest; Owner: -
--

CREATE VIEW quest.quest_summaries AS
 SELECT q.id AS quest_id,
    ( SELECT round(avg(r.rating), 2) AS round
           FROM quest.quest_ratings r
          WHERE (r.quest_id = q.id)) AS rating,
    ( SELECT COALESCE(sum(p.session_count), (0)::bigint) AS "coalesce"
           FROM quest.quest_progress p
          WHERE (p.quest_id = q.id)) AS plays_count,
    v.id AS psychologist_review_id,
    COALESCE(v.is_approved, false) AS psychologist_reviewed,
        CASE
            WHEN v.is_approved THEN v.reviewed_at
            ELSE NULL::timestamp with time zone
        END AS reviewed_at
   FROM (quest.quests q
     LEFT JOIN quest.psychologist_reviews v ON ((q.id = v.quest_id)));

--
-- Name: VIEW quest_summaries; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON VIEW quest.quest_summaries IS 'What each quest''s summary columns must be, from its ratings, progress and review. The one statement of the rule.';

--
-- Name: quests_id_seq; Type: SEQUENCE; Schema: quest; Owner: -
--

ALTER TABLE quest.quests ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME quest.quests_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: user_quest_library; Type: TABLE; Schema: quest; Owner: -
--

CREATE TABLE quest.user_quest_library (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    quest_id bigint NOT NULL,
    added_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE user_quest_library; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON TABLE quest.user_quest_library IS 'A public quest a user added to their library (seed 002).';

--
-- Name: user_quest_library_id_seq; Type: SEQUENCE; Schema: quest; Owner: -
--

ALTER TABLE quest.user_quest_library ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME quest.user_quest_library_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: user_tracks; Type: TABLE; Schema: quest; Owner: -
--

CREATE TABLE quest.user_tracks (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    track_type text NOT NULL,
    current_phase text DEFAULT 'AWARENESS'::text NOT NULL,
    completion_percentage integer DEFAULT 0 NOT NULL,
    total_activities integer DEFAULT 0 NOT NULL,
    completed_activities integer DEFAULT 0 NOT NULL,
    last_activity_at timestamp with time zone,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT user_tracks_activities_check CHECK (((completed_activities >= 0) AND (completed_activities <= total_activities))),
    CONSTRAINT user_tracks_completion_percentage_check CHECK (((completion_percentage >= 0) AND (completion_percentage <= 100))),
    CONSTRAINT user_tracks_current_phase_check CHECK ((current_phase = ANY (ARRAY['AWARENESS'::text, 'EXPRESSION'::text, 'ACTION'::text, 'MASTERY'::text]))),
    CONSTRAINT user_tracks_track_type_check CHECK ((track_type = ANY (ARRAY['SELF_WORK'::text, 'CHILD_CONNECTION'::text, 'NEGOTIATION'::text, 'COMMUNITY'::text])))
);

--
-- Name: TABLE user_tracks; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON TABLE quest.user_tracks IS 'A user''s progress on one recovery track (seed 002).';

--
-- Name: COLUMN user_tracks.track_type; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.user_tracks.track_type IS 'Seed RecoveryTrackEnum, closed set: SELF_WORK, CHILD_CONNECTION, NEGOTIATION, COMMUNITY.';

--
-- Name: COLUMN user_tracks.current_phase; Type: COMMENT; Schema: quest; Owner: -
--

COMMENT ON COLUMN quest.user_tracks.current_phase IS 'Seed TrackPhaseEnum, closed set: AWARENESS -> EXPRESSION -> ACTION -> MASTERY.';

--
-- Name: user_tracks_id_seq; Type: SEQUENCE; Schema: quest; Owner: -
--

ALTER TABLE quest.user_tracks ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME quest.user_tracks_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: conversation_logs; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.conversation_logs AS
 SELECT c.id,
    c.user_id,
    c.session_id,
    core.mask_phone((c.phone_number)::text) AS phone_number,
    c.channel,
    length(c.user_message) AS user_message_length,
    length(c.bot_response) AS bot_response_length,
    c.message_type,
    c.nlu_intent,
    c.nlu_confidence,
    c.nlu_language,
    c.nlu_tone,
    c.nlu_provider,
    c.nlu_processing_time_ms,
    c.routed_to,
    c.response_type,
    c.response_success,
    c.response_time_ms,
    c.turn_number,
    c.is_training_candidate,
    c.created_at
   FROM chat.conversation_logs c;

--
-- Name: VIEW conversation_logs; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.conversation_logs IS 'chat.conversation_logs with the phone masked and the message texts (and context) replaced by their lengths.';

--
-- Name: flow_runs; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.flow_runs AS
 SELECT f.id,
    f.flow_id,
    f.session_id,
    core.mask_phone((f.phone_number)::text) AS phone_number,
    f.current_state,
    f.status,
    f.started_at,
    f.completed_at
   FROM chat.flow_runs f;

--
-- Name: VIEW flow_runs; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.flow_runs IS 'chat.flow_runs with the phone masked and without the run''s context.';

--
-- Name: users; Type: VIEW; Schema: report; Owner: -
--

CREATE VIEW report.users AS
 SELECT u.id,
    u.php_user_id,
    core.mask_phone((u.phone)::text) AS phone,
    core.mask_email((u.email)::text) AS email,
    u.preferred_language,
    u.mode,
    u.total_games_played,
    u.total_rewards_earned,
    u.loyalty_points,
    u.total_xp,
    u.total_reputation,
    u.trust_score_cache,
    u.is_shadow_banned,
    u.is_suspended,
    u.leaderboard_opt_out,
    u.created_at,
    u.last_active_at
   FROM core.users u;

--
-- Name: VIEW users; Type: COMMENT; Schema: report; Owner: -
--

COMMENT ON VIEW report.users IS 'core.users without names, with phone and e-mail masked.';

--
-- Name: achievement_progress; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.achievement_progress (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    achievement_id bigint NOT NULL,
    current integer DEFAULT 0 NOT NULL,
    target integer NOT NULL,
    last_updated timestamp with time zone DEFAULT now() NOT NULL,
    unique_users bigint[] DEFAULT '{}'::bigint[] NOT NULL,
    first_date timestamp with time zone,
    last_date timestamp with time zone,
    day_span integer DEFAULT 0 NOT NULL,
    validated_count integer DEFAULT 0 NOT NULL,
    CONSTRAINT achievement_progress_anti_gaming_check CHECK (((day_span >= 0) AND (validated_count >= 0) AND ((first_date IS NULL) OR (last_date >= first_date)))),
    CONSTRAINT achievement_progress_counts_check CHECK (((current >= 0) AND (target > 0)))
);

--
-- Name: TABLE achievement_progress; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.achievement_progress IS 'How far a user is towards an achievement (seed 004 AchievementProgress).';

--
-- Name: COLUMN achievement_progress.unique_users; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.achievement_progress.unique_users IS 'Distinct users the progress came from (anti-gaming).';

--
-- Name: COLUMN achievement_progress.day_span; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.achievement_progress.day_span IS 'Days between the first and last contribution.';

--
-- Name: COLUMN achievement_progress.validated_count; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.achievement_progress.validated_count IS 'Contributions that passed validation.';

--
-- Name: achievement_progress_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.achievement_progress ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.achievement_progress_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: achievements; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.achievements (
    id bigint NOT NULL,
    key text NOT NULL,
    name text NOT NULL,
    description jsonb NOT NULL,
    category text DEFAULT 'general'::text NOT NULL,
    points integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    progress_target integer,
    min_unique_users integer,
    min_day_span integer,
    CONSTRAINT achievements_description_check CHECK (core.check_i18n_text(description, 'achievements.description'::text)),
    CONSTRAINT achievements_points_check CHECK ((points >= 0)),
    CONSTRAINT achievements_requirements_check CHECK (((progress_target > 0) AND (min_unique_users > 0) AND (min_day_span > 0)))
);

--
-- Name: TABLE achievements; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.achievements IS 'Achievement definitions for the whole product (seed 003 Achievement; extended by the community module).';

--
-- Name: COLUMN achievements.key; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.achievements.key IS 'Stable key code refers to, e.g. first_certificate.';

--
-- Name: COLUMN achievements.description; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.achievements.description IS 'I18N text: {"en": "...", "vi": "..."}.';

--
-- Name: COLUMN achievements.points; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.achievements.points IS 'Points the achievement is worth when unlocked.';

--
-- Name: COLUMN achievements.progress_target; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.achievements.progress_target IS 'Amount of progress that unlocks the achievement (reward.record_achievement_progress); null: not progress-based.';

--
-- Name: COLUMN achievements.min_unique_users; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.achievements.min_unique_users IS 'Distinct other users the progress must come from before it unlocks (anti-gaming); null: no minimum.';

--
-- Name: COLUMN achievements.min_day_span; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.achievements.min_day_span IS 'Calendar days between first and last contribution before it unlocks (anti-gaming); null: no minimum.';

--
-- Name: CONSTRAINT achievements_requirements_check ON achievements; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON CONSTRAINT achievements_requirements_check ON reward.achievements IS 'Requirements, where given, are positive.';

--
-- Name: achievements_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.achievements ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.achievements_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: award_changes; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.award_changes (
    id bigint NOT NULL,
    run_id bigint NOT NULL,
    rule_id bigint NOT NULL,
    rule_version integer NOT NULL,
    user_id bigint NOT NULL,
    change text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT award_changes_change_check CHECK ((change = ANY (ARRAY['grant'::text, 'revoke'::text])))
)
PARTITION BY RANGE (created_at);

--
-- Name: TABLE award_changes; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.award_changes IS 'Every award a run granted or revoked, with the rule version that decided it. Partitioned by month of created_at.';

--
-- Name: award_changes_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.award_changes ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.award_changes_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: award_rule_versions; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.award_rule_versions (
    rule_id bigint NOT NULL,
    version integer NOT NULL,
    query text NOT NULL,
    revocable boolean NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);

--
-- Name: TABLE award_rule_versions; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.award_rule_versions IS 'Every version of every award rule, as it was.';

--
-- Name: award_rules; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.award_rules (
    id bigint NOT NULL,
    key text NOT NULL,
    badge_id bigint,
    achievement_id bigint,
    query text NOT NULL,
    revocable boolean DEFAULT false NOT NULL,
    enabled boolean DEFAULT true NOT NULL,
    version integer DEFAULT 1 NOT NULL,
    description text,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    triggered_by text[],
    CONSTRAINT award_rules_one_award_check CHECK ((num_nonnulls(badge_id, achievement_id) = 1)),
    CONSTRAINT award_rules_version_check CHECK ((version >= 1))
);

--
-- Name: TABLE award_rules; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.award_rules IS 'Which users hold an achievement or a badge, as a SQL query (Discourse-style).';

--
-- Name: COLUMN award_rules.query; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.award_rules.query IS 'A SELECT returning a user_id column: everyone who should hold the award now.';

--
-- Name: COLUMN award_rules.revocable; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.award_rules.revocable IS 'Whether users the query no longer returns lose the award.';

--
-- Name: COLUMN award_rules.version; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.award_rules.version IS 'Raised by one on every change of query or revocable.';

--
-- Name: COLUMN award_rules.triggered_by; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.award_rules.triggered_by IS 'Event types (core.event_logs) after which a user''s result may change: incremental runs evaluate the rule for their users only. NULL: for everyone on every run.';

--
-- Name: award_rules_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.award_rules ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.award_rules_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: award_runs; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.award_runs (
    id bigint NOT NULL,
    started_at timestamp with time zone DEFAULT now() NOT NULL,
    rule_keys text[],
    granted integer DEFAULT 0 NOT NULL,
    revoked integer DEFAULT 0 NOT NULL
);

--
-- Name: TABLE award_runs; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.award_runs IS 'One run of the award rules and what it changed.';

--
-- Name: COLUMN award_runs.rule_keys; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.award_runs.rule_keys IS 'The rules the run was limited to; NULL for all enabled rules.';

--
-- Name: award_runs_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.award_runs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.award_runs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: badge_grants; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.badge_grants (
    id bigint NOT NULL,
    badge_id bigint NOT NULL,
    user_id bigint NOT NULL,
    granted_at timestamp with time zone DEFAULT now() NOT NULL,
    run_id bigint,
    rule_id bigint,
    rule_version integer
);

--
-- Name: TABLE badge_grants; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.badge_grants IS 'A badge granted to a user, once (seed 004 BadgeGrant).';

--
-- Name: COLUMN badge_grants.run_id; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.badge_grants.run_id IS 'The award run that granted it; NULL when granted otherwise.';

--
-- Name: COLUMN badge_grants.rule_version; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.badge_grants.rule_version IS 'The version of the rule (rule_id) that granted it.';

--
-- Name: badge_grants_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.badge_grants ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.badge_grants_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: badges; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.badges (
    id bigint NOT NULL,
    key text NOT NULL,
    name text NOT NULL,
    description text
);

--
-- Name: TABLE badges; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.badges IS 'Badge definitions (seed 004 Badge).';

--
-- Name: badges_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.badges ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.badges_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: challenge_participants; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.challenge_participants (
    id bigint NOT NULL,
    challenge_id bigint NOT NULL,
    user_id bigint NOT NULL,
    progress integer DEFAULT 0 NOT NULL,
    joined_at timestamp with time zone DEFAULT now() NOT NULL,
    completed_at timestamp with time zone,
    CONSTRAINT challenge_participants_progress_check CHECK ((progress >= 0))
);

--
-- Name: TABLE challenge_participants; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.challenge_participants IS 'A user taking part in a challenge, once per challenge.';

--
-- Name: COLUMN challenge_participants.progress; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.challenge_participants.progress IS 'Amount reached so far; never negative.';

--
-- Name: COLUMN challenge_participants.completed_at; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.challenge_participants.completed_at IS 'When progress first reached the target.';

--
-- Name: challenge_participants_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.challenge_participants ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.challenge_participants_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: challenges; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.challenges (
    id bigint NOT NULL,
    title text NOT NULL,
    description jsonb NOT NULL,
    target_amount integer NOT NULL,
    start_date timestamp with time zone NOT NULL,
    end_date timestamp with time zone NOT NULL,
    created_by_id bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT challenges_dates_check CHECK ((end_date > start_date)),
    CONSTRAINT challenges_description_check CHECK (core.check_i18n_text(description, 'challenges.description'::text)),
    CONSTRAINT challenges_target_amount_check CHECK ((target_amount > 0))
);

--
-- Name: TABLE challenges; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.challenges IS 'A challenge many users join, to reach target_amount between two dates (seed 003, I007).';

--
-- Name: COLUMN challenges.description; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.challenges.description IS 'I18N text: {"en": "...", "vi": "..."}.';

--
-- Name: COLUMN challenges.target_amount; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.challenges.target_amount IS 'Progress a participant needs to complete the challenge.';

--
-- Name: challenges_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.challenges ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.challenges_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: daily_earnings; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.daily_earnings (
    user_id bigint NOT NULL,
    earned_on date NOT NULL,
    xp integer DEFAULT 0 NOT NULL,
    reputation integer DEFAULT 0 NOT NULL,
    CONSTRAINT daily_earnings_amounts_check CHECK (((xp >= 0) AND (reputation >= 0)))
);

--
-- Name: TABLE daily_earnings; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.daily_earnings IS 'What each user earned per UTC day, counted against the daily caps. Written only by the ledger triggers.';

--
-- Name: COLUMN daily_earnings.xp; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.daily_earnings.xp IS 'XP counted towards daily_xp_cap on that day.';

--
-- Name: COLUMN daily_earnings.reputation; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.daily_earnings.reputation IS 'Reputation counted towards daily_reputation_cap on that day.';

--
-- Name: leaderboard_snapshots; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.leaderboard_snapshots (
    id bigint NOT NULL,
    period_type text NOT NULL,
    period_start date NOT NULL,
    user_id bigint NOT NULL,
    rank integer NOT NULL,
    score integer NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    previous_rank integer,
    CONSTRAINT leaderboard_snapshots_period_type_check CHECK ((period_type = ANY (ARRAY['day'::text, 'week'::text, 'month'::text]))),
    CONSTRAINT leaderboard_snapshots_rank_check CHECK ((rank >= 1))
);

--
-- Name: TABLE leaderboard_snapshots; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.leaderboard_snapshots IS 'A user''s place in a day, week or month leaderboard, as cached (seed 004 LeaderboardSnapshot).';

--
-- Name: COLUMN leaderboard_snapshots.period_type; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.leaderboard_snapshots.period_type IS 'Closed set: day, week, month.';

--
-- Name: COLUMN leaderboard_snapshots.score; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.leaderboard_snapshots.score IS 'XP earned in the period (sum of xp_ledger.final_xp).';

--
-- Name: COLUMN leaderboard_snapshots.previous_rank; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.leaderboard_snapshots.previous_rank IS 'The user''s rank in the previous period of the same type; NULL if unranked then.';

--
-- Name: leaderboard_snapshots_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.leaderboard_snapshots ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.leaderboard_snapshots_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: levels; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.levels (
    level integer NOT NULL,
    name text NOT NULL,
    min_xp integer NOT NULL,
    CONSTRAINT levels_level_check CHECK (((level >= 1) AND (min_xp >= 0)))
);

--
-- Name: TABLE levels; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.levels IS 'Level definitions: reaching min_xp gives the level (seed 004 Level).';

--
-- Name: nudge_history; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.nudge_history (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    nudge_type text NOT NULL,
    channel text DEFAULT 'push'::text NOT NULL,
    language character varying(10) NOT NULL,
    message jsonb NOT NULL,
    metadata jsonb DEFAULT '{}'::jsonb NOT NULL,
    sent_at timestamp with time zone DEFAULT now() NOT NULL,
    sent_on date DEFAULT CURRENT_DATE NOT NULL,
    opened_at timestamp with time zone,
    CONSTRAINT nudge_history_channel_check CHECK ((channel = ANY (ARRAY['push'::text, 'email'::text, 'chat'::text]))),
    CONSTRAINT nudge_history_message_check CHECK (core.check_i18n_text(message, 'nudge_history.message'::text)),
    CONSTRAINT nudge_history_metadata_check CHECK (core.check_jsonb_object(metadata, 'nudge_history.metadata'::text)),
    CONSTRAINT nudge_history_nudge_type_check CHECK ((nudge_type = ANY (ARRAY['inactivity'::text, 'course_reminder'::text, 'challenge_reminder'::text]))),
    CONSTRAINT nudge_history_opened_check CHECK ((opened_at >= sent_at))
)
PARTITION BY RANGE (sent_on);

--
-- Name: TABLE nudge_history; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.nudge_history IS 'Every nudge sent to a user (seed 003, I010); one of a kind per user per day. Partitioned by month of sent_on.';

--
-- Name: COLUMN nudge_history.nudge_type; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.nudge_history.nudge_type IS 'Closed set: inactivity, course_reminder, challenge_reminder.';

--
-- Name: COLUMN nudge_history.language; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.nudge_history.language IS 'The language the message was written in: the user''s preferred one.';

--
-- Name: COLUMN nudge_history.message; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.nudge_history.message IS 'I18N text of the message sent: {"<language>": "..."}.';

--
-- Name: COLUMN nudge_history.metadata; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.nudge_history.metadata IS 'Why the nudge was sent, e.g. {"inactive_days": 5}.';

--
-- Name: COLUMN nudge_history.sent_on; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.nudge_history.sent_on IS 'The day it was sent (database time zone); one nudge of a kind a day.';

--
-- Name: COLUMN nudge_history.opened_at; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.nudge_history.opened_at IS 'When the user opened it (the "reward" step is measured from here).';

--
-- Name: nudge_history_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.nudge_history ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.nudge_history_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: reputation_ledger; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.reputation_ledger (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    event_type text NOT NULL,
    change integer NOT NULL,
    reason text NOT NULL,
    source_id text,
    voter_trust numeric(5,4),
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    corrects_id bigint,
    cap_trimmed integer DEFAULT 0 NOT NULL,
    corrects_created_at timestamp with time zone,
    CONSTRAINT reputation_ledger_cap_trimmed_check CHECK ((cap_trimmed >= 0)),
    CONSTRAINT reputation_ledger_corrects_created_at_check CHECK (((corrects_id IS NULL) = (corrects_created_at IS NULL))),
    CONSTRAINT reputation_ledger_voter_trust_check CHECK (((voter_trust >= (0)::numeric) AND (voter_trust <= (1)::numeric)))
)
PARTITION BY RANGE (created_at);

--
-- Name: TABLE reputation_ledger; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.reputation_ledger IS 'Every reputation change, positive or negative (seed 004 ReputationLedger). Partitioned by month of created_at.';

--
-- Name: COLUMN reputation_ledger.event_type; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.reputation_ledger.event_type IS 'Seed ReputationEvent, e.g. ANSWER_UPVOTED.';

--
-- Name: COLUMN reputation_ledger.change; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.reputation_ledger.change IS 'Reputation gained (positive) or lost (negative).';

--
-- Name: COLUMN reputation_ledger.source_id; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.reputation_ledger.source_id IS 'The vote or answer that caused the change.';

--
-- Name: COLUMN reputation_ledger.corrects_id; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.reputation_ledger.corrects_id IS 'The row this one compensates (its change negated); a row is corrected at most once.';

--
-- Name: COLUMN reputation_ledger.cap_trimmed; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.reputation_ledger.cap_trimmed IS 'Reputation the daily cap withheld from this change; change is what was intended minus this.';

--
-- Name: COLUMN reputation_ledger.corrects_created_at; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.reputation_ledger.corrects_created_at IS 'created_at of the row this one compensates (the foreign key holds it); set by the database.';

--
-- Name: reputation_ledger_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.reputation_ledger ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.reputation_ledger_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: streak_events; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.streak_events (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    kind text NOT NULL,
    on_date date NOT NULL,
    length_before integer NOT NULL,
    length_after integer NOT NULL,
    freezes_after integer NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT streak_events_kind_check CHECK ((kind = ANY (ARRAY['freeze_spent'::text, 'freeze_earned'::text, 'break'::text])))
)
PARTITION BY RANGE (on_date);

--
-- Name: TABLE streak_events; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.streak_events IS 'Each streak freeze spent or earned and each break, with the streak around it. Partitioned by month of on_date.';

--
-- Name: COLUMN streak_events.on_date; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.streak_events.on_date IS 'The day frozen, the day the freeze was earned, or the first missed day.';

--
-- Name: streak_events_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.streak_events ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.streak_events_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: user_achievements; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.user_achievements (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    achievement_key text NOT NULL,
    unlocked_at timestamp with time zone DEFAULT now() NOT NULL,
    achievement_id bigint,
    run_id bigint,
    rule_id bigint,
    rule_version integer
);

--
-- Name: TABLE user_achievements; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.user_achievements IS 'An achievement unlocked by a user, once per achievement.';

--
-- Name: COLUMN user_achievements.achievement_key; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.user_achievements.achievement_key IS 'The achievement''s stable key, e.g. first_course.';

--
-- Name: COLUMN user_achievements.achievement_id; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.user_achievements.achievement_id IS 'The unlocked achievement (seed 003 achievementId); NULL only for unlocks older than the achievements table.';

--
-- Name: COLUMN user_achievements.run_id; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.user_achievements.run_id IS 'The award run that unlocked it; NULL when unlocked otherwise.';

--
-- Name: COLUMN user_achievements.rule_version; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.user_achievements.rule_version IS 'The version of the rule (rule_id) that unlocked it.';

--
-- Name: user_achievements_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.user_achievements ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.user_achievements_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: xp_ledger; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.xp_ledger (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    event_type text NOT NULL,
    concept_id bigint,
    base_xp integer NOT NULL,
    mastery_mult numeric(6,4) DEFAULT 1.0 NOT NULL,
    trust_mult numeric(6,4) DEFAULT 1.0 NOT NULL,
    fact_check_mult numeric(6,4) DEFAULT 1.0 NOT NULL,
    time_decay numeric(6,4) DEFAULT 1.0 NOT NULL,
    final_xp integer NOT NULL,
    reason text NOT NULL,
    metadata jsonb,
    flagged boolean DEFAULT false NOT NULL,
    corrects_id bigint,
    cap_trimmed integer DEFAULT 0 NOT NULL,
    corrects_created_at timestamp with time zone,
    CONSTRAINT xp_ledger_corrects_created_at_check CHECK (((corrects_id IS NULL) = (corrects_created_at IS NULL))),
    CONSTRAINT xp_ledger_final_xp_check CHECK ((((final_xp)::numeric = (round((((((base_xp)::numeric * mastery_mult) * trust_mult) * fact_check_mult) * time_decay)) - (cap_trimmed)::numeric)) AND (mastery_mult >= (0)::numeric) AND (trust_mult >= (0)::numeric) AND (fact_check_mult >= (0)::numeric) AND ((time_decay >= (0)::numeric) AND (time_decay <= (1)::numeric)) AND (cap_trimmed >= 0)))
)
PARTITION BY RANGE (created_at);

--
-- Name: TABLE xp_ledger; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.xp_ledger IS 'Every XP award with its breakdown (seed 004 XPLedger, formerly PointsLedger). Append-only. Partitioned by month of created_at.';

--
-- Name: COLUMN xp_ledger.event_type; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.xp_ledger.event_type IS 'Seed XPEvent, e.g. ANSWER_ACCEPTED; LEGACY_POINTS for rows imported from a points ledger.';

--
-- Name: COLUMN xp_ledger.base_xp; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.xp_ledger.base_xp IS 'XP before multipliers.';

--
-- Name: COLUMN xp_ledger.final_xp; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.xp_ledger.final_xp IS 'round(base_xp * mastery_mult * trust_mult * fact_check_mult * time_decay) - cap_trimmed.';

--
-- Name: COLUMN xp_ledger.flagged; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.xp_ledger.flagged IS 'Held for review by anti-abuse.';

--
-- Name: COLUMN xp_ledger.corrects_id; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.xp_ledger.corrects_id IS 'The row this one compensates (its final_xp negated); a row is corrected at most once.';

--
-- Name: COLUMN xp_ledger.cap_trimmed; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.xp_ledger.cap_trimmed IS 'XP the daily cap withheld from this award; final_xp is the formula minus this.';

--
-- Name: COLUMN xp_ledger.corrects_created_at; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.xp_ledger.corrects_created_at IS 'created_at of the row this one compensates (the foreign key holds it); set by the database.';

--
-- Name: user_ledger_totals; Type: VIEW; Schema: reward; Owner: -
--

CREATE VIEW reward.user_ledger_totals AS
 WITH xp AS (
         SELECT xp_ledger.user_id,
            sum(xp_ledger.final_xp) AS ledger_xp
           FROM reward.xp_ledger
          GROUP BY xp_ledger.user_id
        ), reputation AS (
         SELECT reputation_ledger.user_id,
            sum(reputation_ledger.change) AS ledger_reputation
           FROM reward.reputation_ledger
          GROUP BY reputation_ledger.user_id
        )
 SELECT u.id AS user_id,
    COALESCE(x.ledger_xp, (0)::bigint) AS ledger_xp,
    COALESCE(r.ledger_reputation, (0)::bigint) AS ledger_reputation
   FROM ((core.users u
     LEFT JOIN xp x ON ((u.id = x.user_id)))
     LEFT JOIN reputation r ON ((u.id = r.user_id)));

--
-- Name: VIEW user_ledger_totals; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON VIEW reward.user_ledger_totals IS 'Per user, the sums of the XP and reputation ledgers: what core.users.total_xp and total_reputation must be.';

--
-- Name: user_stats; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.user_stats (
    user_id bigint NOT NULL,
    doubts_asked integer DEFAULT 0 NOT NULL,
    answers_given integer DEFAULT 0 NOT NULL,
    answers_accepted integer DEFAULT 0 NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT user_stats_counts_check CHECK (((doubts_asked >= 0) AND (answers_given >= 0) AND (answers_accepted >= 0)))
);

--
-- Name: TABLE user_stats; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.user_stats IS 'Basic activity counters per user (seed 004 UserStat).';

--
-- Name: xp_ledger_id_seq; Type: SEQUENCE; Schema: reward; Owner: -
--

ALTER TABLE reward.xp_ledger ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME reward.xp_ledger_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: xp_period_totals; Type: TABLE; Schema: reward; Owner: -
--

CREATE TABLE reward.xp_period_totals (
    period text NOT NULL,
    period_start date NOT NULL,
    user_id bigint NOT NULL,
    xp bigint NOT NULL,
    CONSTRAINT xp_period_totals_period_check CHECK ((period = ANY (ARRAY['day'::text, 'week'::text, 'month'::text])))
);

--
-- Name: TABLE xp_period_totals; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON TABLE reward.xp_period_totals IS 'Each user''s XP per day, week and month, kept by a trigger on reward.xp_ledger (period leaderboards).';

--
-- Name: COLUMN xp_period_totals.period; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.xp_period_totals.period IS 'day, week or month.';

--
-- Name: COLUMN xp_period_totals.period_start; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.xp_period_totals.period_start IS 'date_trunc(period, created_at) of the awards summed.';

--
-- Name: COLUMN xp_period_totals.xp; Type: COMMENT; Schema: reward; Owner: -
--

COMMENT ON COLUMN reward.xp_period_totals.xp IS 'Sum of final_xp of the user''s ledger rows in that period.';

--
-- Name: abuse_findings; Type: VIEW; Schema: trust; Owner: -
--

CREATE VIEW trust.abuse_findings AS
 SELECT f.flag_type,
    f.user_id,
    f.detector_key,
    f.severity,
    f.details,
    f.evidence
   FROM trust.abuse_findings_of(NULL::bigint[], NULL::timestamp with time zone) f(flag_type, user_id, detector_key, severity, details, evidence);

--
-- Name: VIEW abuse_findings; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON VIEW trust.abuse_findings IS 'What the detectors find now: vote trading (vote graph), serial voting (per UTC day), low interaction entropy, near-duplicate content (embeddings). One row per flag (flag_type, user_id, detector_key), with its evidence.';

--
-- Name: abuse_flag_evidence; Type: TABLE; Schema: trust; Owner: -
--

CREATE TABLE trust.abuse_flag_evidence (
    flag_id bigint NOT NULL,
    source_table text NOT NULL,
    source_id bigint NOT NULL,
    user_id bigint NOT NULL,
    CONSTRAINT abuse_flag_evidence_source_table_check CHECK ((source_table = ANY (ARRAY['community.answer_votes'::text, 'community.doubt_votes'::text, 'trust.content_embeddings'::text])))
);

--
-- Name: TABLE abuse_flag_evidence; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON TABLE trust.abuse_flag_evidence IS 'The rows an abuse flag rests on: votes or content embeddings.';

--
-- Name: COLUMN abuse_flag_evidence.source_id; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.abuse_flag_evidence.source_id IS 'The id of the row in source_table.';

--
-- Name: COLUMN abuse_flag_evidence.user_id; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.abuse_flag_evidence.user_id IS 'The flag''s user: the row lives on this user''s shard on Citus. Filled from the flag when left out.';

--
-- Name: abuse_flags; Type: TABLE; Schema: trust; Owner: -
--

CREATE TABLE trust.abuse_flags (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    flag_type text NOT NULL,
    severity integer NOT NULL,
    details jsonb NOT NULL,
    auto_detected boolean DEFAULT true NOT NULL,
    reviewed_by bigint,
    reviewed_at timestamp with time zone,
    status text DEFAULT 'PENDING'::text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    detector_key text,
    CONSTRAINT abuse_flags_details_check CHECK (core.check_jsonb_object(details, 'abuse_flags.details'::text)),
    CONSTRAINT abuse_flags_flag_type_check CHECK ((flag_type = ANY (ARRAY['SIMILARITY_HIGH'::text, 'VOTE_TRADING'::text, 'LOW_ENTROPY'::text, 'IP_CLUSTERING'::text, 'STREAK_FRAUD'::text, 'XP_FARMING'::text, 'SPAM_POSTING'::text, 'SOCKPUPPET'::text, 'SERIAL_VOTING'::text]))),
    CONSTRAINT abuse_flags_review_check CHECK (((status = 'PENDING'::text) = (reviewed_at IS NULL))),
    CONSTRAINT abuse_flags_severity_check CHECK (((severity >= 1) AND (severity <= 10))),
    CONSTRAINT abuse_flags_status_check CHECK ((status = ANY (ARRAY['PENDING'::text, 'CONFIRMED'::text, 'FALSE_POSITIVE'::text])))
);

--
-- Name: TABLE abuse_flags; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON TABLE trust.abuse_flags IS 'A suspected abuse, with its evidence (seed 004 AbuseFlag).';

--
-- Name: COLUMN abuse_flags.flag_type; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.abuse_flags.flag_type IS 'Seed AbuseFlagType: SIMILARITY_HIGH, VOTE_TRADING, LOW_ENTROPY, IP_CLUSTERING, STREAK_FRAUD, XP_FARMING, SPAM_POSTING, SOCKPUPPET; and SERIAL_VOTING (many votes from one voter to one author in a day).';

--
-- Name: COLUMN abuse_flags.severity; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.abuse_flags.severity IS 'From 1 (minor) to 10.';

--
-- Name: COLUMN abuse_flags.details; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.abuse_flags.details IS 'The evidence, a JSON object.';

--
-- Name: COLUMN abuse_flags.status; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.abuse_flags.status IS 'Closed set: PENDING, CONFIRMED, FALSE_POSITIVE.';

--
-- Name: COLUMN abuse_flags.detector_key; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.abuse_flags.detector_key IS 'The finding a detector raised this flag for (e.g. pair:12-34); NULL for flags raised by hand.';

--
-- Name: abuse_flags_id_seq; Type: SEQUENCE; Schema: trust; Owner: -
--

ALTER TABLE trust.abuse_flags ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME trust.abuse_flags_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: content_embeddings; Type: TABLE; Schema: trust; Owner: -
--

CREATE TABLE trust.content_embeddings (
    id bigint NOT NULL,
    content_type text NOT NULL,
    content_id bigint NOT NULL,
    user_id bigint NOT NULL,
    embedding real[] NOT NULL,
    text text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    lsh_buckets integer[],
    CONSTRAINT content_embeddings_content_type_check CHECK ((content_type = ANY (ARRAY['answer'::text, 'doubt'::text]))),
    CONSTRAINT content_embeddings_embedding_check CHECK (((array_ndims(embedding) = 1) AND (array_length(embedding, 1) = 384) AND (array_position(embedding, NULL::real) IS NULL)))
);

--
-- Name: TABLE content_embeddings; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON TABLE trust.content_embeddings IS 'A sentence embedding of a doubt or answer, for near-duplicate detection (seed 004 ContentEmbedding).';

--
-- Name: COLUMN content_embeddings.content_type; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.content_embeddings.content_type IS 'Closed set: answer, doubt.';

--
-- Name: COLUMN content_embeddings.embedding; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.content_embeddings.embedding IS '384 reals, no NULLs; compare with trust.cosine_similarity.';

--
-- Name: COLUMN content_embeddings.lsh_buckets; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.content_embeddings.lsh_buckets IS 'trust.lsh_buckets(embedding), kept by a trigger: near-duplicates share at least one.';

--
-- Name: content_embeddings_id_seq; Type: SEQUENCE; Schema: trust; Owner: -
--

ALTER TABLE trust.content_embeddings ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME trust.content_embeddings_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: embedded_contents; Type: TABLE; Schema: trust; Owner: -
--

CREATE TABLE trust.embedded_contents (
    content_type text NOT NULL,
    content_id bigint NOT NULL,
    user_id bigint NOT NULL
);

--
-- Name: TABLE embedded_contents; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON TABLE trust.embedded_contents IS 'Each embedded content, keyed by the content: one embedding per content across users on Citus. Kept by trust.keep_embedded_contents.';

--
-- Name: COLUMN embedded_contents.content_type; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.embedded_contents.content_type IS 'trust.content_embeddings.content_type.';

--
-- Name: COLUMN embedded_contents.content_id; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.embedded_contents.content_id IS 'trust.content_embeddings.content_id.';

--
-- Name: COLUMN embedded_contents.user_id; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.embedded_contents.user_id IS 'The embedding''s user: the shard it lives on, on Citus.';

--
-- Name: fact_check_logs_id_seq; Type: SEQUENCE; Schema: trust; Owner: -
--

ALTER TABLE trust.fact_check_logs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME trust.fact_check_logs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: interaction_entropy; Type: VIEW; Schema: trust; Owner: -
--

CREATE VIEW trust.interaction_entropy AS
 SELECT v.user_id,
    (v.votes_given)::bigint AS votes_given,
    (v.pairs_given)::bigint AS targets,
    v.given_entropy AS entropy
   FROM community.user_vote_totals v
  WHERE (v.pairs_given > 0);

--
-- Name: VIEW interaction_entropy; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON VIEW trust.interaction_entropy IS 'Per voter, from the vote graph: votes given, distinct targets, and the normalised entropy of the targets (0..1).';

--
-- Name: lsh_hyperplanes; Type: TABLE; Schema: trust; Owner: -
--

CREATE TABLE trust.lsh_hyperplanes (
    band integer NOT NULL,
    sign_bit integer NOT NULL,
    direction real[] NOT NULL,
    CONSTRAINT lsh_hyperplanes_band_check CHECK (((band >= 0) AND (band <= 15))),
    CONSTRAINT lsh_hyperplanes_direction_check CHECK (((array_ndims(direction) = 1) AND (array_length(direction, 1) = 384))),
    CONSTRAINT lsh_hyperplanes_sign_bit_check CHECK (((sign_bit >= 0) AND (sign_bit <= 11)))
);

--
-- Name: TABLE lsh_hyperplanes; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON TABLE trust.lsh_hyperplanes IS 'The 192 fixed random directions (16 bands of 12) of the embeddings'' locality-sensitive signatures.';

--
-- Name: COLUMN lsh_hyperplanes.direction; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.lsh_hyperplanes.direction IS '384 standard normal components, drawn once from a fixed seed.';

--
-- Name: moderation_logs_id_seq; Type: SEQUENCE; Schema: trust; Owner: -
--

ALTER TABLE trust.moderation_logs ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME trust.moderation_logs_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: trust_components; Type: VIEW; Schema: trust; Owner: -
--

CREATE VIEW trust.trust_components AS
 SELECT c.user_id,
    c.mastery_reliability,
    c.nli_track_record,
    c.community_validation,
    c.account_age_trust,
    c.interaction_entropy,
    c.vote_pattern_score,
    c.similarity_flags,
    c.abuse_flags,
    c.ip_clustering_risk,
    c.score
   FROM trust.components_of(NULL::bigint[]) c(user_id, mastery_reliability, nli_track_record, community_validation, account_age_trust, interaction_entropy, vote_pattern_score, similarity_flags, abuse_flags, ip_clustering_risk, score);

--
-- Name: VIEW trust_components; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON VIEW trust.trust_components IS 'Every user''s trust components computed from the data now, and the score trust.score_from_components gives.';

--
-- Name: trust_scores; Type: TABLE; Schema: trust; Owner: -
--

CREATE TABLE trust.trust_scores (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    score numeric(5,4) DEFAULT 0.5 NOT NULL,
    mastery_reliability numeric(5,4) DEFAULT 0.5 NOT NULL,
    nli_track_record numeric(5,4) DEFAULT 0.7 NOT NULL,
    community_validation numeric(5,4) DEFAULT 0.5 NOT NULL,
    account_age_trust numeric(5,4) DEFAULT 0.5 NOT NULL,
    interaction_entropy numeric(5,4) DEFAULT 1.0 NOT NULL,
    vote_pattern_score numeric(5,4) DEFAULT 1.0 NOT NULL,
    similarity_flags integer DEFAULT 0 NOT NULL,
    abuse_flags integer DEFAULT 0 NOT NULL,
    ip_clustering_risk numeric(5,4) DEFAULT 0.0 NOT NULL,
    last_updated timestamp with time zone DEFAULT now() NOT NULL,
    historical_low numeric(5,4) DEFAULT 0.5 NOT NULL,
    historical_high numeric(5,4) DEFAULT 0.5 NOT NULL,
    CONSTRAINT trust_scores_history_check CHECK (((historical_low <= score) AND (score <= historical_high))),
    CONSTRAINT trust_scores_range_check CHECK (((score >= (0)::numeric) AND (score <= (1)::numeric) AND ((mastery_reliability >= (0)::numeric) AND (mastery_reliability <= (1)::numeric)) AND ((nli_track_record >= (0)::numeric) AND (nli_track_record <= (1)::numeric)) AND ((community_validation >= (0)::numeric) AND (community_validation <= (1)::numeric)) AND ((account_age_trust >= (0)::numeric) AND (account_age_trust <= (1)::numeric)) AND ((interaction_entropy >= (0)::numeric) AND (interaction_entropy <= (1)::numeric)) AND ((vote_pattern_score >= (0)::numeric) AND (vote_pattern_score <= (1)::numeric)) AND ((ip_clustering_risk >= (0)::numeric) AND (ip_clustering_risk <= (1)::numeric)) AND (similarity_flags >= 0) AND (abuse_flags >= 0)))
);

--
-- Name: TABLE trust_scores; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON TABLE trust.trust_scores IS 'How far the community can trust a user, with its components (seed 004 TrustScore).';

--
-- Name: COLUMN trust_scores.score; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.trust_scores.score IS 'Overall trust, 0..1 (0.5 neutral).';

--
-- Name: COLUMN trust_scores.historical_low; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.trust_scores.historical_low IS 'Lowest score ever held.';

--
-- Name: COLUMN trust_scores.historical_high; Type: COMMENT; Schema: trust; Owner: -
--

COMMENT ON COLUMN trust.trust_scores.historical_high IS 'Highest score ever held.';

--
-- Name: trust_scores_id_seq; Type: SEQUENCE; Schema: trust; Owner: -
--

ALTER TABLE trust.trust_scores ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME trust.trust_scores_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);

--
-- Name: conversation_logs conversation_logs_pkey; Type: CONSTRAINT; Schema: chat; Owner: -
--

ALTER TABLE ONLY chat.conversation_logs
    ADD CONSTRAINT conversation_logs_pkey PRIMARY KEY (id, created_at);

--
-- Name: conversation_memory conversation_memory_pkey; Type: CONSTRAINT; Schema: chat; Owner: -
--

ALTER TABLE ONLY chat.conversation_memory
    ADD CONSTRAINT conversation_memory_pkey PRIMARY KEY (id, user_id, created_at);

--
-- Name: flow_runs flow_runs_pkey; Type: CONSTRAINT; Schema: chat; Owner: -
--

ALTER TABLE ONLY chat.flow_runs
    ADD CONSTRAINT flow_runs_pkey PRIMARY KEY (id);

--
-- Name: flows flows_pkey; Type: CONSTRAINT; Schema: chat; Owner: -
--

ALTER TABLE ONLY chat.flows
    ADD CONSTRAINT flows_pkey PRIMARY KEY (id);

--
-- Name: training_batch_samples training_batch_samples_pkey; Type: CONSTRAINT; Schema: chat; Owner: -
--

ALTER TABLE ONLY chat.training_batch_samples
    ADD CONSTRAINT training_batch_samples_pkey PRIMARY KEY (sample_id);

--
-- Name: training_batches training_batches_pkey; Type: CONSTRAINT; Schema: chat; Owner: -
--

ALTER TABLE ONLY chat.training_batches
    ADD CONSTRAINT training_batches_pkey PRIMARY KEY (id);

--
-- Name: training_samples training_samples_conversation_log_id_key; Type: CONSTRAINT; Schema: chat; Owner: -
--

ALTER TABLE ONLY chat.training_samples
    ADD CONSTRAINT training_samples_conversation_log_id_key UNIQUE (conversation_log_id);

--
-- Name: training_samples training_samples_pkey; Type: CONSTRAINT; Schema: chat; Owner: -
--

ALTER TABLE ONLY chat.training_samples
    ADD CONSTRAINT training_samples_pkey PRIMARY KEY (id);

--
-- Name: answer_votes answer_votes_answer_id_voter_id_key; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.answer_votes
    ADD CONSTRAINT answer_votes_answer_id_voter_id_key UNIQUE (answer_id, voter_id);

--
-- Name: answer_votes answer_votes_pkey; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.answer_votes
    ADD CONSTRAINT answer_votes_pkey PRIMARY KEY (id);

--
-- Name: answers answers_pkey; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.answers
    ADD CONSTRAINT answers_pkey PRIMARY KEY (id);

--
-- Name: communities communities_pkey; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.communities
    ADD CONSTRAINT communities_pkey PRIMARY KEY (id);

--
-- Name: communities communities_slug_key; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.communities
    ADD CONSTRAINT communities_slug_key UNIQUE (slug);

--
-- Name: community_doubts community_doubts_pkey; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.community_doubts
    ADD CONSTRAINT community_doubts_pkey PRIMARY KEY (community_id, doubt_id);

--
-- Name: community_members community_members_community_id_user_id_key; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.community_members
    ADD CONSTRAINT community_members_community_id_user_id_key UNIQUE (community_id, user_id);

--
-- Name: community_members community_members_pkey; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.community_members
    ADD CONSTRAINT community_members_pkey PRIMARY KEY (id, user_id);

--
-- Name: doubt_votes doubt_votes_doubt_id_voter_id_key; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.doubt_votes
    ADD CONSTRAINT doubt_votes_doubt_id_voter_id_key UNIQUE (doubt_id, voter_id);

--
-- Name: doubt_votes doubt_votes_pkey; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.doubt_votes
    ADD CONSTRAINT doubt_votes_pkey PRIMARY KEY (id);

--
-- Name: doubts doubts_pkey; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.doubts
    ADD CONSTRAINT doubts_pkey PRIMARY KEY (id);

--
-- Name: user_vote_totals user_vote_totals_pkey; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.user_vote_totals
    ADD CONSTRAINT user_vote_totals_pkey PRIMARY KEY (user_id);

--
-- Name: vote_graph_changes vote_graph_changes_pkey; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.vote_graph_changes
    ADD CONSTRAINT vote_graph_changes_pkey PRIMARY KEY (id);

--
-- Name: vote_graph vote_graph_pkey; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.vote_graph
    ADD CONSTRAINT vote_graph_pkey PRIMARY KEY (id, voter_id);

--
-- Name: vote_graph vote_graph_voter_id_target_user_id_key; Type: CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.vote_graph
    ADD CONSTRAINT vote_graph_voter_id_target_user_id_key UNIQUE (voter_id, target_user_id);

--
-- Name: accounts accounts_pkey; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.accounts
    ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);

--
-- Name: accounts accounts_provider_provider_account_id_key; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.accounts
    ADD CONSTRAINT accounts_provider_provider_account_id_key UNIQUE (provider, provider_account_id);

--
-- Name: event_logs event_logs_pkey; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.event_logs
    ADD CONSTRAINT event_logs_pkey PRIMARY KEY (id, emitted_at);

--
-- Name: gamification_settings_history gamification_settings_history_pkey; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.gamification_settings_history
    ADD CONSTRAINT gamification_settings_history_pkey PRIMARY KEY (id);

--
-- Name: gamification_settings gamification_settings_key_key; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.gamification_settings
    ADD CONSTRAINT gamification_settings_key_key UNIQUE (key);

--
-- Name: gamification_settings gamification_settings_pkey; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.gamification_settings
    ADD CONSTRAINT gamification_settings_pkey PRIMARY KEY (id);

--
-- Name: job_runs job_runs_pkey; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.job_runs
    ADD CONSTRAINT job_runs_pkey PRIMARY KEY (id);

--
-- Name: job_watermarks job_watermarks_pkey; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.job_watermarks
    ADD CONSTRAINT job_watermarks_pkey PRIMARY KEY (job);

--
-- Name: partitioned_tables partitioned_tables_pkey; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.partitioned_tables
    ADD CONSTRAINT partitioned_tables_pkey PRIMARY KEY (table_name);

--
-- Name: table_access table_access_pkey; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.table_access
    ADD CONSTRAINT table_access_pkey PRIMARY KEY (table_name);

--
-- Name: user_phones user_phones_pkey; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.user_phones
    ADD CONSTRAINT user_phones_pkey PRIMARY KEY (phone);

--
-- Name: user_php_ids user_php_ids_pkey; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.user_php_ids
    ADD CONSTRAINT user_php_ids_pkey PRIMARY KEY (php_user_id);

--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);

--
-- Name: verification_tokens verification_tokens_pkey; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.verification_tokens
    ADD CONSTRAINT verification_tokens_pkey PRIMARY KEY (identifier, token);

--
-- Name: verification_tokens verification_tokens_token_key; Type: CONSTRAINT; Schema: core; Owner: -
--

ALTER TABLE ONLY core.verification_tokens
    ADD CONSTRAINT verification_tokens_token_key UNIQUE (token);

--
-- Name: ai_analyses ai_analyses_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.ai_analyses
    ADD CONSTRAINT ai_analyses_pkey PRIMARY KEY (id, user_id);

--
-- Name: behavior_logs behavior_logs_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.behavior_logs
    ADD CONSTRAINT behavior_logs_pkey PRIMARY KEY (id, user_id, created_at);

--
-- Name: certificates certificates_enrollment_id_key; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.certificates
    ADD CONSTRAINT certificates_enrollment_id_key UNIQUE (enrollment_id, user_id);

--
-- Name: certificates certificates_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.certificates
    ADD CONSTRAINT certificates_pkey PRIMARY KEY (id, user_id);

--
-- Name: certificates certificates_verification_code_key; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.certificates
    ADD CONSTRAINT certificates_verification_code_key UNIQUE (verification_code, user_id);

--
-- Name: concept_attempts concept_attempts_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.concept_attempts
    ADD CONSTRAINT concept_attempts_pkey PRIMARY KEY (id, user_id);

--
-- Name: concept_prerequisites concept_prerequisites_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.concept_prerequisites
    ADD CONSTRAINT concept_prerequisites_pkey PRIMARY KEY (concept_id, prerequisite_id);

--
-- Name: concepts concepts_name_key; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.concepts
    ADD CONSTRAINT concepts_name_key UNIQUE (name);

--
-- Name: concepts concepts_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.concepts
    ADD CONSTRAINT concepts_pkey PRIMARY KEY (id);

--
-- Name: course_assets course_assets_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.course_assets
    ADD CONSTRAINT course_assets_pkey PRIMARY KEY (id);

--
-- Name: course_assets course_assets_storage_key_key; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.course_assets
    ADD CONSTRAINT course_assets_storage_key_key UNIQUE (storage_key);

--
-- Name: courses courses_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.courses
    ADD CONSTRAINT courses_pkey PRIMARY KEY (id);

--
-- Name: courses courses_slug_key; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.courses
    ADD CONSTRAINT courses_slug_key UNIQUE (slug);

--
-- Name: enrollments enrollments_id_course_id_key; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.enrollments
    ADD CONSTRAINT enrollments_id_course_id_key UNIQUE (id, course_id, user_id);

--
-- Name: enrollments enrollments_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.enrollments
    ADD CONSTRAINT enrollments_pkey PRIMARY KEY (id, user_id);

--
-- Name: enrollments enrollments_user_id_course_id_key; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.enrollments
    ADD CONSTRAINT enrollments_user_id_course_id_key UNIQUE (user_id, course_id);

--
-- Name: lesson_progress lesson_progress_enrollment_id_lesson_id_key; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.lesson_progress
    ADD CONSTRAINT lesson_progress_enrollment_id_lesson_id_key UNIQUE (enrollment_id, lesson_id, user_id);

--
-- Name: lesson_progress lesson_progress_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.lesson_progress
    ADD CONSTRAINT lesson_progress_pkey PRIMARY KEY (id, user_id);

--
-- Name: lessons lessons_course_id_position_key; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.lessons
    ADD CONSTRAINT lessons_course_id_position_key UNIQUE (course_id, "position");

--
-- Name: lessons lessons_id_course_id_key; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.lessons
    ADD CONSTRAINT lessons_id_course_id_key UNIQUE (id, course_id);

--
-- Name: CONSTRAINT lessons_id_course_id_key ON lessons; Type: COMMENT; Schema: learn; Owner: -
--

COMMENT ON CONSTRAINT lessons_id_course_id_key ON learn.lessons IS 'Lets progress rows hold, by foreign key, that a lesson belongs to the enrolment''s course.';

--
-- Name: lessons lessons_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.lessons
    ADD CONSTRAINT lessons_pkey PRIMARY KEY (id);

--
-- Name: mastery_records mastery_records_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.mastery_records
    ADD CONSTRAINT mastery_records_pkey PRIMARY KEY (id, user_id);

--
-- Name: mastery_records mastery_records_user_id_concept_id_key; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.mastery_records
    ADD CONSTRAINT mastery_records_user_id_concept_id_key UNIQUE (user_id, concept_id);

--
-- Name: quiz_attempts quiz_attempts_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.quiz_attempts
    ADD CONSTRAINT quiz_attempts_pkey PRIMARY KEY (id, user_id);

--
-- Name: rubric_evaluations rubric_evaluations_pkey; Type: CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.rubric_evaluations
    ADD CONSTRAINT rubric_evaluations_pkey PRIMARY KEY (id, user_id);

--
-- Name: game_questions game_questions_game_type_question_text_key; Type: CONSTRAINT; Schema: play; Owner: -
--

ALTER TABLE ONLY play.game_questions
    ADD CONSTRAINT game_questions_game_type_question_text_key UNIQUE (game_type, question_text);

--
-- Name: game_questions game_questions_pkey; Type: CONSTRAINT; Schema: play; Owner: -
--

ALTER TABLE ONLY play.game_questions
    ADD CONSTRAINT game_questions_pkey PRIMARY KEY (id);

--
-- Name: game_sessions game_sessions_pkey; Type: CONSTRAINT; Schema: play; Owner: -
--

ALTER TABLE ONLY play.game_sessions
    ADD CONSTRAINT game_sessions_pkey PRIMARY KEY (id, user_id);

--
-- Name: reward_transactions reward_transactions_pkey; Type: CONSTRAINT; Schema: play; Owner: -
--

ALTER TABLE ONLY play.reward_transactions
    ADD CONSTRAINT reward_transactions_pkey PRIMARY KEY (transaction_id);

--
-- Name: child_privacy_settings child_privacy_settings_pkey; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.child_privacy_settings
    ADD CONSTRAINT child_privacy_settings_pkey PRIMARY KEY (id, user_id);

--
-- Name: child_privacy_settings child_privacy_settings_user_id_key; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.child_privacy_settings
    ADD CONSTRAINT child_privacy_settings_user_id_key UNIQUE (user_id);

--
-- Name: psychologist_reviews psychologist_reviews_pkey; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.psychologist_reviews
    ADD CONSTRAINT psychologist_reviews_pkey PRIMARY KEY (id);

--
-- Name: psychologist_reviews psychologist_reviews_quest_id_key; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.psychologist_reviews
    ADD CONSTRAINT psychologist_reviews_quest_id_key UNIQUE (quest_id);

--
-- Name: psychologists psychologists_pkey; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.psychologists
    ADD CONSTRAINT psychologists_pkey PRIMARY KEY (user_id);

--
-- Name: quest_builder_sessions quest_builder_sessions_pkey; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quest_builder_sessions
    ADD CONSTRAINT quest_builder_sessions_pkey PRIMARY KEY (id, user_id);

--
-- Name: quest_progress quest_progress_pkey; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quest_progress
    ADD CONSTRAINT quest_progress_pkey PRIMARY KEY (id, user_id);

--
-- Name: quest_progress quest_progress_user_id_quest_id_key; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quest_progress
    ADD CONSTRAINT quest_progress_user_id_quest_id_key UNIQUE (user_id, quest_id);

--
-- Name: quest_ratings quest_ratings_pkey; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quest_ratings
    ADD CONSTRAINT quest_ratings_pkey PRIMARY KEY (id, user_id);

--
-- Name: quest_ratings quest_ratings_user_id_quest_id_key; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quest_ratings
    ADD CONSTRAINT quest_ratings_user_id_quest_id_key UNIQUE (user_id, quest_id);

--
-- Name: quests quests_inner_edu_quest_id_key; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quests
    ADD CONSTRAINT quests_inner_edu_quest_id_key UNIQUE (inner_edu_quest_id);

--
-- Name: quests quests_pkey; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quests
    ADD CONSTRAINT quests_pkey PRIMARY KEY (id);

--
-- Name: quests quests_quest_id_key; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quests
    ADD CONSTRAINT quests_quest_id_key UNIQUE (quest_id);

--
-- Name: user_quest_library user_quest_library_pkey; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.user_quest_library
    ADD CONSTRAINT user_quest_library_pkey PRIMARY KEY (id, user_id);

--
-- Name: user_quest_library user_quest_library_user_id_quest_id_key; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.user_quest_library
    ADD CONSTRAINT user_quest_library_user_id_quest_id_key UNIQUE (user_id, quest_id);

--
-- Name: user_tracks user_tracks_pkey; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.user_tracks
    ADD CONSTRAINT user_tracks_pkey PRIMARY KEY (id, user_id);

--
-- Name: user_tracks user_tracks_user_id_track_type_key; Type: CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.user_tracks
    ADD CONSTRAINT user_tracks_user_id_track_type_key UNIQUE (user_id, track_type);

--
-- Name: achievement_progress achievement_progress_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.achievement_progress
    ADD CONSTRAINT achievement_progress_pkey PRIMARY KEY (id, user_id);

--
-- Name: achievement_progress achievement_progress_user_id_achievement_id_key; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.achievement_progress
    ADD CONSTRAINT achievement_progress_user_id_achievement_id_key UNIQUE (user_id, achievement_id);

--
-- Name: achievements achievements_key_key; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.achievements
    ADD CONSTRAINT achievements_key_key UNIQUE (key);

--
-- Name: achievements achievements_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.achievements
    ADD CONSTRAINT achievements_pkey PRIMARY KEY (id);

--
-- Name: award_changes award_changes_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.award_changes
    ADD CONSTRAINT award_changes_pkey PRIMARY KEY (id, user_id, created_at);

--
-- Name: award_rule_versions award_rule_versions_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.award_rule_versions
    ADD CONSTRAINT award_rule_versions_pkey PRIMARY KEY (rule_id, version);

--
-- Name: award_rules award_rules_key_key; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.award_rules
    ADD CONSTRAINT award_rules_key_key UNIQUE (key);

--
-- Name: award_rules award_rules_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.award_rules
    ADD CONSTRAINT award_rules_pkey PRIMARY KEY (id);

--
-- Name: award_runs award_runs_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.award_runs
    ADD CONSTRAINT award_runs_pkey PRIMARY KEY (id);

--
-- Name: badge_grants badge_grants_badge_id_user_id_key; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.badge_grants
    ADD CONSTRAINT badge_grants_badge_id_user_id_key UNIQUE (badge_id, user_id);

--
-- Name: badge_grants badge_grants_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.badge_grants
    ADD CONSTRAINT badge_grants_pkey PRIMARY KEY (id, user_id);

--
-- Name: badges badges_key_key; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.badges
    ADD CONSTRAINT badges_key_key UNIQUE (key);

--
-- Name: badges badges_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.badges
    ADD CONSTRAINT badges_pkey PRIMARY KEY (id);

--
-- Name: challenge_participants challenge_participants_challenge_id_user_id_key; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.challenge_participants
    ADD CONSTRAINT challenge_participants_challenge_id_user_id_key UNIQUE (challenge_id, user_id);

--
-- Name: challenge_participants challenge_participants_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.challenge_participants
    ADD CONSTRAINT challenge_participants_pkey PRIMARY KEY (id, user_id);

--
-- Name: challenges challenges_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.challenges
    ADD CONSTRAINT challenges_pkey PRIMARY KEY (id);

--
-- Name: daily_earnings daily_earnings_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.daily_earnings
    ADD CONSTRAINT daily_earnings_pkey PRIMARY KEY (user_id, earned_on);

--
-- Name: leaderboard_snapshots leaderboard_snapshots_period_user_key; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.leaderboard_snapshots
    ADD CONSTRAINT leaderboard_snapshots_period_user_key UNIQUE (period_type, period_start, user_id);

--
-- Name: leaderboard_snapshots leaderboard_snapshots_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.leaderboard_snapshots
    ADD CONSTRAINT leaderboard_snapshots_pkey PRIMARY KEY (id, user_id);

--
-- Name: levels levels_min_xp_key; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.levels
    ADD CONSTRAINT levels_min_xp_key UNIQUE (min_xp);

--
-- Name: levels levels_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.levels
    ADD CONSTRAINT levels_pkey PRIMARY KEY (level);

--
-- Name: nudge_history nudge_history_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.nudge_history
    ADD CONSTRAINT nudge_history_pkey PRIMARY KEY (id, user_id, sent_on);

--
-- Name: nudge_history nudge_history_user_id_nudge_type_sent_on_key; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.nudge_history
    ADD CONSTRAINT nudge_history_user_id_nudge_type_sent_on_key UNIQUE (user_id, nudge_type, sent_on);

--
-- Name: reputation_ledger reputation_ledger_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.reputation_ledger
    ADD CONSTRAINT reputation_ledger_pkey PRIMARY KEY (id, user_id, created_at);

--
-- Name: streak_events streak_events_once_key; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.streak_events
    ADD CONSTRAINT streak_events_once_key UNIQUE (user_id, kind, on_date);

--
-- Name: streak_events streak_events_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.streak_events
    ADD CONSTRAINT streak_events_pkey PRIMARY KEY (id, user_id, on_date);

--
-- Name: streaks streaks_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.streaks
    ADD CONSTRAINT streaks_pkey PRIMARY KEY (user_id);

--
-- Name: user_achievements user_achievements_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.user_achievements
    ADD CONSTRAINT user_achievements_pkey PRIMARY KEY (id, user_id);

--
-- Name: user_achievements user_achievements_user_id_achievement_key_key; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.user_achievements
    ADD CONSTRAINT user_achievements_user_id_achievement_key_key UNIQUE (user_id, achievement_key);

--
-- Name: user_stats user_stats_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.user_stats
    ADD CONSTRAINT user_stats_pkey PRIMARY KEY (user_id);

--
-- Name: xp_ledger xp_ledger_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.xp_ledger
    ADD CONSTRAINT xp_ledger_pkey PRIMARY KEY (id, user_id, created_at);

--
-- Name: xp_period_totals xp_period_totals_pkey; Type: CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.xp_period_totals
    ADD CONSTRAINT xp_period_totals_pkey PRIMARY KEY (period, period_start, user_id);

--
-- Name: abuse_flag_evidence abuse_flag_evidence_pkey; Type: CONSTRAINT; Schema: trust; Owner: -
--

ALTER TABLE ONLY trust.abuse_flag_evidence
    ADD CONSTRAINT abuse_flag_evidence_pkey PRIMARY KEY (flag_id, user_id, source_table, source_id);

--
-- Name: abuse_flags abuse_flags_pkey; Type: CONSTRAINT; Schema: trust; Owner: -
--

ALTER TABLE ONLY trust.abuse_flags
    ADD CONSTRAINT abuse_flags_pkey PRIMARY KEY (id, user_id);

--
-- Name: content_embeddings content_embeddings_pkey; Type: CONSTRAINT; Schema: trust; Owner: -
--

ALTER TABLE ONLY trust.content_embeddings
    ADD CONSTRAINT content_embeddings_pkey PRIMARY KEY (id, user_id);

--
-- Name: embedded_contents embedded_contents_pkey; Type: CONSTRAINT; Schema: trust; Owner: -
--

ALTER TABLE ONLY trust.embedded_contents
    ADD CONSTRAINT embedded_contents_pkey PRIMARY KEY (content_type, content_id);

--
-- Name: fact_check_logs fact_check_logs_pkey; Type: CONSTRAINT; Schema: trust; Owner: -
--

ALTER TABLE ONLY trust.fact_check_logs
    ADD CONSTRAINT fact_check_logs_pkey PRIMARY KEY (id, created_at);

--
-- Name: lsh_hyperplanes lsh_hyperplanes_pkey; Type: CONSTRAINT; Schema: trust; Owner: -
--

ALTER TABLE ONLY trust.lsh_hyperplanes
    ADD CONSTRAINT lsh_hyperplanes_pkey PRIMARY KEY (band, sign_bit);

--
-- Name: moderation_logs moderation_logs_pkey; Type: CONSTRAINT; Schema: trust; Owner: -
--

ALTER TABLE ONLY trust.moderation_logs
    ADD CONSTRAINT moderation_logs_pkey PRIMARY KEY (id, created_at);

--
-- Name: trust_scores trust_scores_pkey; Type: CONSTRAINT; Schema: trust; Owner: -
--

ALTER TABLE ONLY trust.trust_scores
    ADD CONSTRAINT trust_scores_pkey PRIMARY KEY (id, user_id);

--
-- Name: trust_scores trust_scores_user_id_key; Type: CONSTRAINT; Schema: trust; Owner: -
--

ALTER TABLE ONLY trust.trust_scores
    ADD CONSTRAINT trust_scores_user_id_key UNIQUE (user_id);

--
-- Name: idx_conversation_logs_created; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_conversation_logs_created ON ONLY chat.conversation_logs USING btree (created_at DESC);

--
-- Name: idx_conversation_logs_intent; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_conversation_logs_intent ON ONLY chat.conversation_logs USING btree (nlu_intent);

--
-- Name: idx_conversation_logs_session; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_conversation_logs_session ON ONLY chat.conversation_logs USING btree (session_id);

--
-- Name: idx_conversation_logs_training; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_conversation_logs_training ON ONLY chat.conversation_logs USING btree (is_training_candidate);

--
-- Name: idx_conversation_logs_user; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_conversation_logs_user ON ONLY chat.conversation_logs USING btree (user_id);

--
-- Name: idx_conversation_memory_created_at; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_conversation_memory_created_at ON ONLY chat.conversation_memory USING btree (created_at);

--
-- Name: idx_conversation_memory_session; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_conversation_memory_session ON ONLY chat.conversation_memory USING btree (session_id);

--
-- Name: idx_conversation_memory_user_id; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_conversation_memory_user_id ON ONLY chat.conversation_memory USING btree (user_id);

--
-- Name: idx_flow_runs_flow_id; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_flow_runs_flow_id ON chat.flow_runs USING btree (flow_id);

--
-- Name: idx_training_samples_approved; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_training_samples_approved ON chat.training_samples USING btree (approved);

--
-- Name: idx_training_samples_approved_at; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_training_samples_approved_at ON chat.training_samples USING btree (approved_at) WHERE approved;

--
-- Name: idx_training_samples_intent; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_training_samples_intent ON chat.training_samples USING btree (intent);

--
-- Name: idx_training_samples_language; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_training_samples_language ON chat.training_samples USING btree (language);

--
-- Name: idx_training_samples_review_status; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_training_samples_review_status ON chat.training_samples USING btree (review_status);

--
-- Name: idx_training_samples_source; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_training_samples_source ON chat.training_samples USING btree (source);

--
-- Name: idx_training_samples_user_id; Type: INDEX; Schema: chat; Owner: -
--

CREATE INDEX idx_training_samples_user_id ON chat.training_samples USING btree (user_id);

--
-- Name: idx_answer_votes_voter_id_created_at; Type: INDEX; Schema: community; Owner: -
--

CREATE INDEX idx_answer_votes_voter_id_created_at ON community.answer_votes USING btree (voter_id, created_at);

--
-- Name: idx_answers_author_id_created_at; Type: INDEX; Schema: community; Owner: -
--

CREATE INDEX idx_answers_author_id_created_at ON community.answers USING btree (author_id, created_at);

--
-- Name: idx_answers_doubt_id; Type: INDEX; Schema: community; Owner: -
--

CREATE INDEX idx_answers_doubt_id ON community.answers USING btree (doubt_id);

--
-- Name: idx_communities_created_by_id; Type: INDEX; Schema: community; Owner: -
--

CREATE INDEX idx_communities_created_by_id ON community.communities USING btree (created_by_id);

--
-- Name: idx_community_doubts_doubt_id; Type: INDEX; Schema: community; Owner: -
--

CREATE INDEX idx_community_doubts_doubt_id ON community.community_doubts USING btree (doubt_id);

--
-- Name: idx_community_members_user_id; Type: INDEX; Schema: community; Owner: -
--

CREATE INDEX idx_community_members_user_id ON community.community_members USING btree (user_id);

--
-- Name: idx_doubt_votes_voter_id_created_at; Type: INDEX; Schema: community; Owner: -
--

CREATE INDEX idx_doubt_votes_voter_id_created_at ON community.doubt_votes USING btree (voter_id, created_at);

--
-- Name: idx_doubts_author_id_created_at; Type: INDEX; Schema: community; Owner: -
--

CREATE INDEX idx_doubts_author_id_created_at ON community.doubts USING btree (author_id, created_at);

--
-- Name: idx_vote_graph_reciprocity; Type: INDEX; Schema: community; Owner: -
--

CREATE INDEX idx_vote_graph_reciprocity ON community.vote_graph USING btree (reciprocity);

--
-- Name: idx_vote_graph_target_user_id_voter_id; Type: INDEX; Schema: community; Owner: -
--

CREATE INDEX idx_vote_graph_target_user_id_voter_id ON community.vote_graph USING btree (target_user_id, voter_id);

--
-- Name: idx_accounts_user_id; Type: INDEX; Schema: core; Owner: -
--

CREATE INDEX idx_accounts_user_id ON core.accounts USING btree (user_id);

--
-- Name: idx_event_logs_event_type_emitted_at; Type: INDEX; Schema: core; Owner: -
--

CREATE INDEX idx_event_logs_event_type_emitted_at ON ONLY core.event_logs USING btree (event_type, emitted_at);

--
-- Name: idx_event_logs_processed_at; Type: INDEX; Schema: core; Owner: -
--

CREATE INDEX idx_event_logs_processed_at ON ONLY core.event_logs USING btree (processed_at);

--
-- Name: idx_event_logs_user_id_emitted_at; Type: INDEX; Schema: core; Owner: -
--

CREATE INDEX idx_event_logs_user_id_emitted_at ON ONLY core.event_logs USING btree (user_id, emitted_at);

--
-- Name: idx_gamification_settings_history_setting_key; Type: INDEX; Schema: core; Owner: -
--

CREATE INDEX idx_gamification_settings_history_setting_key ON core.gamification_settings_history USING btree (setting_key, changed_at);

--
-- Name: idx_job_runs_job_started_at; Type: INDEX; Schema: core; Owner: -
--

CREATE INDEX idx_job_runs_job_started_at ON core.job_runs USING btree (job, started_at DESC);

--
-- Name: idx_users_created_at; Type: INDEX; Schema: core; Owner: -
--

CREATE INDEX idx_users_created_at ON core.users USING btree (created_at);

--
-- Name: idx_users_last_active_at; Type: INDEX; Schema: core; Owner: -
--

CREATE INDEX idx_users_last_active_at ON core.users USING btree (last_active_at, id);

--
-- Name: idx_users_phone; Type: INDEX; Schema: core; Owner: -
--

CREATE INDEX idx_users_phone ON core.users USING btree (phone);

--
-- Name: idx_users_php_user_id; Type: INDEX; Schema: core; Owner: -
--

CREATE INDEX idx_users_php_user_id ON core.users USING btree (php_user_id);

--
-- Name: idx_users_xp_ranking; Type: INDEX; Schema: core; Owner: -
--

CREATE INDEX idx_users_xp_ranking ON core.users USING btree (total_xp DESC, id) WHERE ((NOT is_shadow_banned) AND (NOT leaderboard_opt_out) AND (total_xp > 0));

--
-- Name: idx_ai_analyses_user_id_created_at; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_ai_analyses_user_id_created_at ON learn.ai_analyses USING btree (user_id, created_at DESC);

--
-- Name: idx_behavior_logs_user_id_created_at; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_behavior_logs_user_id_created_at ON ONLY learn.behavior_logs USING btree (user_id, created_at);

--
-- Name: idx_certificates_invalidated_by; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_certificates_invalidated_by ON learn.certificates USING btree (invalidated_by);

--
-- Name: idx_concept_attempts_concept_id; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_concept_attempts_concept_id ON learn.concept_attempts USING btree (concept_id);

--
-- Name: idx_concept_attempts_user_id_attempted_at; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_concept_attempts_user_id_attempted_at ON learn.concept_attempts USING btree (user_id, attempted_at);

--
-- Name: idx_concept_prerequisites_prerequisite_id; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_concept_prerequisites_prerequisite_id ON learn.concept_prerequisites USING btree (prerequisite_id);

--
-- Name: idx_concepts_difficulty; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_concepts_difficulty ON learn.concepts USING btree (difficulty);

--
-- Name: idx_concepts_domain; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_concepts_domain ON learn.concepts USING btree (domain);

--
-- Name: idx_course_assets_course_id; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_course_assets_course_id ON learn.course_assets USING btree (course_id);

--
-- Name: idx_course_assets_lesson_id; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_course_assets_lesson_id ON learn.course_assets USING btree (lesson_id);

--
-- Name: idx_course_assets_lesson_id_course_id; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_course_assets_lesson_id_course_id ON learn.course_assets USING btree (lesson_id, course_id);

--
-- Name: idx_enrollments_course_id; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_enrollments_course_id ON learn.enrollments USING btree (course_id);

--
-- Name: idx_lesson_progress_enrollment_id_course_id_user_id; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_lesson_progress_enrollment_id_course_id_user_id ON learn.lesson_progress USING btree (enrollment_id, course_id, user_id);

--
-- Name: idx_lesson_progress_lesson_id; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_lesson_progress_lesson_id ON learn.lesson_progress USING btree (lesson_id);

--
-- Name: idx_lesson_progress_lesson_id_course_id; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_lesson_progress_lesson_id_course_id ON learn.lesson_progress USING btree (lesson_id, course_id);

--
-- Name: idx_lesson_progress_updated_at; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_lesson_progress_updated_at ON learn.lesson_progress USING btree (updated_at);

--
-- Name: idx_mastery_records_concept_id; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_mastery_records_concept_id ON learn.mastery_records USING btree (concept_id);

--
-- Name: idx_mastery_records_updated_at; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_mastery_records_updated_at ON learn.mastery_records USING btree (updated_at);

--
-- Name: idx_quiz_attempts_attempted_at; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_quiz_attempts_attempted_at ON learn.quiz_attempts USING btree (attempted_at);

--
-- Name: idx_quiz_attempts_enrollment_id_user_id; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_quiz_attempts_enrollment_id_user_id ON learn.quiz_attempts USING btree (enrollment_id, user_id);

--
-- Name: idx_rubric_evaluations_answer_id; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_rubric_evaluations_answer_id ON learn.rubric_evaluations USING btree (answer_id);

--
-- Name: idx_rubric_evaluations_user_id; Type: INDEX; Schema: learn; Owner: -
--

CREATE INDEX idx_rubric_evaluations_user_id ON learn.rubric_evaluations USING btree (user_id);

--
-- Name: idx_game_questions_enabled; Type: INDEX; Schema: play; Owner: -
--

CREATE INDEX idx_game_questions_enabled ON play.game_questions USING btree (enabled);

--
-- Name: idx_game_questions_type; Type: INDEX; Schema: play; Owner: -
--

CREATE INDEX idx_game_questions_type ON play.game_questions USING btree (game_type);

--
-- Name: idx_game_sessions_conversation_log_id; Type: INDEX; Schema: play; Owner: -
--

CREATE INDEX idx_game_sessions_conversation_log_id ON play.game_sessions USING btree (conversation_log_id);

--
-- Name: idx_game_sessions_reward_pending_order; Type: INDEX; Schema: play; Owner: -
--

CREATE INDEX idx_game_sessions_reward_pending_order ON play.game_sessions USING btree (completed_at, id) WHERE (((status)::text = 'completed'::text) AND ((reward_status)::text = 'pending'::text));

--
-- Name: idx_game_sessions_training_sample_id; Type: INDEX; Schema: play; Owner: -
--

CREATE INDEX idx_game_sessions_training_sample_id ON play.game_sessions USING btree (training_sample_id);

--
-- Name: idx_game_sessions_user_id_started_at; Type: INDEX; Schema: play; Owner: -
--

CREATE INDEX idx_game_sessions_user_id_started_at ON play.game_sessions USING btree (user_id, started_at);

--
-- Name: idx_psychologist_reviews_is_approved; Type: INDEX; Schema: quest; Owner: -
--

CREATE INDEX idx_psychologist_reviews_is_approved ON quest.psychologist_reviews USING btree (is_approved);

--
-- Name: idx_psychologist_reviews_reviewed_at; Type: INDEX; Schema: quest; Owner: -
--

CREATE INDEX idx_psychologist_reviews_reviewed_at ON quest.psychologist_reviews USING btree (reviewed_at);

--
-- Name: idx_psychologist_reviews_reviewer_id; Type: INDEX; Schema: quest; Owner: -
--

CREATE INDEX idx_psychologist_reviews_reviewer_id ON quest.psychologist_reviews USING btree (reviewer_id);

--
-- Name: idx_quest_builder_sessions_quest_id; Type: INDEX; Schema: quest; Owner: -
--

CREATE INDEX idx_quest_builder_sessions_quest_id ON quest.quest_builder_sessions USING btree (quest_id);

--
-- Name: idx_quest_builder_sessions_user_id_created_at; Type: INDEX; Schema: quest; Owner: -
--

CREATE INDEX idx_quest_builder_sessions_user_id_created_at ON quest.quest_builder_sessions USING btree (user_id, created_at);

--
-- Name: idx_quest_progress_last_played_at; Type: INDEX; Schema: quest; Owner: -
--

CREATE INDEX idx_quest_progress_last_played_at ON quest.quest_progress USING btree (last_played_at);

--
-- Name: idx_quest_progress_quest_id; Type: INDEX; Schema: quest; Owner: -
--

CREATE INDEX idx_quest_progress_quest_id ON quest.quest_progress USING btree (quest_id);

--
-- Name: idx_quest_ratings_quest_id; Type: INDEX; Schema: quest; Owner: -
--

CREATE INDEX idx_quest_ratings_quest_id ON quest.quest_ratings USING btree (quest_id);

--
-- Name: idx_quests_is_public; Type: INDEX; Schema: quest; Owner: -
--

CREATE INDEX idx_quests_is_public ON quest.quests USING btree (rating DESC NULLS LAST, id) WHERE is_public;

--
-- Name: idx_quests_psychological_module; Type: INDEX; Schema: quest; Owner: -
--

CREATE INDEX idx_quests_psychological_module ON quest.quests USING btree (psychological_module);

--
-- Name: idx_quests_psychologist_review_id; Type: INDEX; Schema: quest; Owner: -
--

CREATE INDEX idx_quests_psychologist_review_id ON quest.quests USING btree (psychologist_review_id);

--
-- Name: idx_quests_user_id; Type: INDEX; Schema: quest; Owner: -
--

CREATE INDEX idx_quests_user_id ON quest.quests USING btree (user_id);

--
-- Name: idx_user_quest_library_quest_id; Type: INDEX; Schema: quest; Owner: -
--

CREATE INDEX idx_user_quest_library_quest_id ON quest.user_quest_library USING btree (quest_id);

--
-- Name: idx_achievement_progress_achievement_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_achievement_progress_achievement_id ON reward.achievement_progress USING btree (achievement_id);

--
-- Name: idx_award_changes_rule_version; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_award_changes_rule_version ON ONLY reward.award_changes USING btree (rule_id, rule_version);

--
-- Name: idx_award_changes_run_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_award_changes_run_id ON ONLY reward.award_changes USING btree (run_id);

--
-- Name: idx_award_changes_user_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_award_changes_user_id ON ONLY reward.award_changes USING btree (user_id);

--
-- Name: idx_award_rules_achievement_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_award_rules_achievement_id ON reward.award_rules USING btree (achievement_id);

--
-- Name: idx_award_rules_badge_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_award_rules_badge_id ON reward.award_rules USING btree (badge_id);

--
-- Name: idx_badge_grants_rule_version; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_badge_grants_rule_version ON reward.badge_grants USING btree (rule_id, rule_version);

--
-- Name: idx_badge_grants_run_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_badge_grants_run_id ON reward.badge_grants USING btree (run_id);

--
-- Name: idx_badge_grants_user_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_badge_grants_user_id ON reward.badge_grants USING btree (user_id);

--
-- Name: idx_challenge_participants_leaderboard; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_challenge_participants_leaderboard ON reward.challenge_participants USING btree (challenge_id, progress DESC, joined_at);

--
-- Name: idx_challenge_participants_user_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_challenge_participants_user_id ON reward.challenge_participants USING btree (user_id);

--
-- Name: idx_challenges_created_by_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_challenges_created_by_id ON reward.challenges USING btree (created_by_id);

--
-- Name: idx_leaderboard_snapshots_user_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_leaderboard_snapshots_user_id ON reward.leaderboard_snapshots USING btree (user_id);

--
-- Name: idx_nudge_history_user_id_sent_at; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_nudge_history_user_id_sent_at ON ONLY reward.nudge_history USING btree (user_id, sent_at);

--
-- Name: idx_reputation_ledger_corrects_id_user_id_corrects_created_at; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_reputation_ledger_corrects_id_user_id_corrects_created_at ON ONLY reward.reputation_ledger USING btree (corrects_id, user_id, corrects_created_at);

--
-- Name: idx_reputation_ledger_event_type; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_reputation_ledger_event_type ON ONLY reward.reputation_ledger USING btree (event_type);

--
-- Name: idx_reputation_ledger_source_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_reputation_ledger_source_id ON ONLY reward.reputation_ledger USING btree (source_id);

--
-- Name: idx_reputation_ledger_user_id_created_at; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_reputation_ledger_user_id_created_at ON ONLY reward.reputation_ledger USING btree (user_id, created_at);

--
-- Name: idx_user_achievements_achievement_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_user_achievements_achievement_id ON reward.user_achievements USING btree (achievement_id);

--
-- Name: idx_user_achievements_rule_version; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_user_achievements_rule_version ON reward.user_achievements USING btree (rule_id, rule_version);

--
-- Name: idx_user_achievements_run_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_user_achievements_run_id ON reward.user_achievements USING btree (run_id);

--
-- Name: idx_xp_ledger_concept_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_xp_ledger_concept_id ON ONLY reward.xp_ledger USING btree (concept_id);

--
-- Name: idx_xp_ledger_corrects_id_user_id_corrects_created_at; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_xp_ledger_corrects_id_user_id_corrects_created_at ON ONLY reward.xp_ledger USING btree (corrects_id, user_id, corrects_created_at);

--
-- Name: idx_xp_ledger_created_at; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_xp_ledger_created_at ON ONLY reward.xp_ledger USING btree (created_at) INCLUDE (user_id, final_xp);

--
-- Name: idx_xp_ledger_event_type; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_xp_ledger_event_type ON ONLY reward.xp_ledger USING btree (event_type);

--
-- Name: idx_xp_ledger_flagged; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_xp_ledger_flagged ON ONLY reward.xp_ledger USING btree (created_at) WHERE flagged;

--
-- Name: idx_xp_ledger_user_id_created_at; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_xp_ledger_user_id_created_at ON ONLY reward.xp_ledger USING btree (user_id, created_at);

--
-- Name: idx_xp_period_totals_ranking; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_xp_period_totals_ranking ON reward.xp_period_totals USING btree (period, period_start, xp DESC, user_id);

--
-- Name: idx_xp_period_totals_user_id; Type: INDEX; Schema: reward; Owner: -
--

CREATE INDEX idx_xp_period_totals_user_id ON reward.xp_period_totals USING btree (user_id);

--
-- Name: abuse_flags_detector_key; Type: INDEX; Schema: trust; Owner: -
--

CREATE UNIQUE INDEX abuse_flags_detector_key ON trust.abuse_flags USING btree (flag_type, user_id, detector_key);

--
-- Name: idx_abuse_flags_flag_type_created_at; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_abuse_flags_flag_type_created_at ON trust.abuse_flags USING btree (flag_type, created_at);

--
-- Name: idx_abuse_flags_reviewed_at; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_abuse_flags_reviewed_at ON trust.abuse_flags USING btree (reviewed_at);

--
-- Name: idx_abuse_flags_reviewed_by; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_abuse_flags_reviewed_by ON trust.abuse_flags USING btree (reviewed_by);

--
-- Name: idx_abuse_flags_status_severity; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_abuse_flags_status_severity ON trust.abuse_flags USING btree (status, severity);

--
-- Name: idx_abuse_flags_user_id_status; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_abuse_flags_user_id_status ON trust.abuse_flags USING btree (user_id, status);

--
-- Name: idx_content_embeddings_content; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_content_embeddings_content ON trust.content_embeddings USING btree (content_type, content_id);

--
-- Name: idx_content_embeddings_created_at; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_content_embeddings_created_at ON trust.content_embeddings USING btree (created_at);

--
-- Name: idx_content_embeddings_lsh_buckets; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_content_embeddings_lsh_buckets ON trust.content_embeddings USING gin (lsh_buckets);

--
-- Name: idx_content_embeddings_user_id; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_content_embeddings_user_id ON trust.content_embeddings USING btree (user_id);

--
-- Name: idx_fact_check_logs_contradiction_count; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_fact_check_logs_contradiction_count ON ONLY trust.fact_check_logs USING btree (contradiction_count);

--
-- Name: idx_fact_check_logs_created_at; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_fact_check_logs_created_at ON ONLY trust.fact_check_logs USING btree (created_at);

--
-- Name: idx_fact_check_logs_safe_to_display; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_fact_check_logs_safe_to_display ON ONLY trust.fact_check_logs USING btree (safe_to_display);

--
-- Name: idx_fact_check_logs_user_id_created_at; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_fact_check_logs_user_id_created_at ON ONLY trust.fact_check_logs USING btree (user_id, created_at);

--
-- Name: idx_moderation_logs_admin_id; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_moderation_logs_admin_id ON ONLY trust.moderation_logs USING btree (admin_id);

--
-- Name: idx_moderation_logs_target_user_id_created_at; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_moderation_logs_target_user_id_created_at ON ONLY trust.moderation_logs USING btree (target_user_id, created_at);

--
-- Name: idx_trust_scores_score; Type: INDEX; Schema: trust; Owner: -
--

CREATE INDEX idx_trust_scores_score ON trust.trust_scores USING btree (score);

--
-- Name: conversation_logs conversation_logs_keep_played; Type: TRIGGER; Schema: chat; Owner: -
--

CREATE TRIGGER conversation_logs_keep_played AFTER DELETE OR UPDATE OF id ON chat.conversation_logs FOR EACH ROW EXECUTE FUNCTION play.keep_played_chat_rows();

--
-- Name: conversation_logs conversation_logs_keep_sampled; Type: TRIGGER; Schema: chat; Owner: -
--

CREATE TRIGGER conversation_logs_keep_sampled AFTER DELETE OR UPDATE OF id ON chat.conversation_logs FOR EACH ROW EXECUTE FUNCTION chat.keep_sampled_conversation_logs();

--
-- Name: conversation_logs conversation_logs_user_names_a_user; Type: TRIGGER; Schema: chat; Owner: -
--

CREATE TRIGGER conversation_logs_user_names_a_user AFTER INSERT OR UPDATE OF user_id ON chat.conversation_logs FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('user_id');

--
-- Name: flow_runs flow_runs_touch_updated_at; Type: TRIGGER; Schema: chat; Owner: -
--

CREATE TRIGGER flow_runs_touch_updated_at BEFORE UPDATE ON chat.flow_runs FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: flows flows_protect_critical; Type: TRIGGER; Schema: chat; Owner: -
--

CREATE TRIGGER flows_protect_critical BEFORE INSERT OR DELETE OR UPDATE ON chat.flows FOR EACH ROW EXECUTE FUNCTION chat.protect_critical_flows();

--
-- Name: flows flows_touch_updated_at; Type: TRIGGER; Schema: chat; Owner: -
--

CREATE TRIGGER flows_touch_updated_at BEFORE UPDATE ON chat.flows FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: training_samples training_samples_confidence_rule; Type: TRIGGER; Schema: chat; Owner: -
--

CREATE TRIGGER training_samples_confidence_rule BEFORE INSERT ON chat.training_samples FOR EACH ROW EXECUTE FUNCTION chat.check_training_sample_confidence();

--
-- Name: training_samples training_samples_keep_exported; Type: TRIGGER; Schema: chat; Owner: -
--

CREATE TRIGGER training_samples_keep_exported BEFORE DELETE OR UPDATE OF approved ON chat.training_samples FOR EACH ROW WHEN (old.approved) EXECUTE FUNCTION chat.keep_exported_samples();

--
-- Name: training_samples training_samples_keep_played; Type: TRIGGER; Schema: chat; Owner: -
--

CREATE TRIGGER training_samples_keep_played AFTER DELETE OR UPDATE OF id ON chat.training_samples FOR EACH ROW EXECUTE FUNCTION play.keep_played_chat_rows();

--
-- Name: training_samples training_samples_name_a_conversation_log; Type: TRIGGER; Schema: chat; Owner: -
--

CREATE TRIGGER training_samples_name_a_conversation_log AFTER INSERT OR UPDATE OF conversation_log_id ON chat.training_samples FOR EACH ROW EXECUTE FUNCTION chat.refuse_unknown_conversation_log();

--
-- Name: training_samples training_samples_user_names_a_user; Type: TRIGGER; Schema: chat; Owner: -
--

CREATE TRIGGER training_samples_user_names_a_user AFTER INSERT OR UPDATE OF user_id ON chat.training_samples FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('user_id');

--
-- Name: answer_votes answer_votes_log_event; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER answer_votes_log_event AFTER INSERT ON community.answer_votes FOR EACH ROW EXECUTE FUNCTION core.log_event('vote.cast', 'voter_id', 'answer_id,value');

--
-- Name: answer_votes answer_votes_log_retraction; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER answer_votes_log_retraction AFTER DELETE ON community.answer_votes FOR EACH ROW EXECUTE FUNCTION core.log_event('vote.retracted', 'voter_id', 'answer_id,value');

--
-- Name: answer_votes answer_votes_queue_vote_graph_change; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER answer_votes_queue_vote_graph_change AFTER INSERT OR DELETE ON community.answer_votes FOR EACH ROW EXECUTE FUNCTION community.queue_vote_graph_change();

--
-- Name: answer_votes answer_votes_refuse_suspended; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER answer_votes_refuse_suspended BEFORE INSERT ON community.answer_votes FOR EACH ROW EXECUTE FUNCTION trust.refuse_suspended_actor('voter_id');

--
-- Name: answer_votes answer_votes_voter_names_a_user; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER answer_votes_voter_names_a_user AFTER INSERT OR UPDATE OF voter_id ON community.answer_votes FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('voter_id');

--
-- Name: answers answers_author_names_a_user; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER answers_author_names_a_user AFTER INSERT OR UPDATE OF author_id ON community.answers FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('author_id');

--
-- Name: answers answers_keep_evaluated; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER answers_keep_evaluated AFTER DELETE OR UPDATE OF id ON community.answers FOR EACH ROW EXECUTE FUNCTION learn.keep_evaluated_answers();

--
-- Name: answers answers_log_acceptance; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER answers_log_acceptance AFTER UPDATE OF is_accepted ON community.answers FOR EACH ROW WHEN ((new.is_accepted AND (NOT old.is_accepted))) EXECUTE FUNCTION core.log_event('answer.accepted', 'author_id', 'doubt_id');

--
-- Name: answers answers_log_event; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER answers_log_event AFTER INSERT ON community.answers FOR EACH ROW EXECUTE FUNCTION core.log_event('answer.created', 'author_id', 'doubt_id');

--
-- Name: answers answers_queue_vote_graph_author_change; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER answers_queue_vote_graph_author_change AFTER UPDATE OF author_id ON community.answers FOR EACH ROW WHEN ((new.author_id <> old.author_id)) EXECUTE FUNCTION community.queue_vote_graph_author_change();

--
-- Name: answers answers_refuse_suspended; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER answers_refuse_suspended BEFORE INSERT ON community.answers FOR EACH ROW EXECUTE FUNCTION trust.refuse_suspended_actor('author_id');

--
-- Name: communities communities_creator_names_a_user; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER communities_creator_names_a_user AFTER INSERT OR UPDATE OF created_by_id ON community.communities FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('created_by_id');

--
-- Name: doubt_votes doubt_votes_log_event; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER doubt_votes_log_event AFTER INSERT ON community.doubt_votes FOR EACH ROW EXECUTE FUNCTION core.log_event('vote.cast', 'voter_id', 'doubt_id,value');

--
-- Name: doubt_votes doubt_votes_log_retraction; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER doubt_votes_log_retraction AFTER DELETE ON community.doubt_votes FOR EACH ROW EXECUTE FUNCTION core.log_event('vote.retracted', 'voter_id', 'doubt_id,value');

--
-- Name: doubt_votes doubt_votes_queue_vote_graph_change; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER doubt_votes_queue_vote_graph_change AFTER INSERT OR DELETE ON community.doubt_votes FOR EACH ROW EXECUTE FUNCTION community.queue_vote_graph_change();

--
-- Name: doubt_votes doubt_votes_refuse_suspended; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER doubt_votes_refuse_suspended BEFORE INSERT ON community.doubt_votes FOR EACH ROW EXECUTE FUNCTION trust.refuse_suspended_actor('voter_id');

--
-- Name: doubt_votes doubt_votes_voter_names_a_user; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER doubt_votes_voter_names_a_user AFTER INSERT OR UPDATE OF voter_id ON community.doubt_votes FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('voter_id');

--
-- Name: doubts doubts_author_names_a_user; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER doubts_author_names_a_user AFTER INSERT OR UPDATE OF author_id ON community.doubts FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('author_id');

--
-- Name: doubts doubts_log_event; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER doubts_log_event AFTER INSERT ON community.doubts FOR EACH ROW EXECUTE FUNCTION core.log_event('doubt.created', 'author_id');

--
-- Name: doubts doubts_queue_vote_graph_author_change; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER doubts_queue_vote_graph_author_change AFTER UPDATE OF author_id ON community.doubts FOR EACH ROW WHEN ((new.author_id <> old.author_id)) EXECUTE FUNCTION community.queue_vote_graph_author_change();

--
-- Name: doubts doubts_refuse_suspended; Type: TRIGGER; Schema: community; Owner: -
--

CREATE TRIGGER doubts_refuse_suspended BEFORE INSERT ON community.doubts FOR EACH ROW EXECUTE FUNCTION trust.refuse_suspended_actor('author_id');

--
-- Name: accounts accounts_user_names_a_user; Type: TRIGGER; Schema: core; Owner: -
--

CREATE TRIGGER accounts_user_names_a_user AFTER INSERT OR UPDATE OF user_id ON core.accounts FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('user_id');

--
-- Name: event_logs event_logs_guard; Type: TRIGGER; Schema: core; Owner: -
--

CREATE TRIGGER event_logs_guard BEFORE INSERT OR DELETE OR UPDATE ON core.event_logs FOR EACH ROW EXECUTE FUNCTION core.guard_event_log();

--
-- Name: event_logs event_logs_user_names_a_user; Type: TRIGGER; Schema: core; Owner: -
--

CREATE TRIGGER event_logs_user_names_a_user AFTER INSERT OR UPDATE OF user_id ON core.event_logs FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('user_id');

--
-- Name: gamification_settings_history gamification_settings_history_append_only; Type: TRIGGER; Schema: core; Owner: -
--

CREATE TRIGGER gamification_settings_history_append_only BEFORE DELETE OR UPDATE ON core.gamification_settings_history FOR EACH ROW EXECUTE FUNCTION core.refuse_change();

--
-- Name: gamification_settings_history gamification_settings_history_no_truncate; Type: TRIGGER; Schema: core; Owner: -
--

CREATE TRIGGER gamification_settings_history_no_truncate BEFORE TRUNCATE ON core.gamification_settings_history FOR EACH STATEMENT EXECUTE FUNCTION core.refuse_change();

--
-- Name: gamification_settings gamification_settings_record_change; Type: TRIGGER; Schema: core; Owner: -
--

CREATE TRIGGER gamification_settings_record_change AFTER INSERT OR DELETE OR UPDATE ON core.gamification_settings FOR EACH ROW EXECUTE FUNCTION core.record_setting_change();

--
-- Name: gamification_settings gamification_settings_touch_updated_at; Type: TRIGGER; Schema: core; Owner: -
--

CREATE TRIGGER gamification_settings_touch_updated_at BEFORE UPDATE ON core.gamification_settings FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: users users_create_trust_score; Type: TRIGGER; Schema: core; Owner: -
--

CREATE TRIGGER users_create_trust_score AFTER INSERT ON core.users FOR EACH ROW EXECUTE FUNCTION trust.create_trust_score();

--
-- Name: users users_keep_user_keys; Type: TRIGGER; Schema: core; Owner: -
--

CREATE TRIGGER users_keep_user_keys AFTER INSERT OR DELETE OR UPDATE OF phone, php_user_id ON core.users FOR EACH ROW EXECUTE FUNCTION core.keep_user_keys();

--
-- Name: users users_touch_updated_at; Type: TRIGGER; Schema: core; Owner: -
--

CREATE TRIGGER users_touch_updated_at BEFORE UPDATE ON core.users FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: certificates certificates_fill_user; Type: TRIGGER; Schema: learn; Owner: -
--

CREATE TRIGGER certificates_fill_user BEFORE INSERT OR UPDATE OF enrollment_id, user_id ON learn.certificates FOR EACH ROW EXECUTE FUNCTION learn.fill_enrolment_user();

--
-- Name: certificates certificates_record_snapshot; Type: TRIGGER; Schema: learn; Owner: -
--

CREATE TRIGGER certificates_record_snapshot BEFORE INSERT ON learn.certificates FOR EACH ROW EXECUTE FUNCTION learn.record_certificate_snapshot();

--
-- Name: certificates certificates_refuse_unearned; Type: TRIGGER; Schema: learn; Owner: -
--

CREATE TRIGGER certificates_refuse_unearned BEFORE INSERT OR UPDATE OF enrollment_id ON learn.certificates FOR EACH ROW EXECUTE FUNCTION learn.refuse_unearned_certificate();

--
-- Name: concepts concepts_touch_updated_at; Type: TRIGGER; Schema: learn; Owner: -
--

CREATE TRIGGER concepts_touch_updated_at BEFORE UPDATE ON learn.concepts FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: courses courses_touch_updated_at; Type: TRIGGER; Schema: learn; Owner: -
--

CREATE TRIGGER courses_touch_updated_at BEFORE UPDATE ON learn.courses FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: lesson_progress lesson_progress_fill_user; Type: TRIGGER; Schema: learn; Owner: -
--

CREATE TRIGGER lesson_progress_fill_user BEFORE INSERT OR UPDATE OF enrollment_id, user_id ON learn.lesson_progress FOR EACH ROW EXECUTE FUNCTION learn.fill_enrolment_user();

--
-- Name: lesson_progress lesson_progress_touch_updated_at; Type: TRIGGER; Schema: learn; Owner: -
--

CREATE TRIGGER lesson_progress_touch_updated_at BEFORE UPDATE OF enrollment_id, course_id, lesson_id, progress_percent, completed_at, updated_at ON learn.lesson_progress FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: quiz_attempts quiz_attempts_fill_user; Type: TRIGGER; Schema: learn; Owner: -
--

CREATE TRIGGER quiz_attempts_fill_user BEFORE INSERT OR UPDATE OF enrollment_id, user_id ON learn.quiz_attempts FOR EACH ROW EXECUTE FUNCTION learn.fill_enrolment_user();

--
-- Name: rubric_evaluations rubric_evaluations_answer_exists; Type: TRIGGER; Schema: learn; Owner: -
--

CREATE TRIGGER rubric_evaluations_answer_exists AFTER INSERT OR UPDATE OF answer_id ON learn.rubric_evaluations FOR EACH ROW EXECUTE FUNCTION learn.refuse_unknown_answer();

--
-- Name: game_questions game_questions_touch_updated_at; Type: TRIGGER; Schema: play; Owner: -
--

CREATE TRIGGER game_questions_touch_updated_at BEFORE UPDATE ON play.game_questions FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: game_sessions game_sessions_enforce_reward_status; Type: TRIGGER; Schema: play; Owner: -
--

CREATE TRIGGER game_sessions_enforce_reward_status BEFORE UPDATE OF reward_status, reward_transaction_id ON play.game_sessions FOR EACH ROW EXECUTE FUNCTION play.enforce_reward_status();

--
-- Name: game_sessions game_sessions_keep_reward_transactions; Type: TRIGGER; Schema: play; Owner: -
--

CREATE TRIGGER game_sessions_keep_reward_transactions AFTER INSERT OR DELETE OR UPDATE OF reward_transaction_id, id, user_id ON play.game_sessions FOR EACH ROW EXECUTE FUNCTION play.keep_reward_transactions();

--
-- Name: game_sessions game_sessions_name_chat_rows; Type: TRIGGER; Schema: play; Owner: -
--

CREATE TRIGGER game_sessions_name_chat_rows AFTER INSERT OR UPDATE OF conversation_log_id, training_sample_id ON play.game_sessions FOR EACH ROW EXECUTE FUNCTION play.refuse_unknown_chat_rows();

--
-- Name: game_sessions game_sessions_refuse_suspended; Type: TRIGGER; Schema: play; Owner: -
--

CREATE TRIGGER game_sessions_refuse_suspended BEFORE INSERT ON play.game_sessions FOR EACH ROW EXECUTE FUNCTION trust.refuse_suspended_actor('user_id');

--
-- Name: game_sessions game_sessions_touch_updated_at; Type: TRIGGER; Schema: play; Owner: -
--

CREATE TRIGGER game_sessions_touch_updated_at BEFORE UPDATE ON play.game_sessions FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: child_privacy_settings child_privacy_settings_stamp_consent; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER child_privacy_settings_stamp_consent BEFORE INSERT OR UPDATE ON quest.child_privacy_settings FOR EACH ROW EXECUTE FUNCTION quest.stamp_consent_change();

--
-- Name: psychologist_reviews psychologist_reviews_require_psychologist; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER psychologist_reviews_require_psychologist BEFORE INSERT OR UPDATE OF reviewer_id ON quest.psychologist_reviews FOR EACH ROW EXECUTE FUNCTION quest.require_psychologist();

--
-- Name: psychologist_reviews psychologist_reviews_reviewer_names_a_user; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER psychologist_reviews_reviewer_names_a_user AFTER INSERT OR UPDATE OF reviewer_id ON quest.psychologist_reviews FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('reviewer_id');

--
-- Name: psychologist_reviews psychologist_reviews_touch_quest; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER psychologist_reviews_touch_quest AFTER INSERT OR DELETE OR UPDATE ON quest.psychologist_reviews FOR EACH ROW EXECUTE FUNCTION quest.touch_summarised_quest();

--
-- Name: psychologists psychologists_user_names_a_user; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER psychologists_user_names_a_user AFTER INSERT OR UPDATE OF user_id ON quest.psychologists FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('user_id');

--
-- Name: quest_builder_sessions quest_builder_sessions_stage_order; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER quest_builder_sessions_stage_order BEFORE UPDATE OF current_stage ON quest.quest_builder_sessions FOR EACH ROW EXECUTE FUNCTION quest.enforce_builder_stage_order();

--
-- Name: quest_builder_sessions quest_builder_sessions_touch_updated_at; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER quest_builder_sessions_touch_updated_at BEFORE UPDATE ON quest.quest_builder_sessions FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: quest_progress quest_progress_require_consent; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER quest_progress_require_consent BEFORE INSERT OR UPDATE ON quest.quest_progress FOR EACH ROW EXECUTE FUNCTION quest.require_progress_consent();

--
-- Name: quest_progress quest_progress_touch_quest; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER quest_progress_touch_quest AFTER INSERT OR DELETE OR UPDATE OF session_count, quest_id ON quest.quest_progress FOR EACH ROW EXECUTE FUNCTION quest.touch_summarised_quest();

--
-- Name: quest_progress quest_progress_touch_updated_at; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER quest_progress_touch_updated_at BEFORE UPDATE ON quest.quest_progress FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: quest_ratings quest_ratings_touch_quest; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER quest_ratings_touch_quest AFTER INSERT OR DELETE OR UPDATE ON quest.quest_ratings FOR EACH ROW EXECUTE FUNCTION quest.touch_summarised_quest();

--
-- Name: quest_ratings quest_ratings_touch_updated_at; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER quest_ratings_touch_updated_at BEFORE UPDATE ON quest.quest_ratings FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: quests quests_creator_names_a_user; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER quests_creator_names_a_user AFTER INSERT OR UPDATE OF user_id ON quest.quests FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('user_id');

--
-- Name: quests quests_derive_summary; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER quests_derive_summary BEFORE INSERT OR UPDATE ON quest.quests FOR EACH ROW EXECUTE FUNCTION quest.derive_quest_summary();

--
-- Name: quests quests_touch_updated_at; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER quests_touch_updated_at BEFORE UPDATE ON quest.quests FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: quests quests_unpublish_unapproved; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER quests_unpublish_unapproved BEFORE UPDATE OF moderation_status ON quest.quests FOR EACH ROW EXECUTE FUNCTION quest.unpublish_unapproved();

--
-- Name: user_tracks user_tracks_phase_forward; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER user_tracks_phase_forward BEFORE UPDATE OF current_phase ON quest.user_tracks FOR EACH ROW EXECUTE FUNCTION quest.keep_track_phase_forward();

--
-- Name: user_tracks user_tracks_touch_updated_at; Type: TRIGGER; Schema: quest; Owner: -
--

CREATE TRIGGER user_tracks_touch_updated_at BEFORE UPDATE ON quest.user_tracks FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: achievements achievements_touch_updated_at; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER achievements_touch_updated_at BEFORE UPDATE ON reward.achievements FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: award_rules award_rules_check; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER award_rules_check BEFORE INSERT OR UPDATE ON reward.award_rules FOR EACH ROW EXECUTE FUNCTION reward.check_award_rule();

--
-- Name: award_rules award_rules_keep_version; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER award_rules_keep_version AFTER INSERT OR UPDATE ON reward.award_rules FOR EACH ROW EXECUTE FUNCTION reward.keep_award_rule_version();

--
-- Name: badge_grants badge_grants_log_event; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER badge_grants_log_event AFTER INSERT ON reward.badge_grants FOR EACH ROW EXECUTE FUNCTION core.log_event('award.granted', 'user_id', 'badge_id');

--
-- Name: challenges challenges_creator_names_a_user; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER challenges_creator_names_a_user AFTER INSERT OR UPDATE OF created_by_id ON reward.challenges FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('created_by_id');

--
-- Name: challenges challenges_touch_updated_at; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER challenges_touch_updated_at BEFORE UPDATE ON reward.challenges FOR EACH ROW EXECUTE FUNCTION core.touch_updated_at();

--
-- Name: leaderboard_snapshots leaderboard_snapshots_immutable; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER leaderboard_snapshots_immutable BEFORE DELETE OR UPDATE ON reward.leaderboard_snapshots FOR EACH ROW EXECUTE FUNCTION core.refuse_change();

--
-- Name: leaderboard_snapshots leaderboard_snapshots_no_truncate; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER leaderboard_snapshots_no_truncate BEFORE TRUNCATE ON reward.leaderboard_snapshots FOR EACH STATEMENT EXECUTE FUNCTION core.refuse_change();

--
-- Name: reputation_ledger reputation_ledger_accept_award; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER reputation_ledger_accept_award BEFORE INSERT ON reward.reputation_ledger FOR EACH ROW EXECUTE FUNCTION reward.accept_award('change');

--
-- Name: reputation_ledger reputation_ledger_accept_owner_events; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER reputation_ledger_accept_owner_events BEFORE INSERT ON reward.reputation_ledger FOR EACH ROW EXECUTE FUNCTION reward.refuse_app_accept_events();

--
-- Name: reputation_ledger reputation_ledger_accept_votes; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER reputation_ledger_accept_votes BEFORE INSERT ON reward.reputation_ledger FOR EACH ROW EXECUTE FUNCTION trust.refuse_shadow_banned_votes();

--
-- Name: reputation_ledger reputation_ledger_append_only; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER reputation_ledger_append_only BEFORE DELETE OR UPDATE ON reward.reputation_ledger FOR EACH ROW EXECUTE FUNCTION core.refuse_change();

--
-- Name: reputation_ledger reputation_ledger_apply_daily_cap; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER reputation_ledger_apply_daily_cap BEFORE INSERT ON reward.reputation_ledger FOR EACH ROW EXECUTE FUNCTION reward.apply_daily_cap('change', 'reputation', 'daily_reputation_cap');

--
-- Name: reputation_ledger reputation_ledger_no_truncate; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER reputation_ledger_no_truncate BEFORE TRUNCATE ON reward.reputation_ledger FOR EACH STATEMENT EXECUTE FUNCTION core.refuse_change();

--
-- Name: reputation_ledger reputation_ledger_record_row; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER reputation_ledger_record_row BEFORE INSERT ON reward.reputation_ledger FOR EACH ROW EXECUTE FUNCTION reward.record_ledger_row('change', 'total_reputation');

--
-- Name: user_achievements user_achievements_log_event; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER user_achievements_log_event AFTER INSERT ON reward.user_achievements FOR EACH ROW EXECUTE FUNCTION core.log_event('award.granted', 'user_id', 'achievement_key');

--
-- Name: user_achievements user_achievements_refuse_early_unlock; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER user_achievements_refuse_early_unlock BEFORE INSERT ON reward.user_achievements FOR EACH ROW EXECUTE FUNCTION reward.refuse_early_unlock();

--
-- Name: xp_ledger xp_ledger_accept_award; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER xp_ledger_accept_award BEFORE INSERT ON reward.xp_ledger FOR EACH ROW EXECUTE FUNCTION reward.accept_award('final_xp');

--
-- Name: xp_ledger xp_ledger_add_to_periods; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER xp_ledger_add_to_periods AFTER INSERT ON reward.xp_ledger FOR EACH ROW EXECUTE FUNCTION reward.add_to_xp_periods();

--
-- Name: xp_ledger xp_ledger_append_only; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER xp_ledger_append_only BEFORE DELETE OR UPDATE ON reward.xp_ledger FOR EACH ROW EXECUTE FUNCTION core.refuse_change();

--
-- Name: xp_ledger xp_ledger_apply_daily_cap; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER xp_ledger_apply_daily_cap BEFORE INSERT ON reward.xp_ledger FOR EACH ROW EXECUTE FUNCTION reward.apply_daily_cap('final_xp', 'xp', 'daily_xp_cap');

--
-- Name: xp_ledger xp_ledger_no_truncate; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER xp_ledger_no_truncate BEFORE TRUNCATE ON reward.xp_ledger FOR EACH STATEMENT EXECUTE FUNCTION core.refuse_change();

--
-- Name: xp_ledger xp_ledger_record_row; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER xp_ledger_record_row BEFORE INSERT ON reward.xp_ledger FOR EACH ROW EXECUTE FUNCTION reward.record_ledger_row('final_xp', 'total_xp');

--
-- Name: xp_ledger xp_ledger_refuse_suspended; Type: TRIGGER; Schema: reward; Owner: -
--

CREATE TRIGGER xp_ledger_refuse_suspended BEFORE INSERT ON reward.xp_ledger FOR EACH ROW EXECUTE FUNCTION trust.refuse_suspended_actor('user_id', 'final_xp');

--
-- Name: abuse_flag_evidence abuse_flag_evidence_fill_user; Type: TRIGGER; Schema: trust; Owner: -
--

CREATE TRIGGER abuse_flag_evidence_fill_user BEFORE INSERT OR UPDATE OF flag_id, user_id ON trust.abuse_flag_evidence FOR EACH ROW EXECUTE FUNCTION trust.fill_evidence_user();

--
-- Name: abuse_flag_evidence abuse_flag_evidence_keep_reviews_final; Type: TRIGGER; Schema: trust; Owner: -
--

CREATE TRIGGER abuse_flag_evidence_keep_reviews_final BEFORE INSERT OR DELETE OR UPDATE OF flag_id, source_table, source_id ON trust.abuse_flag_evidence FOR EACH ROW EXECUTE FUNCTION trust.keep_evidence_of_reviews_final();

--
-- Name: abuse_flags abuse_flags_keep_reviewed; Type: TRIGGER; Schema: trust; Owner: -
--

CREATE TRIGGER abuse_flags_keep_reviewed BEFORE DELETE ON trust.abuse_flags FOR EACH ROW EXECUTE FUNCTION trust.keep_reviewed_flags();

--
-- Name: abuse_flags abuse_flags_keep_reviews_final; Type: TRIGGER; Schema: trust; Owner: -
--

CREATE TRIGGER abuse_flags_keep_reviews_final BEFORE UPDATE ON trust.abuse_flags FOR EACH ROW EXECUTE FUNCTION trust.keep_reviews_final();

--
-- Name: abuse_flags abuse_flags_log_event; Type: TRIGGER; Schema: trust; Owner: -
--

CREATE TRIGGER abuse_flags_log_event AFTER INSERT ON trust.abuse_flags FOR EACH ROW EXECUTE FUNCTION core.log_event('abuse_flag.created', 'user_id', 'flag_type,severity');

--
-- Name: abuse_flags abuse_flags_reverse_serial_votes; Type: TRIGGER; Schema: trust; Owner: -
--

CREATE TRIGGER abuse_flags_reverse_serial_votes AFTER UPDATE OF status ON trust.abuse_flags FOR EACH ROW WHEN (((new.flag_type = 'SERIAL_VOTING'::text) AND (new.status = 'CONFIRMED'::text) AND (old.status = 'PENDING'::text))) EXECUTE FUNCTION trust.reverse_serial_votes();

--
-- Name: abuse_flags abuse_flags_reviewer_names_a_user; Type: TRIGGER; Schema: trust; Owner: -
--

CREATE TRIGGER abuse_flags_reviewer_names_a_user AFTER INSERT OR UPDATE OF reviewed_by ON trust.abuse_flags FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('reviewed_by');

--
-- Name: content_embeddings content_embeddings_keep_contents; Type: TRIGGER; Schema: trust; Owner: -
--

CREATE TRIGGER content_embeddings_keep_contents AFTER INSERT OR DELETE OR UPDATE OF content_type, content_id, user_id ON trust.content_embeddings FOR EACH ROW EXECUTE FUNCTION trust.keep_embedded_contents();

--
-- Name: content_embeddings content_embeddings_set_lsh_buckets; Type: TRIGGER; Schema: trust; Owner: -
--

CREATE TRIGGER content_embeddings_set_lsh_buckets BEFORE INSERT OR UPDATE OF embedding ON trust.content_embeddings FOR EACH ROW EXECUTE FUNCTION trust.set_lsh_buckets();

--
-- Name: fact_check_logs fact_check_logs_user_names_a_user; Type: TRIGGER; Schema: trust; Owner: -
--

CREATE TRIGGER fact_check_logs_user_names_a_user AFTER INSERT OR UPDATE OF user_id ON trust.fact_check_logs FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('user_id');

--
-- Name: moderation_logs moderation_logs_log_event; Type: TRIGGER; Schema: trust; Owner: -
--

CREATE TRIGGER moderation_logs_log_event AFTER INSERT ON trust.moderation_logs FOR EACH ROW EXECUTE FUNCTION core.log_event('moderation.logged', 'target_user_id', 'action,admin_id');

--
-- Name: moderation_logs moderation_logs_users_name_users; Type: TRIGGER; Schema: trust; Owner: -
--

CREATE TRIGGER moderation_logs_users_name_users AFTER INSERT OR UPDATE OF admin_id, target_user_id ON trust.moderation_logs FOR EACH ROW EXECUTE FUNCTION core.refuse_unknown_users('admin_id', 'target_user_id');

--
-- Name: trust_scores trust_scores_log_score_change; Type: TRIGGER; Schema: trust; Owner: -
--

CREATE TRIGGER trust_scores_log_score_change AFTER UPDATE OF score ON trust.trust_scores FOR EACH ROW WHEN ((new.score <> old.score)) EXECUTE FUNCTION core.log_event('trust.score_changed', 'user_id', 'score');

--
-- Name: conversation_memory conversation_memory_user_id_fkey; Type: FK CONSTRAINT; Schema: chat; Owner: -
--

ALTER TABLE chat.conversation_memory
    ADD CONSTRAINT conversation_memory_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: flow_runs flow_runs_flow_id_fkey; Type: FK CONSTRAINT; Schema: chat; Owner: -
--

ALTER TABLE ONLY chat.flow_runs
    ADD CONSTRAINT flow_runs_flow_id_fkey FOREIGN KEY (flow_id) REFERENCES chat.flows(id);

--
-- Name: answer_votes answer_votes_answer_id_fkey; Type: FK CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.answer_votes
    ADD CONSTRAINT answer_votes_answer_id_fkey FOREIGN KEY (answer_id) REFERENCES community.answers(id);

--
-- Name: answers answers_doubt_id_fkey; Type: FK CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.answers
    ADD CONSTRAINT answers_doubt_id_fkey FOREIGN KEY (doubt_id) REFERENCES community.doubts(id);

--
-- Name: community_doubts community_doubts_community_id_fkey; Type: FK CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.community_doubts
    ADD CONSTRAINT community_doubts_community_id_fkey FOREIGN KEY (community_id) REFERENCES community.communities(id);

--
-- Name: community_doubts community_doubts_doubt_id_fkey; Type: FK CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.community_doubts
    ADD CONSTRAINT community_doubts_doubt_id_fkey FOREIGN KEY (doubt_id) REFERENCES community.doubts(id);

--
-- Name: community_members community_members_community_id_fkey; Type: FK CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.community_members
    ADD CONSTRAINT community_members_community_id_fkey FOREIGN KEY (community_id) REFERENCES community.communities(id);

--
-- Name: community_members community_members_user_id_fkey; Type: FK CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.community_members
    ADD CONSTRAINT community_members_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: doubt_votes doubt_votes_doubt_id_fkey; Type: FK CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.doubt_votes
    ADD CONSTRAINT doubt_votes_doubt_id_fkey FOREIGN KEY (doubt_id) REFERENCES community.doubts(id);

--
-- Name: user_vote_totals user_vote_totals_user_id_fkey; Type: FK CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.user_vote_totals
    ADD CONSTRAINT user_vote_totals_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: vote_graph vote_graph_voter_id_fkey; Type: FK CONSTRAINT; Schema: community; Owner: -
--

ALTER TABLE ONLY community.vote_graph
    ADD CONSTRAINT vote_graph_voter_id_fkey FOREIGN KEY (voter_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: ai_analyses ai_analyses_user_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.ai_analyses
    ADD CONSTRAINT ai_analyses_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: behavior_logs behavior_logs_user_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE learn.behavior_logs
    ADD CONSTRAINT behavior_logs_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: certificates certificates_enrollment_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.certificates
    ADD CONSTRAINT certificates_enrollment_id_fkey FOREIGN KEY (enrollment_id, user_id) REFERENCES learn.enrollments(id, user_id);

--
-- Name: concept_attempts concept_attempts_concept_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.concept_attempts
    ADD CONSTRAINT concept_attempts_concept_id_fkey FOREIGN KEY (concept_id) REFERENCES learn.concepts(id);

--
-- Name: concept_attempts concept_attempts_user_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.concept_attempts
    ADD CONSTRAINT concept_attempts_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: concept_prerequisites concept_prerequisites_concept_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.concept_prerequisites
    ADD CONSTRAINT concept_prerequisites_concept_id_fkey FOREIGN KEY (concept_id) REFERENCES learn.concepts(id);

--
-- Name: concept_prerequisites concept_prerequisites_prerequisite_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.concept_prerequisites
    ADD CONSTRAINT concept_prerequisites_prerequisite_id_fkey FOREIGN KEY (prerequisite_id) REFERENCES learn.concepts(id);

--
-- Name: course_assets course_assets_course_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.course_assets
    ADD CONSTRAINT course_assets_course_id_fkey FOREIGN KEY (course_id) REFERENCES learn.courses(id);

--
-- Name: course_assets course_assets_lesson_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.course_assets
    ADD CONSTRAINT course_assets_lesson_id_fkey FOREIGN KEY (lesson_id, course_id) REFERENCES learn.lessons(id, course_id);

--
-- Name: enrollments enrollments_course_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.enrollments
    ADD CONSTRAINT enrollments_course_id_fkey FOREIGN KEY (course_id) REFERENCES learn.courses(id);

--
-- Name: enrollments enrollments_user_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.enrollments
    ADD CONSTRAINT enrollments_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: lesson_progress lesson_progress_enrollment_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.lesson_progress
    ADD CONSTRAINT lesson_progress_enrollment_id_fkey FOREIGN KEY (enrollment_id, course_id, user_id) REFERENCES learn.enrollments(id, course_id, user_id);

--
-- Name: lesson_progress lesson_progress_lesson_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.lesson_progress
    ADD CONSTRAINT lesson_progress_lesson_id_fkey FOREIGN KEY (lesson_id, course_id) REFERENCES learn.lessons(id, course_id);

--
-- Name: lessons lessons_course_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.lessons
    ADD CONSTRAINT lessons_course_id_fkey FOREIGN KEY (course_id) REFERENCES learn.courses(id);

--
-- Name: mastery_records mastery_records_concept_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.mastery_records
    ADD CONSTRAINT mastery_records_concept_id_fkey FOREIGN KEY (concept_id) REFERENCES learn.concepts(id);

--
-- Name: mastery_records mastery_records_user_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.mastery_records
    ADD CONSTRAINT mastery_records_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: quiz_attempts quiz_attempts_enrollment_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.quiz_attempts
    ADD CONSTRAINT quiz_attempts_enrollment_id_fkey FOREIGN KEY (enrollment_id, user_id) REFERENCES learn.enrollments(id, user_id);

--
-- Name: rubric_evaluations rubric_evaluations_user_id_fkey; Type: FK CONSTRAINT; Schema: learn; Owner: -
--

ALTER TABLE ONLY learn.rubric_evaluations
    ADD CONSTRAINT rubric_evaluations_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: game_sessions game_sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: play; Owner: -
--

ALTER TABLE ONLY play.game_sessions
    ADD CONSTRAINT game_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: child_privacy_settings child_privacy_settings_user_id_fkey; Type: FK CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.child_privacy_settings
    ADD CONSTRAINT child_privacy_settings_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: psychologist_reviews psychologist_reviews_quest_id_fkey; Type: FK CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.psychologist_reviews
    ADD CONSTRAINT psychologist_reviews_quest_id_fkey FOREIGN KEY (quest_id) REFERENCES quest.quests(id);

--
-- Name: quest_builder_sessions quest_builder_sessions_quest_id_fkey; Type: FK CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quest_builder_sessions
    ADD CONSTRAINT quest_builder_sessions_quest_id_fkey FOREIGN KEY (quest_id) REFERENCES quest.quests(id);

--
-- Name: quest_builder_sessions quest_builder_sessions_user_id_fkey; Type: FK CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quest_builder_sessions
    ADD CONSTRAINT quest_builder_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: quest_progress quest_progress_quest_id_fkey; Type: FK CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quest_progress
    ADD CONSTRAINT quest_progress_quest_id_fkey FOREIGN KEY (quest_id) REFERENCES quest.quests(id);

--
-- Name: quest_progress quest_progress_user_id_fkey; Type: FK CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quest_progress
    ADD CONSTRAINT quest_progress_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: quest_ratings quest_ratings_quest_id_fkey; Type: FK CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quest_ratings
    ADD CONSTRAINT quest_ratings_quest_id_fkey FOREIGN KEY (quest_id) REFERENCES quest.quests(id);

--
-- Name: quest_ratings quest_ratings_user_id_fkey; Type: FK CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quest_ratings
    ADD CONSTRAINT quest_ratings_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: quests quests_psychologist_review_id_fkey; Type: FK CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.quests
    ADD CONSTRAINT quests_psychologist_review_id_fkey FOREIGN KEY (psychologist_review_id) REFERENCES quest.psychologist_reviews(id) ON DELETE SET NULL;

--
-- Name: user_quest_library user_quest_library_quest_id_fkey; Type: FK CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.user_quest_library
    ADD CONSTRAINT user_quest_library_quest_id_fkey FOREIGN KEY (quest_id) REFERENCES quest.quests(id);

--
-- Name: user_quest_library user_quest_library_user_id_fkey; Type: FK CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.user_quest_library
    ADD CONSTRAINT user_quest_library_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: user_tracks user_tracks_user_id_fkey; Type: FK CONSTRAINT; Schema: quest; Owner: -
--

ALTER TABLE ONLY quest.user_tracks
    ADD CONSTRAINT user_tracks_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: achievement_progress achievement_progress_achievement_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.achievement_progress
    ADD CONSTRAINT achievement_progress_achievement_id_fkey FOREIGN KEY (achievement_id) REFERENCES reward.achievements(id) ON DELETE CASCADE;

--
-- Name: achievement_progress achievement_progress_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.achievement_progress
    ADD CONSTRAINT achievement_progress_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: award_changes award_changes_rule_version_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE reward.award_changes
    ADD CONSTRAINT award_changes_rule_version_fkey FOREIGN KEY (rule_id, rule_version) REFERENCES reward.award_rule_versions(rule_id, version);

--
-- Name: award_changes award_changes_run_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE reward.award_changes
    ADD CONSTRAINT award_changes_run_id_fkey FOREIGN KEY (run_id) REFERENCES reward.award_runs(id);

--
-- Name: award_changes award_changes_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE reward.award_changes
    ADD CONSTRAINT award_changes_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: award_rule_versions award_rule_versions_rule_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.award_rule_versions
    ADD CONSTRAINT award_rule_versions_rule_id_fkey FOREIGN KEY (rule_id) REFERENCES reward.award_rules(id) ON DELETE CASCADE;

--
-- Name: award_rules award_rules_achievement_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.award_rules
    ADD CONSTRAINT award_rules_achievement_id_fkey FOREIGN KEY (achievement_id) REFERENCES reward.achievements(id) ON DELETE CASCADE;

--
-- Name: award_rules award_rules_badge_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.award_rules
    ADD CONSTRAINT award_rules_badge_id_fkey FOREIGN KEY (badge_id) REFERENCES reward.badges(id) ON DELETE CASCADE;

--
-- Name: badge_grants badge_grants_badge_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.badge_grants
    ADD CONSTRAINT badge_grants_badge_id_fkey FOREIGN KEY (badge_id) REFERENCES reward.badges(id);

--
-- Name: badge_grants badge_grants_rule_version_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.badge_grants
    ADD CONSTRAINT badge_grants_rule_version_fkey FOREIGN KEY (rule_id, rule_version) REFERENCES reward.award_rule_versions(rule_id, version);

--
-- Name: badge_grants badge_grants_run_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.badge_grants
    ADD CONSTRAINT badge_grants_run_id_fkey FOREIGN KEY (run_id) REFERENCES reward.award_runs(id);

--
-- Name: badge_grants badge_grants_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.badge_grants
    ADD CONSTRAINT badge_grants_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: challenge_participants challenge_participants_challenge_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.challenge_participants
    ADD CONSTRAINT challenge_participants_challenge_id_fkey FOREIGN KEY (challenge_id) REFERENCES reward.challenges(id);

--
-- Name: challenge_participants challenge_participants_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.challenge_participants
    ADD CONSTRAINT challenge_participants_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: daily_earnings daily_earnings_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.daily_earnings
    ADD CONSTRAINT daily_earnings_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: leaderboard_snapshots leaderboard_snapshots_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.leaderboard_snapshots
    ADD CONSTRAINT leaderboard_snapshots_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: nudge_history nudge_history_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE reward.nudge_history
    ADD CONSTRAINT nudge_history_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: reputation_ledger reputation_ledger_corrects_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE reward.reputation_ledger
    ADD CONSTRAINT reputation_ledger_corrects_id_fkey FOREIGN KEY (corrects_id, user_id, corrects_created_at) REFERENCES reward.reputation_ledger(id, user_id, created_at);

--
-- Name: reputation_ledger reputation_ledger_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE reward.reputation_ledger
    ADD CONSTRAINT reputation_ledger_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: streak_events streak_events_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE reward.streak_events
    ADD CONSTRAINT streak_events_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: streaks streaks_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.streaks
    ADD CONSTRAINT streaks_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: user_achievements user_achievements_achievement_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.user_achievements
    ADD CONSTRAINT user_achievements_achievement_id_fkey FOREIGN KEY (achievement_id) REFERENCES reward.achievements(id);

--
-- Name: user_achievements user_achievements_rule_version_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.user_achievements
    ADD CONSTRAINT user_achievements_rule_version_fkey FOREIGN KEY (rule_id, rule_version) REFERENCES reward.award_rule_versions(rule_id, version);

--
-- Name: user_achievements user_achievements_run_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.user_achievements
    ADD CONSTRAINT user_achievements_run_id_fkey FOREIGN KEY (run_id) REFERENCES reward.award_runs(id);

--
-- Name: user_achievements user_achievements_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.user_achievements
    ADD CONSTRAINT user_achievements_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id);

--
-- Name: user_stats user_stats_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.user_stats
    ADD CONSTRAINT user_stats_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: xp_ledger xp_ledger_concept_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE reward.xp_ledger
    ADD CONSTRAINT xp_ledger_concept_id_fkey FOREIGN KEY (concept_id) REFERENCES learn.concepts(id) ON DELETE SET NULL;

--
-- Name: xp_ledger xp_ledger_corrects_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE reward.xp_ledger
    ADD CONSTRAINT xp_ledger_corrects_id_fkey FOREIGN KEY (corrects_id, user_id, corrects_created_at) REFERENCES reward.xp_ledger(id, user_id, created_at);

--
-- Name: xp_ledger xp_ledger_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE reward.xp_ledger
    ADD CONSTRAINT xp_ledger_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: xp_period_totals xp_period_totals_user_id_fkey; Type: FK CONSTRAINT; Schema: reward; Owner: -
--

ALTER TABLE ONLY reward.xp_period_totals
    ADD CONSTRAINT xp_period_totals_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: abuse_flag_evidence abuse_flag_evidence_flag_id_fkey; Type: FK CONSTRAINT; Schema: trust; Owner: -
--

ALTER TABLE ONLY trust.abuse_flag_evidence
    ADD CONSTRAINT abuse_flag_evidence_flag_id_fkey FOREIGN KEY (flag_id, user_id) REFERENCES trust.abuse_flags(id, user_id) ON DELETE CASCADE;

--
-- Name: abuse_flags abuse_flags_user_id_fkey; Type: FK CONSTRAINT; Schema: trust; Owner: -
--

ALTER TABLE ONLY trust.abuse_flags
    ADD CONSTRAINT abuse_flags_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: content_embeddings content_embeddings_user_id_fkey; Type: FK CONSTRAINT; Schema: trust; Owner: -
--

ALTER TABLE ONLY trust.content_embeddings
    ADD CONSTRAINT content_embeddings_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- Name: trust_scores trust_scores_user_id_fkey; Type: FK CONSTRAINT; Schema: trust; Owner: -
--

ALTER TABLE ONLY trust.trust_scores
    ADD CONSTRAINT trust_scores_user_id_fkey FOREIGN KEY (user_id) REFERENCES core.users(id) ON DELETE CASCADE;

--
-- PostgreSQL database dump complete
--
