-- Undo 0120: the progress function, the unlock rule and the requirement
-- columns go (requirements set on achievements are lost); the application
-- may write progress rows again. Progress and unlocks written stay.

drop function trust.record_fact_check(bigint, text, text, jsonb, numeric, text);

update core.table_access
set
    app_privileges = '{SELECT,INSERT,UPDATE,DELETE}',
    why = 'progress'
where table_name = 'reward.achievement_progress';
call core.apply_table_access();

drop function reward.record_achievement_progress(bigint, text, integer, bigint);
drop trigger user_achievements_refuse_early_unlock on reward.user_achievements;
drop function reward.refuse_early_unlock();
drop function reward.achievement_requirements_missing(bigint, bigint);

alter table reward.achievements
drop constraint achievements_requirements_check,
drop column min_day_span,
drop column min_unique_users,
drop column progress_target;
