-- name: run_award_rules
-- description: Grant and revoke achievements and badges by their rules, as one recorded run
-- mode: write
-- schedule: 0 * * * *
-- param: rules text[] = null | only these rule keys
-- param: recompute_all bool = false | evaluate every rule for everyone, not only for what changed
--
-- What award_rules_preview shows, applied: each grant and revoke is logged
-- in reward.award_changes with this run and the rule version, and the
-- grant rows name them too. Repeating the run grants nothing twice. Every
-- row printed is a change this run made.
--
-- Incremental: a rule with triggered_by is evaluated for the users of
-- those events since the watermark (core.job_watermarks), unless the rule
-- changed since; other rules for everyone. The first run of a day (UTC),
-- the first run ever and recompute_all=true evaluate every rule for
-- everyone. Both paths make the same changes. The watermark advances in
-- this transaction, unless rules left some out.
with progress as (
    select
        w.since,
        {{ recompute_all }}::boolean or w.is_first_of_day as is_full
    from core.job_window('run_award_rules') as w
),

advanced as (
    select core.advance_job_watermark('run_award_rules', p.is_full) as advanced
    from progress as p
    where {{ rules }}::text[] is null
)

select
    r.run_id,
    r.rule_key,
    r.rule_version,
    r.award_kind,
    r.award_key,
    r.user_id,
    r.change
from progress as p
cross join reward.run_award_rules({{ rules }}, case when not p.is_full then p.since end) as r
-- No column here: PostgreSQL evaluates this once, before the first row,
-- so the watermark step runs even when nothing changed.
where (select count(*) from advanced) >= 0
order by r.rule_key, r.user_id, r.change
