-- Undo 0060 (seed 004 phase 1, trust part): drops the trust tables and schema.
-- Loses trust scores, abuse flags, moderation and fact-check logs, embeddings.

drop function trust.cosine_similarity(real[], real[]);
drop table trust.content_embeddings;
drop table trust.fact_check_logs;
drop table trust.moderation_logs;
drop table trust.abuse_flags;
drop table trust.trust_scores;
drop schema trust;
