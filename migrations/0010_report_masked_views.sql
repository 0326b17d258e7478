-- The report schema: views for analysts (gamedb_readonly) with the personal
-- columns masked (phone, e-mail) or replaced by their length (message
-- texts). The read-only role reads the base tables' other columns only; the
-- last file declares that.

-- Views

create view report.conversation_logs as
select
    c.id,
    c.user_id,
    c.session_id,
    core.mask_phone(c.phone_number) as phone_number,
    c.channel,
    length(c.user_message) as user_message_length,
    length(c.bot_response) as bot_response_length,
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
from chat.conversation_logs as c;
comment on view report.conversation_logs is
'chat.conversation_logs with the phone masked and the message texts (and context) replaced by their '
'lengths.';

create view report.flow_runs as
select
    f.id,
    f.flow_id,
    f.session_id,
    core.mask_phone(f.phone_number) as phone_number,
    f.current_state,
    f.status,
    f.started_at,
    f.completed_at
from chat.flow_runs as f;
comment on view report.flow_runs is 'chat.flow_runs with the phone masked and without the run''s context.';

create view report.users as
select
    u.id,
    u.php_user_id,
    core.mask_phone(u.phone) as phone,
    core.mask_email(u.email) as email,
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
from core.users as u;
comment on view report.users is 'core.users without names, with phone and e-mail masked.';
