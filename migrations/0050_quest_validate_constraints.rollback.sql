-- Undo 0050: back to the NOT VALID state 0041, 0043 and 0044 left (each
-- dropped and added again NOT VALID: no scan). No data is lost.

alter table quest.quests
drop constraint quests_psychologist_review_id_fkey,
add constraint quests_psychologist_review_id_fkey
foreign key (psychologist_review_id) references quest.psychologist_reviews (id) on delete set null not valid;

alter table quest.quests
drop constraint quests_public_needs_review_check,
add constraint quests_public_needs_review_check check (not is_public or psychologist_reviewed) not valid;

alter table quest.quests
drop constraint quests_counts_check,
add constraint quests_counts_check check (
    rating between 1 and 5 and plays_count >= 0 and reveal_count >= 0
) not valid;

alter table quest.quests
drop constraint quests_age_range_check,
add constraint quests_age_range_check check (
    -- CASE, not AND: the casts must only run once the pattern matched.
    case
        when age_range ~ '^[0-9]{1,2}-[0-9]{1,2}$'
            then split_part(age_range, '-', 1)::integer <= split_part(age_range, '-', 2)::integer
        else age_range is null
    end
) not valid;

alter table quest.quests
drop constraint quests_graph_structure_check,
add constraint quests_graph_structure_check
check (quest.check_graph_structure(graph_structure, 'quests.graph_structure')) not valid;

alter table core.users
drop constraint users_learning_profile_check,
add constraint users_learning_profile_check
check (core.check_jsonb_object(learning_profile, 'users.learning_profile')) not valid;

alter table core.users
drop constraint users_mode_check,
add constraint users_mode_check check (mode in ('EDUCATIONAL', 'THERAPEUTIC')) not valid;
