-- name: record_fact_check
-- description: Log a fact-check of generated text: its claims with their NLI labels, confidence and the action taken
-- mode: write
-- param: user_id int >= 1 = null | whose question it answered
-- param: generated_text text | the text that was checked
-- param: context_used text | the context it was checked against
-- param: claims json | [{"claim": "...", "label": "entailment|contradiction|neutral", ...}, ...]
-- param: overall_confidence numeric | 0..1
-- param: action_taken choice(DISPLAY|DISPLAY_WITH_WARNING|BLOCK|REGENERATE) | what was done with the text
--
-- The counts are counted from the claims; safe_to_display follows the action.
select
    f.id as fact_check_id,
    f.claims_checked,
    f.entailment_count,
    f.contradiction_count,
    f.neutral_count,
    f.safe_to_display
from trust.record_fact_check(
        {{ user_id }}::bigint, {{ generated_text }}::text, {{ context_used }}::text, {{ claims }}::jsonb,
        {{ overall_confidence }}::numeric, '{{ action_taken }}'
    ) as f
