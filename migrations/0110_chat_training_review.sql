-- Review of NLU training samples as a flow of the database (seed 000: samples
-- are reviewed before they train a model; until now only a raw UPDATE
-- could approve one, and the application could approve its own samples).
--
--   chat.review_training_sample(sample, reviewer, decision, intent, entities)
--       approve, reject or relabel (a new intent, and entities, then
--       approved) one pending sample, recording who decided and when in
--       approved_by and approved_at (for a rejection too: they say who
--       reviewed it). A decided sample is not decided again.
--   chat.approve_training_samples(reviewer, source, intent, min_confidence, max_rows)
--       bulk approval of pending samples matching a filter, oldest first.
-- Both run as the owner: 0105's declaration now makes the review columns
-- the database's to write, so these functions are the application's only
-- way to decide a sample. Export already takes approved samples only
-- (training_samples_used_check of 0007: a used sample is approved).

create function chat.review_training_sample(
    p_sample_id bigint,
    p_reviewer text,
    p_decision text,
    p_intent text default null,
    p_entities jsonb default null
) returns setof chat.training_samples
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
declare
    sample chat.training_samples;
begin
    if coalesce(btrim(p_reviewer), '') = '' then
        raise exception 'a review names its reviewer' using errcode = 'check_violation';
    end if;
    if p_decision not in ('approve', 'reject', 'relabel') then
        raise exception 'decision must be approve, reject or relabel, not %', p_decision
            using errcode = 'check_violation';
    end if;
    if (p_decision = 'relabel') <> (p_intent is not null) then
        raise exception 'relabel needs the new intent, and only relabel takes one' using errcode = 'check_violation';
    end if;
    select * into sample from chat.training_samples as s where s.id = p_sample_id for update;
    if not found then
        raise exception 'no training sample %', p_sample_id using errcode = 'no_data_found';
    end if;
    if sample.review_status <> 'pending' then
        raise exception 'training sample % was already reviewed (%)', p_sample_id, sample.review_status
            using errcode = 'check_violation';
    end if;
    return query
    update chat.training_samples as s
    set
        review_status = case p_decision when 'reject' then 'rejected' else 'approved' end,
        approved = p_decision <> 'reject',
        approved_by = p_reviewer,
        approved_at = now(),
        intent = coalesce(p_intent, s.intent),
        entities = case when p_decision = 'relabel' then p_entities else s.entities end
    where s.id = p_sample_id
    returning s.*;
end;
$$;
comment on function chat.review_training_sample(bigint, text, text, text, jsonb) is
'Approves, rejects or relabels one pending training sample, recording the reviewer and time.';

create function chat.approve_training_samples(
    p_reviewer text,
    p_source text default null,
    p_intent text default null,
    p_min_confidence numeric default null,
    p_max_rows integer default 1000
) returns setof chat.training_samples
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
    if coalesce(btrim(p_reviewer), '') = '' then
        raise exception 'a review names its reviewer' using errcode = 'check_violation';
    end if;
    if p_max_rows not between 1 and 100000 then
        raise exception 'max_rows must be 1 to 100000, not %', p_max_rows using errcode = 'check_violation';
    end if;
    return query
    with picked as (
        select s.id
        from chat.training_samples as s
        where
            s.review_status = 'pending'
            and (p_source is null or s.source = p_source)
            and (p_intent is null or s.intent = p_intent)
            and (p_min_confidence is null or s.confidence >= p_min_confidence)
        order by s.created_at, s.id
        limit p_max_rows
        for update skip locked
    )

    update chat.training_samples as s
    set review_status = 'approved', approved = true, approved_by = p_reviewer, approved_at = now()
    from picked as p
    where s.id = p.id
    returning s.*;
end;
$$;
comment on function chat.approve_training_samples(text, text, text, numeric, integer) is
'Approves pending training samples matching the filter (source, intent, minimum confidence), oldest first.';

update core.table_access
set
    database_columns = '{approved,approved_by,approved_at,review_status}',
    why = 'NLU training data; reviewed only through chat.review_training_sample and approve_training_samples'
where table_name = 'chat.training_samples';
call core.apply_table_access();
