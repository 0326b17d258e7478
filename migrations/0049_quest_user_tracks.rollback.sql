-- Undo 0049 (seed 002 downgrade: UserTrack). Loses every recovery track's progress.

drop table quest.user_tracks;
