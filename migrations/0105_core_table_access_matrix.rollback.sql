-- Undo 0105: the grants of 0092 come back (every row privilege to
-- gamedb_app but on the append-only tables and award rules; gamedb_readonly
-- all columns but the personal ones 0092 named), and the declaration with
-- its procedure and view is dropped.

drop view core.table_access_drift;
drop procedure core.apply_table_access();
drop table core.table_access;

revoke all on all tables in schema core, chat, play, quest, learn, reward, community, trust, report
from gamedb_app, gamedb_readonly;

grant select, insert, update, delete
on all tables in schema core, chat, play, quest, learn, reward, community, trust to gamedb_app;
revoke update, delete on
core.gamification_settings_history, reward.xp_ledger, reward.reputation_ledger, reward.leaderboard_snapshots,
reward.award_rule_versions, reward.award_changes, reward.streak_events
from gamedb_app;
revoke insert, update, delete on reward.award_rules from gamedb_app;
grant select on all tables in schema report to gamedb_app;

grant select on all tables in schema core, chat, play, quest, learn, reward, community, trust, report
to gamedb_readonly;
do $$
declare
    personal record;
    readable text;
begin
    for personal in
        select p.table_name::regclass as table_name, p.columns
        from (
            values
            -- forgotten_at came after 0092 (0093): its column grant never included it.
            ('core.users', array['phone', 'email', 'first_name', 'last_name', 'parent_name', 'forgotten_at']),
            ('core.accounts', array['access_token', 'refresh_token']),
            ('core.verification_tokens', array['identifier', 'token']),
            ('chat.conversation_logs', array['phone_number', 'user_message', 'bot_response', 'conversation_context']),
            ('chat.conversation_memory', array['content']),
            ('chat.flow_runs', array['phone_number', 'context']),
            ('chat.training_samples', array['text', 'context']),
            ('quest.child_privacy_settings', array['child_display_name'])
        ) as p (table_name, columns)
    loop
        select string_agg(quote_ident(a.attname), ', ' order by a.attnum) into readable
        from pg_attribute as a
        where
            a.attrelid = personal.table_name and a.attnum > 0 and not a.attisdropped
            and a.attname <> all(personal.columns);
        execute format('revoke select on %s from gamedb_readonly', personal.table_name);
        execute format('grant select (%s) on %s to gamedb_readonly', readable, personal.table_name);
    end loop;
end;
$$;
