-- Undo 0121: the check goes back to NOT VALID, as 0120 left it, with its
-- comment (catalogue only; no row is read or changed).

alter table reward.achievements
drop constraint achievements_requirements_check,
add constraint achievements_requirements_check check (
    progress_target > 0 and min_unique_users > 0 and min_day_span > 0
) not valid;
comment on constraint achievements_requirements_check on reward.achievements is
'Requirements, where given, are positive (validated by 0121).';
