-- What the abuse detectors need around trust.abuse_flags:
--   * SERIAL_VOTING joins the flag types: one voter voting for one author
--     many times a day (Stack Exchange's serial voting). The seed's list has
--     no such type and VOTE_TRADING means a two-way exchange. Added NOT
--     VALID (every existing row already passes) and validated by 0089.
--   * detector_key: which finding a flag is about (e.g. pair:12-34). A
--     detector writes at most one flag per (flag_type, user_id,
--     detector_key), so running it again changes nothing; the unique index
--     is built CONCURRENTLY by 0090. Flags raised by hand have none.
--   * trust.abuse_flag_evidence: the rows a flag rests on (votes,
--     embeddings), one row each.
--   * A review is final: once CONFIRMED or FALSE_POSITIVE, a flag's status,
--     reviewer and evidence no longer change.
--   * Confirming a SERIAL_VOTING flag reverses the reputation its votes
--     gave, by compensating rows in the reputation ledger (as Stack Exchange
--     reverses serial votes), in the same transaction as the review.
--     A vote's ledger row names it in source_id as '<table>:<vote id>',
--     e.g. 'community.answer_votes:17' (the cast_vote query writes them so).
--   * The detectors' thresholds, as settings.

-- The old list is replaced by the wider one in the same statement.
alter table trust.abuse_flags
-- squawk-ignore ban-drop-constraint
drop constraint abuse_flags_flag_type_check,
add constraint abuse_flags_flag_type_check check (flag_type in (
    'SIMILARITY_HIGH', 'VOTE_TRADING', 'LOW_ENTROPY', 'IP_CLUSTERING',
    'STREAK_FRAUD', 'XP_FARMING', 'SPAM_POSTING', 'SOCKPUPPET', 'SERIAL_VOTING'
)) not valid;
comment on column trust.abuse_flags.flag_type is
'Seed AbuseFlagType: SIMILARITY_HIGH, VOTE_TRADING, LOW_ENTROPY, IP_CLUSTERING, STREAK_FRAUD, XP_FARMING, '
'SPAM_POSTING, SOCKPUPPET; and SERIAL_VOTING (many votes from one voter to one author in a day).';

alter table trust.abuse_flags add column detector_key text;
comment on column trust.abuse_flags.detector_key is
'The finding a detector raised this flag for (e.g. pair:12-34); NULL for flags raised by hand.';

create table trust.abuse_flag_evidence (
    flag_id bigint not null,
    source_table text not null,
    source_id bigint not null,
    constraint abuse_flag_evidence_pkey primary key (flag_id, source_table, source_id),
    constraint abuse_flag_evidence_flag_id_fkey foreign key (flag_id) references trust.abuse_flags (id)
    on delete cascade,
    constraint abuse_flag_evidence_source_table_check check (source_table in (
        'community.answer_votes', 'community.doubt_votes', 'trust.content_embeddings'
    ))
);
comment on table trust.abuse_flag_evidence is 'The rows an abuse flag rests on: votes or content embeddings.';
comment on column trust.abuse_flag_evidence.source_id is 'The id of the row in source_table.';

create function trust.keep_reviews_final() returns trigger
language plpgsql as $$
begin
    if old.status <> 'PENDING'
        and (new.status, new.reviewed_by, new.reviewed_at, new.details, new.severity)
        is distinct from (old.status, old.reviewed_by, old.reviewed_at, old.details, old.severity) then
        raise exception 'abuse flag % was already reviewed (%): a review is final', old.id, old.status
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function trust.keep_reviews_final() is
'BEFORE UPDATE on trust.abuse_flags: a reviewed flag (CONFIRMED, FALSE_POSITIVE) no longer changes.';

create trigger abuse_flags_keep_reviews_final
before update on trust.abuse_flags
for each row execute function trust.keep_reviews_final();

create function trust.reverse_serial_votes() returns trigger
language plpgsql as $$
begin
    -- Each ledger row a flagged vote produced is taken back once: the
    -- unique corrects_id makes a second attempt a no-op.
    insert into reward.reputation_ledger (user_id, event_type, change, reason, source_id, corrects_id)
    select
        r.user_id,
        'SERIAL_VOTE_REVERSED',
        -r.change,
        format('serial voting confirmed by abuse flag %s', new.id),
        r.source_id,
        r.id
    from trust.abuse_flag_evidence as e
    inner join reward.reputation_ledger as r on r.source_id = e.source_table || ':' || e.source_id
    where e.flag_id = new.id and r.corrects_id is null and r.change <> 0
    order by r.id
    on conflict (corrects_id) do nothing;
    return null;
end;
$$;
comment on function trust.reverse_serial_votes() is
'AFTER a SERIAL_VOTING flag is confirmed: compensating reputation rows for every ledger row its votes produced.';

create trigger abuse_flags_reverse_serial_votes
after update of status on trust.abuse_flags
for each row
when (new.flag_type = 'SERIAL_VOTING' and new.status = 'CONFIRMED' and old.status = 'PENDING')
execute function trust.reverse_serial_votes();

create function trust.keep_evidence_of_reviews_final() returns trigger
language plpgsql as $$
declare
    reviewed_status text;
begin
    -- A flag deleted with its user takes its evidence along (cascade): the
    -- flag is gone by then and nothing is refused.
    select f.status into reviewed_status
    from trust.abuse_flags as f
    where f.id = coalesce(new.flag_id, old.flag_id) and f.status <> 'PENDING';
    if found then
        raise exception 'abuse flag % was already reviewed (%): its evidence is final',
            coalesce(new.flag_id, old.flag_id), reviewed_status
            using errcode = 'check_violation';
    end if;
    return coalesce(new, old);
end;
$$;
comment on function trust.keep_evidence_of_reviews_final() is
'BEFORE a change to trust.abuse_flag_evidence: the evidence of a reviewed flag no longer changes.';

create trigger abuse_flag_evidence_keep_reviews_final
before insert or update or delete on trust.abuse_flag_evidence
for each row execute function trust.keep_evidence_of_reviews_final();

insert into core.gamification_settings (key, value, type, description, category, updated_by)
values
(
    'abuse_vote_trading_min_votes', '5', 'number',
    'Vote trading: upvotes each way between two users before the pair is flagged', 'limits', 'migration 0085'
),
(
    'abuse_vote_trading_min_reciprocity', '0.8', 'number',
    'Vote trading: least reciprocity (0..1) of both directions', 'limits', 'migration 0085'
),
(
    'abuse_serial_votes_per_day', '5', 'number',
    'Serial voting: upvotes from one voter to one author in one UTC day that raise a flag', 'limits',
    'migration 0085'
),
(
    'abuse_low_entropy_min_votes', '20', 'number',
    'Low interaction entropy: votes a user must have given before it is judged', 'limits', 'migration 0085'
),
(
    'abuse_low_entropy_max', '0.3', 'number',
    'Low interaction entropy: flagged below this normalised entropy (0..1) of the targets voted for', 'limits',
    'migration 0085'
),
(
    'abuse_similarity_min', '0.95', 'number',
    'Near-duplicate content: cosine similarity (0..1) from which two texts count as the same', 'limits',
    'migration 0085'
),
(
    'abuse_similarity_window_days', '7', 'number',
    'Near-duplicate content: content this recent is compared with all content', 'limits', 'migration 0085'
)
on conflict (key) do nothing;
