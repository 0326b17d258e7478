-- Undo 0026 (seed 003 rollback: ChallengeParticipant, Challenge).
-- Loses every challenge and every participant's progress.

drop table reward.challenge_participants;
drop table reward.challenges;
