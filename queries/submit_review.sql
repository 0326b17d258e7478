-- name: submit_review
-- description: A psychologist submits (or resubmits) the review of a quest; it waits for a decision
-- mode: write
-- param: quest_id int >= 1 | the quest reviewed
-- param: reviewer_id int >= 1 | the psychologist
-- param: emotional_safety int | 1..5
-- param: therapeutic_correctness int | 1..5
-- param: age_appropriateness int | 1..5
-- param: reveal_timing int | 1..5
-- param: strengths text = null | what works
-- param: concerns text = null | what worries
-- param: recommendations text = null | what to change
--
-- A resubmission replaces the scores and clears any earlier decision, so
-- the quest leaves the marketplace until the review is approved again.
insert into quest.psychologist_reviews as r (
    quest_id, reviewer_id, emotional_safety_score, therapeutic_correctness_score,
    age_appropriateness_score, reveal_timing_score, strengths, concerns, recommendations
)
values (
    {{ quest_id }}::bigint, {{ reviewer_id }}::bigint, {{ emotional_safety }}::integer,
    {{ therapeutic_correctness }}::integer, {{ age_appropriateness }}::integer, {{ reveal_timing }}::integer,
    {{ strengths }}::text, {{ concerns }}::text, {{ recommendations }}::text
)
on conflict (quest_id) do update
    set
        reviewer_id = excluded.reviewer_id,
        emotional_safety_score = excluded.emotional_safety_score,
        therapeutic_correctness_score = excluded.therapeutic_correctness_score,
        age_appropriateness_score = excluded.age_appropriateness_score,
        reveal_timing_score = excluded.reveal_timing_score,
        strengths = excluded.strengths,
        concerns = excluded.concerns,
        recommendations = excluded.recommendations,
        is_approved = false,
        reviewed_at = null
returning id as review_id, quest_id, is_approved
