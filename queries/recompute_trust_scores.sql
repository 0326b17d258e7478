-- name: recompute_trust_scores
-- description: Recompute every user's trust score from its components, keeping the historical low and high
-- mode: write
-- schedule: 30 * * * *
-- schedule-after: detect_abuse
--
-- The components and the one formula are trust.trust_components and
-- trust.score_from_components; trust.recompute_trust_scores writes them
-- (process_event_log calls it at once for a newly flagged user). Only
-- scores that changed are written, so a second run writes nothing.
-- historical_low and historical_high only ever widen;
-- core.users.trust_score_cache follows the score. Run refresh_vote_graph
-- and detect_abuse first: they feed the components.
select
    r.scores_changed,
    r.caches_changed
from trust.recompute_trust_scores() as r
