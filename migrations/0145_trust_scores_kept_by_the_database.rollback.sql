-- Undo 0145: the application may insert and update trust scores again,
-- no event follows a change of score, and the trusted rule is evaluated
-- for everyone on every run.

update reward.award_rules set triggered_by = null
where key = 'trusted' and triggered_by = '{trust.score_changed}';

update core.table_access
set
    app_privileges = '{SELECT,INSERT,UPDATE}',
    app_update_columns = null,
    why = 'one per user, kept by recompute_trust_scores'
where table_name = 'trust.trust_scores';
call core.apply_table_access();

drop trigger trust_scores_log_score_change on trust.trust_scores;

create or replace function trust.create_trust_score() returns trigger
language plpgsql as $$
begin
    insert into trust.trust_scores (user_id) values (new.id) on conflict (user_id) do nothing;
    return null;
end;
$$;
