-- name: run_award_rules
-- description: Grant and revoke achievements and badges by their rules, as one recorded run
-- mode: write
-- schedule: 0 * * * *
-- param: rules text[] = null | only these rule keys
--
-- What award_rules_preview shows, applied: each grant and revoke is logged
-- in reward.award_changes with this run and the rule version, and the
-- grant rows name them too. Repeating the run grants nothing twice. Every
-- row printed is a change this run made.
select
    r.run_id,
    r.rule_key,
    r.rule_version,
    r.award_kind,
    r.award_key,
    r.user_id,
    r.change
from reward.run_award_rules({{ rules }}) as r
