-- Seed 002, extended Quest model: twelve new columns for inner_edu
-- compatibility, the public marketplace, psychologist review and reveal
-- analytics (psychologist_review_id comes with its table in 0044).
--
-- On the live quests table: every column is nullable or has a constant
-- default ("all new columns have defaults", as the seed promises), so the
-- change rewrites nothing. Its rules are added NOT VALID and validated by
-- 0050:
--   * graph_structure has the graph shape (0042);
--   * age_range reads "7-9" (low <= high); rating lies in 1..5;
--   * counters are never negative;
--   * a public quest has been approved by a psychologist.
-- rating, psychologist_reviewed and reviewed_at are derived from the rating
-- and review rows; triggers (0052) keep them true.

alter table quest.quests
add column graph_structure jsonb,
add column psychological_module text,
add column location text,
add column age_range text,
add column is_public boolean not null default false,
add column rating numeric(3, 2),
add column plays_count integer not null default 0,
add column psychologist_reviewed boolean not null default false,
add column reviewed_at timestamptz,
add column reveal_count integer not null default 0,
add column last_reveal_at timestamptz;

alter table quest.quests
add constraint quests_graph_structure_check
check (quest.check_graph_structure(graph_structure, 'quests.graph_structure')) not valid;

alter table quest.quests
add constraint quests_age_range_check check (
    -- CASE, not AND: the casts must only run once the pattern matched.
    case
        when age_range ~ '^[0-9]{1,2}-[0-9]{1,2}$'
            then split_part(age_range, '-', 1)::integer <= split_part(age_range, '-', 2)::integer
        else age_range is null
    end
) not valid;

alter table quest.quests
add constraint quests_counts_check check (
    rating between 1 and 5 and plays_count >= 0 and reveal_count >= 0
) not valid;

alter table quest.quests
add constraint quests_public_needs_review_check check (not is_public or psychologist_reviewed) not valid;

comment on column quest.quests.graph_structure is
'PRIMARY storage of the quest (seed 002): {"nodes": [...], "edges": [...]}, inner_edu''s format.';
comment on column quest.quests.psychological_module is 'Therapy approach: IFS, DBT, CBT, ACT, ...';
comment on column quest.quests.location is 'Where in the game world the quest takes place.';
comment on column quest.quests.age_range is 'Ages the quest suits, "low-high", e.g. 7-9.';
comment on column quest.quests.is_public is 'Shown in the public marketplace (only once a psychologist approved it).';
comment on column quest.quests.rating is 'Derived: average of quest_ratings.rating, 2 decimals; NULL when unrated.';
comment on column quest.quests.plays_count is 'Derived: play sessions recorded in quest_progress.';
comment on column quest.quests.psychologist_reviewed is 'Derived: an approved psychologist review exists.';
comment on column quest.quests.reviewed_at is 'Derived: when that review was approved.';
comment on column quest.quests.reveal_count is 'Times a parent viewed the completion (reveal) message.';
comment on column quest.quests.last_reveal_at is 'Last time the reveal message was viewed.';
