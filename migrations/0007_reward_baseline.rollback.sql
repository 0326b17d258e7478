-- Undo 0007: every object of the reward module, by name, and its triggers on
-- other modules' tables.
-- It drops the module's tables with every row in them: back up first.

delete from core.partitioned_tables
where table_name in (
        'reward.award_changes',
        'reward.nudge_history',
        'reward.reputation_ledger',
        'reward.streak_events',
        'reward.xp_ledger'
    );
drop view reward.user_ledger_totals;
drop function reward.settle_streaks(date);
drop function reward.run_award_rules(text[], timestamp with time zone);
drop function reward.record_streak_activity(bigint, date);
drop function reward.record_achievement_progress(bigint, text, integer, bigint);
drop function reward.evaluate_award_rules(text[], timestamp with time zone);
drop function reward.award_rule_changes_sql(bigint, boolean);
drop function reward.achievement_requirements_missing(bigint, bigint);
drop table
reward.xp_period_totals,
reward.xp_ledger,
reward.user_stats,
reward.user_achievements,
reward.streaks,
reward.streak_events,
reward.reputation_ledger,
reward.nudge_history,
reward.levels,
reward.leaderboard_snapshots,
reward.daily_earnings,
reward.challenge_participants,
reward.challenges,
reward.badge_grants,
reward.award_changes,
reward.award_runs,
reward.award_rule_versions,
reward.award_rules,
reward.badges,
reward.achievement_progress,
reward.achievements;
drop function reward.refuse_early_unlock();
drop function reward.refuse_app_accept_events();
drop function reward.record_ledger_row();
drop function reward.keep_award_rule_version();
drop function reward.check_award_rule();
drop function reward.apply_daily_cap();
drop function reward.add_to_xp_periods();
drop function reward.accept_award();
