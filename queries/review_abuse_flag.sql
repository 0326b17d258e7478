-- name: review_abuse_flag
-- description: Confirm or dismiss a pending abuse flag; confirming serial voting reverses its reputation
-- mode: write
-- param: flag_id int >= 1 | the flag
-- param: decision choice(CONFIRMED|FALSE_POSITIVE) | the review's outcome
-- param: reviewer_id int >= 1 | the moderator
--
-- Only a PENDING flag changes (a review is final: no row otherwise). For a
-- confirmed SERIAL_VOTING flag the database adds, in this transaction, a
-- compensating reputation row for each ledger row its votes produced.
update trust.abuse_flags as a
set status = '{{ decision }}', reviewed_by = {{ reviewer_id }}, reviewed_at = now()
where a.id = {{ flag_id }} and a.status = 'PENDING'
returning a.id, a.user_id, a.flag_type, a.status, a.reviewed_by
