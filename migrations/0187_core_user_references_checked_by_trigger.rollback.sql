-- Undo 0187: the fifteen foreign keys to core.users come back, each
-- checked over every row (a scan under a lock that makes the writers of
-- both tables wait: a rollback is the rare path), and the triggers that
-- held their rule go. It fails, changing nothing, if a row names a user
-- who no longer exists (the invariant rows_name_users lists them).
--
-- Locks in the order writers take them: the user, then the tables, the
-- event log last (the community's and the moderators' writes log events).

lock table core.users in share row exclusive mode;
lock table chat.conversation_logs, chat.training_samples, community.communities, community.doubts,
community.answers, community.doubt_votes, community.answer_votes, quest.psychologists, quest.quests,
quest.psychologist_reviews, reward.challenges, trust.fact_check_logs, trust.moderation_logs
in access exclusive mode;
lock table core.event_logs in access exclusive mode;

alter table chat.conversation_logs add constraint conversation_logs_user_id_fkey
foreign key (user_id) references core.users (id);
drop trigger conversation_logs_user_names_a_user on chat.conversation_logs;

alter table chat.training_samples add constraint training_samples_user_id_fkey
foreign key (user_id) references core.users (id);
drop trigger training_samples_user_names_a_user on chat.training_samples;

alter table community.communities add constraint communities_created_by_id_fkey
foreign key (created_by_id) references core.users (id);
drop trigger communities_creator_names_a_user on community.communities;

alter table community.doubts add constraint doubts_author_id_fkey
foreign key (author_id) references core.users (id);
drop trigger doubts_author_names_a_user on community.doubts;

alter table community.answers add constraint answers_author_id_fkey
foreign key (author_id) references core.users (id);
drop trigger answers_author_names_a_user on community.answers;

alter table community.doubt_votes add constraint doubt_votes_voter_id_fkey
foreign key (voter_id) references core.users (id);
drop trigger doubt_votes_voter_names_a_user on community.doubt_votes;

alter table community.answer_votes add constraint answer_votes_voter_id_fkey
foreign key (voter_id) references core.users (id);
drop trigger answer_votes_voter_names_a_user on community.answer_votes;

alter table core.event_logs add constraint event_logs_user_id_fkey
foreign key (user_id) references core.users (id) on delete set null;
drop trigger event_logs_user_names_a_user on core.event_logs;

alter table quest.psychologists add constraint psychologists_user_id_fkey
foreign key (user_id) references core.users (id);
drop trigger psychologists_user_names_a_user on quest.psychologists;

alter table quest.quests add constraint quests_user_id_fkey
foreign key (user_id) references core.users (id);
drop trigger quests_creator_names_a_user on quest.quests;

alter table quest.psychologist_reviews add constraint psychologist_reviews_reviewer_id_fkey
foreign key (reviewer_id) references core.users (id);
drop trigger psychologist_reviews_reviewer_names_a_user on quest.psychologist_reviews;

alter table reward.challenges add constraint challenges_created_by_id_fkey
foreign key (created_by_id) references core.users (id);
drop trigger challenges_creator_names_a_user on reward.challenges;

alter table trust.fact_check_logs add constraint fact_check_logs_user_id_fkey
foreign key (user_id) references core.users (id) on delete set null;
drop trigger fact_check_logs_user_names_a_user on trust.fact_check_logs;

alter table trust.moderation_logs add constraint moderation_logs_admin_id_fkey
foreign key (admin_id) references core.users (id);
alter table trust.moderation_logs add constraint moderation_logs_target_user_id_fkey
foreign key (target_user_id) references core.users (id);
drop trigger moderation_logs_users_name_users on trust.moderation_logs;

drop function core.rows_naming_no_user();
drop function core.user_checked_columns();
drop function core.refuse_unknown_users();
