-- name: award_rules_preview
-- description: Dry run of the award rules: who would gain and who would lose each award (writes nothing)
-- mode: read
-- param: rules text[] = null | only these rule keys
--
-- Runs in a read-only transaction, so it cannot write even by mistake.
-- change is grant (would gain) or revoke (would lose; revocable rules only).
select
    e.rule_key,
    e.rule_version,
    e.award_kind,
    e.award_key,
    e.user_id,
    e.change
from reward.evaluate_award_rules({{ rules }}) as e
order by e.rule_key, e.change, e.user_id
