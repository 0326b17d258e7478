-- Undo 0043 (seed 002 downgrade: the new Quest columns). Baseline columns
-- and their data stay. Loses graphs, marketplace flags, ratings averages,
-- play and reveal counts.

alter table quest.quests
drop column last_reveal_at,
drop column reveal_count,
drop column reviewed_at,
drop column psychologist_reviewed,
drop column plays_count,
drop column rating,
drop column is_public,
drop column age_range,
drop column location,
drop column psychological_module,
drop column graph_structure;
