-- transactional: false
--
-- Undo 0186: the vote graph's primary key goes back to (id) alone, its
-- index built CONCURRENTLY first and swapped in, and the foreign key from
-- target_user_id to core.users (ON DELETE CASCADE) comes back: added NOT
-- VALID (a short lock), then validated under a lock that lets writers go
-- on. No data is lost; the validation fails, changing nothing, if an edge
-- names a user who is gone (the invariant vote_graph_names_users lists
-- them).

create unique index concurrently idx_vote_graph_id on community.vote_graph (id);
alter table community.vote_graph drop constraint vote_graph_pkey,
add constraint vote_graph_pkey primary key using index idx_vote_graph_id;

do $$
begin
    if not exists (
        select from pg_constraint
        where conrelid = 'community.vote_graph'::regclass and conname = 'vote_graph_target_user_id_fkey'
    ) then
        alter table community.vote_graph add constraint vote_graph_target_user_id_fkey
        foreign key (target_user_id) references core.users (id) on delete cascade not valid;
    end if;
end;
$$;
alter table community.vote_graph validate constraint vote_graph_target_user_id_fkey;
