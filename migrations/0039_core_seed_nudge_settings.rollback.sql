-- Undo 0039: removes the three nudge settings (their history stays).

delete from core.gamification_settings
where key in ('nudge_inactive_days', 'max_nudges_per_week', 'nudge_inactive_message');
