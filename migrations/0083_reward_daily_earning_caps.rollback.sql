-- Undo 0083: no daily caps. Loses the per-day earnings, what the caps
-- withheld (cap_trimmed) and the reputation-per-vote settings; the ledger
-- amounts and user totals stay as written. Refuses once the cap has trimmed
-- an XP award (see below).

drop trigger reputation_ledger_apply_daily_cap on reward.reputation_ledger;
drop trigger xp_ledger_apply_daily_cap on reward.xp_ledger;
drop function reward.apply_daily_cap();
comment on column reward.xp_ledger.final_xp is
'round(base_xp * mastery_mult * trust_mult * fact_check_mult * time_decay).';
-- A capped row does not fit the old formula, and the ledger cannot be
-- rewritten: the rollback refuses rather than leave rows breaking it.
do $$
begin
    if exists (select 1 from reward.xp_ledger where cap_trimmed > 0) then
        raise exception 'cannot undo 0083: reward.xp_ledger has rows the daily cap trimmed'
            using errcode = 'check_violation',
            hint = 'Those rows only fit the formula with cap_trimmed; keep 0083 applied.';
    end if;
end;
$$;
alter table reward.xp_ledger
drop constraint xp_ledger_final_xp_check,
add constraint xp_ledger_final_xp_check check (
    final_xp = round(base_xp * mastery_mult * trust_mult * fact_check_mult * time_decay)
    and mastery_mult >= 0 and trust_mult >= 0 and fact_check_mult >= 0 and time_decay between 0 and 1
);
alter table reward.reputation_ledger drop column cap_trimmed;
alter table reward.xp_ledger drop column cap_trimmed;
drop table reward.daily_earnings;
delete from core.gamification_settings
where key in (
        'daily_xp_cap', 'daily_reputation_cap', 'reputation_answer_upvote', 'reputation_doubt_upvote',
        'reputation_downvote'
    );
