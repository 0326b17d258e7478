-- name: recompute_trust_scores
-- description: Recompute every user's trust score from its components, keeping the historical low and high
-- mode: write
-- schedule: 30 * * * *
-- schedule-after: detect_abuse
--
-- The components and the one formula are trust.trust_components and
-- trust.score_from_components. Only scores that changed are written, so a
-- second run writes nothing. historical_low and historical_high only ever
-- widen; core.users.trust_score_cache follows the score. Run
-- refresh_vote_graph and detect_abuse first: they feed the components.
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
    (select count(*) from cached) as caches_changed
