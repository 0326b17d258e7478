-- name: award_xp
-- description: Award XP with its breakdown; the database applies the formula and the daily cap
-- mode: write
-- param: user_id int >= 1 | who earns it
-- param: event_type text | the XPEvent, e.g. ANSWER_ACCEPTED
-- param: base_xp int | XP before multipliers
-- param: reason text | why, in words
-- param: mastery_mult numeric = 1.0 | mastery multiplier
-- param: trust_mult numeric = 1.0 | trust multiplier
-- param: fact_check_mult numeric = 1.0 | fact-check multiplier
-- param: time_decay numeric = 1.0 | time decay, 0..1
-- param: concept_id int >= 1 = null | the concept it is for
--
-- final_xp is computed by the one formula (the table checks it); the ledger
-- trigger then withholds what exceeds daily_xp_cap (cap_trimmed) and adds
-- the rest to the user's total_xp.
insert into reward.xp_ledger (
    user_id, event_type, concept_id, base_xp, mastery_mult, trust_mult, fact_check_mult, time_decay, final_xp,
    reason
)
values (
    {{ user_id }}, {{ event_type }}, {{ concept_id }}, {{ base_xp }}, {{ mastery_mult }}, {{ trust_mult }},
    {{ fact_check_mult }}, {{ time_decay }},
    round({{ base_xp }} * {{ mastery_mult }} * {{ trust_mult }} * {{ fact_check_mult }} * {{ time_decay }}),
    {{ reason }}
)
returning id, user_id, base_xp, final_xp, cap_trimmed
