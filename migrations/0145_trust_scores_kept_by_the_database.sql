-- Trust scores are the database's to write, and a change of score is an
-- event.
--
-- Until now gamedb_app could insert and update trust.trust_scores, so the
-- application could give any user a score of 1: the trusted badge, and
-- the voter_trust that the reputation ledger records with each vote,
-- followed. The scores are written by trust.recompute_trust_scores (as the
-- owner) and by the trigger that gives a new user the neutral score, which
-- now runs as the owner too. The application keeps one column:
-- ip_clustering_risk, the risk another system measures (no IP data is
-- stored here), which the score reads.
--
-- trust.score_changed: a score that changed is written to core.event_logs
-- in the same transaction (core.log_event), as every community action is.
-- A new user's neutral score (0.5) is not an event: every user has one
-- from the start. The seed award rule `trusted` (score of 0.7 or
-- more) is triggered by it, so run_award_rules evaluates it for the users
-- whose score changed since its previous run instead of for everyone on
-- every run (the other seed rules have had triggers since 0134).
--
-- A function redefined, one trigger (a short lock on trust.trust_scores to
-- create it), privileges taken back, and the seed rule's triggers set
-- where its query is still the seeded one.

create or replace function trust.create_trust_score() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    insert into trust.trust_scores (user_id) values (new.id) on conflict (user_id) do nothing;
    return null;
end;
$$;

create trigger trust_scores_log_score_change
after update of score on trust.trust_scores
for each row when (new.score <> old.score)
execute function core.log_event('trust.score_changed', 'user_id', 'score');

update core.table_access
set
    app_privileges = '{SELECT,UPDATE}',
    app_update_columns = '{ip_clustering_risk}',
    why = 'one per user, written by recompute_trust_scores; the application gives ip_clustering_risk'
where table_name = 'trust.trust_scores';
call core.apply_table_access();

update reward.award_rules set triggered_by = '{trust.score_changed}'
where
    key = 'trusted'
    and query = 'select t.user_id from trust.trust_scores as t where t.score >= 0.7'
    and triggered_by is null;
