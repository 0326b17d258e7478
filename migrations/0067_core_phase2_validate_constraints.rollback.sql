-- Undo 0067: back to the NOT VALID state of 0064-0066 (dropped and added
-- again NOT VALID: no scan). No data is lost.

alter table reward.achievement_progress
drop constraint achievement_progress_anti_gaming_check,
add constraint achievement_progress_anti_gaming_check check (
    day_span >= 0 and validated_count >= 0 and (first_date is null or last_date >= first_date)
) not valid;

alter table learn.concepts
drop constraint concepts_embedding_check,
add constraint concepts_embedding_check check (
    array_ndims(embedding) = 1 and array_length(embedding, 1) = 384 and array_position(embedding, null) is null
) not valid;

alter table core.users
drop constraint users_trust_check,
add constraint users_trust_check check (
    trust_score_cache between 0 and 1 and (suspended_until is null or is_suspended)
) not valid;
