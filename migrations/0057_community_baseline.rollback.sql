-- Undo 0057: drops the community baseline and its schema. Loses every doubt,
-- answer, vote, community and membership.

drop table community.community_doubts;
drop table community.community_members;
drop table community.communities;
drop table community.answer_votes;
drop table community.doubt_votes;
drop table community.answers;
drop table community.doubts;
drop schema community;
