-- Undo 0005: drops system_critical. Which flows were critical is lost
-- (the seed migration that marks them is rolled back before this one).

alter table chat.flows drop column system_critical;
