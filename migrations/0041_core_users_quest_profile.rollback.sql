-- Undo 0041 (seed 002 downgrade: the new User columns).
-- Loses every user's mode, parent name and learning profile.

alter table core.users drop column learning_profile, drop column parent_name, drop column mode;
