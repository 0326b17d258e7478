-- Validates 0120's check on reward.achievements. VALIDATE takes only a
-- SHARE UPDATE EXCLUSIVE lock, so achievements go on being read and
-- written meanwhile; the catalogue is small and its new columns empty.

alter table reward.achievements validate constraint achievements_requirements_check;
