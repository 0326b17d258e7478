-- name: detect_abuse
-- description: Run the abuse detectors and write their flags with the evidence rows (idempotent)
-- mode: write
-- schedule: 20 * * * *
-- schedule-after: refresh_vote_graph
-- param: flag_types text[] = null | only these detectors (VOTE_TRADING, SERIAL_VOTING, LOW_ENTROPY, SIMILARITY_HIGH)
-- param: recompute_all bool = false | run the detectors over everyone, not only what changed
--
-- The detectors are the view trust.abuse_findings (read it to see what a run
-- would write). Each finding is one flag per (flag_type, user_id,
-- detector_key): a new finding inserts a PENDING flag; a finding whose
-- details changed updates its flag while it is still PENDING; a reviewed
-- flag is never touched. Evidence rows are added to the flags written, each
-- once. Running again with nothing new writes nothing. Run refresh_vote_graph
-- first: vote trading and entropy read the vote graph.
--
-- Incremental: the detectors run for the users who voted or retracted
-- since the watermark (core.job_watermarks, the database's vote events)
-- and for the content created since then (trust.abuse_findings_of); the
-- first run of a day (UTC), the first run ever and recompute_all=true run
-- them over everyone, which also applies changed thresholds. Both paths
-- write the same flags. The watermark advances in this transaction, unless
-- flag_types left some detectors out.
with progress as (
    select
        w.since,
        {{ recompute_all }}::boolean or w.is_first_of_day as is_full
    from core.job_window('detect_abuse') as w
),

touched as (
    select coalesce(array_agg(distinct e.user_id), '{}') as user_ids
    from core.event_logs as e
    cross join progress as p
    where
        not p.is_full
        and e.event_type in ('vote.cast', 'vote.retracted')
        and e.emitted_at >= p.since
        and e.user_id is not null
),

scope as (
    -- null: everyone and the whole similarity window
    select
        case when not p.is_full then t.user_ids end as user_ids,
        case when not p.is_full then p.since end as content_since
    from progress as p
    cross join touched as t
),

findings as materialized (
    select f.*
    from scope as s
    cross join trust.abuse_findings_of(s.user_ids, s.content_since) as f
    {% if flag_types %}
    where f.flag_type = any({{ flag_types }})
    {% endif %}
),

flagged as (
    insert into trust.abuse_flags as a (user_id, flag_type, severity, details, detector_key)
    select
        f.user_id,
        f.flag_type,
        f.severity,
        f.details,
        f.detector_key
    from findings as f
    on conflict (flag_type, user_id, detector_key) do update
        set severity = excluded.severity, details = excluded.details
        where
        a.status = 'PENDING'
        and (a.severity, a.details) is distinct from (excluded.severity, excluded.details)
    returning a.id, a.flag_type, a.user_id, a.detector_key, (a.xmax = 0) as is_new
),

evidence as (
    insert into trust.abuse_flag_evidence (flag_id, user_id, source_table, source_id)
    select
        fl.id,
        fl.user_id,
        e.source_table,
        e.source_id
    from flagged as fl
    inner join findings as f
        on fl.flag_type = f.flag_type and fl.user_id = f.user_id and fl.detector_key = f.detector_key
    cross join lateral unnest(f.evidence) as e
    on conflict do nothing
    returning flag_id
),

evidence_counts as (
    select
        e.flag_id,
        count(*) as rows_added
    from evidence as e
    group by e.flag_id
),

advanced as (
    select core.advance_job_watermark('detect_abuse', p.is_full) as advanced
    from progress as p
    where {{ flag_types }}::text[] is null
)

select
    fl.flag_type,
    count(*) filter (where fl.is_new) as flags_new,
    count(*) filter (where not fl.is_new) as flags_updated,
    coalesce(sum(ec.rows_added), 0) as evidence_added
from flagged as fl
left join evidence_counts as ec on fl.id = ec.flag_id
-- No column here: PostgreSQL evaluates this once, before the first row,
-- so the watermark step runs even when nothing was flagged.
where (select count(*) from advanced) >= 0
group by fl.flag_type
order by fl.flag_type
