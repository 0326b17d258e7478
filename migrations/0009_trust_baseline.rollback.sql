-- Undo 0009: every object of the trust module, by name, and its triggers on
-- other modules' tables.
-- It drops the module's tables with every row in them: back up first.

delete from core.partitioned_tables
where table_name in ('trust.fact_check_logs', 'trust.moderation_logs');
drop trigger answer_votes_refuse_suspended on community.answer_votes;
drop trigger answers_refuse_suspended on community.answers;
drop trigger doubt_votes_refuse_suspended on community.doubt_votes;
drop trigger doubts_refuse_suspended on community.doubts;
drop trigger users_create_trust_score on core.users;
drop trigger game_sessions_refuse_suspended on play.game_sessions;
drop trigger reputation_ledger_accept_votes on reward.reputation_ledger;
drop trigger xp_ledger_refuse_suspended on reward.xp_ledger;
drop view trust.interaction_entropy;
drop view trust.trust_components;
drop view trust.abuse_findings;
drop function trust.score_from_components(
    numeric, numeric, numeric, numeric, numeric, numeric, integer, integer, numeric
);
drop function trust.record_fact_check(bigint, text, text, jsonb, numeric, text);
drop function trust.recompute_trust_scores(bigint[]);
drop function trust.near_duplicates_since(timestamp with time zone);
drop function trust.moderate(bigint, bigint, text, text, timestamp with time zone, jsonb);
drop function trust.lsh_buckets(real[]);
drop function trust.cosine_similarity(real[], real[]);
drop function trust.components_of(bigint[]);
drop function trust.abuse_findings_of(bigint[], timestamp with time zone);
drop table
trust.trust_scores,
trust.moderation_logs,
trust.lsh_hyperplanes,
trust.fact_check_logs,
trust.embedded_contents,
trust.content_embeddings,
trust.abuse_flag_evidence,
trust.abuse_flags;
drop function trust.set_lsh_buckets();
drop function trust.reverse_serial_votes();
drop function trust.refuse_suspended_actor();
drop function trust.refuse_shadow_banned_votes();
drop function trust.keep_reviews_final();
drop function trust.keep_reviewed_flags();
drop function trust.keep_evidence_of_reviews_final();
drop function trust.keep_embedded_contents();
drop function trust.fill_evidence_user();
drop function trust.create_trust_score();
drop type trust.abuse_flag_evidence_row;
