-- name: moderate_user
-- description: Warn, suspend until a time, ban, shadow-ban or restore a user; logged with the moderator and reason
-- mode: write
-- param: admin_id int >= 1 | the moderator
-- param: user_id int >= 1 | the user acted on
-- param: action choice(warn|suspend|ban|shadow_ban|restore) | what to do
-- param: reason text | why, kept in trust.moderation_logs
-- param: until timestamptz = null | suspend only: when the suspension ends
-- param: details json = null | anything else to keep with the log row
--
-- The database enforces the result in every write path a user acts
-- through: triggers refuse a suspended or banned user's writes
-- (trust.refuse_suspended_actor) and keep a shadow-banned voter's votes
-- out of others' reputation (trust.refuse_shadow_banned_votes). Returns
-- the moderation log row.
select
    m.id as moderation_log_id,
    m.target_user_id as user_id,
    m.action,
    m.reason,
    m.details,
    m.created_at
from
    trust.moderate(
        {{ admin_id }}::bigint, {{ user_id }}::bigint, upper('{{ action }}'), {{ reason }}::text,
        {{ until }}::timestamptz, {{ details }}::jsonb
    ) as m
