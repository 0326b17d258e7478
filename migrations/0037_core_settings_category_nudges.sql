-- Widen the settings' category set with 'nudges', for the nudge loop's
-- settings (0039).
--
-- This is why closed sets are CHECKs and not enums (DESIGN.md): the check is
-- replaced by a wider one, added NOT VALID so the swap holds its lock only
-- for a moment; 0038 validates it.

-- The dropped check is replaced in the same statement by a wider one.
alter table core.gamification_settings
-- squawk-ignore ban-drop-constraint
drop constraint gamification_settings_category_check,
add constraint gamification_settings_category_check
check (category in ('rewards', 'limits', 'gameplay', 'training', 'nudges')) not valid;

comment on column core.gamification_settings.category is 'Closed set: rewards, limits, gameplay, training, nudges.';
