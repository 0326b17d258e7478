-- Undo 0087: no award rules. Loses the rules, their versions, the runs and
-- the change log; grants already made stay, without their provenance.

drop function reward.run_award_rules(text[]);
drop function reward.evaluate_award_rules(text[]);
alter table reward.user_achievements
drop column rule_version,
drop column rule_id,
drop column run_id;
alter table reward.badge_grants
drop column rule_version,
drop column rule_id,
drop column run_id;
drop table reward.award_changes;
drop table reward.award_runs;
drop trigger award_rules_keep_version on reward.award_rules;
drop function reward.keep_award_rule_version();
drop trigger award_rules_check on reward.award_rules;
drop function reward.check_award_rule();
drop table reward.award_rule_versions;
drop table reward.award_rules;
delete from reward.badges as b
where
    b.key in ('first_answer', 'helpful', 'trusted')
    and not exists (
        select 1 from reward.badge_grants as g
        where g.badge_id = b.id
    );
