-- Seed 002, PsychologistReview: professional review of a quest on four
-- scales (1..5) with qualitative feedback; an approved review lets a quest
-- into the public marketplace.
--
-- One review per quest (the seed's 1:1). A review is submitted, then
-- decided: is_approved with reviewed_at (the decision time). Seed indexes:
-- is_approved, reviewed_at. quests.psychologist_review_id (seed: FK to the
-- review) is added to the live quests table nullable, its foreign key NOT
-- VALID (validated by 0050) and its index built CONCURRENTLY by 0051.

create table quest.psychologist_reviews (
    id bigint generated always as identity,
    quest_id bigint not null,
    reviewer_id bigint not null,
    emotional_safety_score integer not null,
    therapeutic_correctness_score integer not null,
    age_appropriateness_score integer not null,
    reveal_timing_score integer not null,
    strengths text,
    concerns text,
    recommendations text,
    is_approved boolean not null default false,
    reviewed_at timestamptz,
    created_at timestamptz not null default now(),
    constraint psychologist_reviews_pkey primary key (id),
    constraint psychologist_reviews_quest_id_key unique (quest_id),
    constraint psychologist_reviews_quest_id_fkey foreign key (quest_id) references quest.quests (id),
    constraint psychologist_reviews_reviewer_id_fkey foreign key (reviewer_id) references core.users (id),
    constraint psychologist_reviews_scores_check check (
        emotional_safety_score between 1 and 5
        and therapeutic_correctness_score between 1 and 5
        and age_appropriateness_score between 1 and 5
        and reveal_timing_score between 1 and 5
    ),
    constraint psychologist_reviews_decision_check check (not is_approved or reviewed_at is not null)
);
comment on table quest.psychologist_reviews is
'A psychologist''s review of one quest (seed 002): four 1..5 scores, feedback, approval.';
comment on column quest.psychologist_reviews.reviewer_id is 'The psychologist (a user) who reviewed.';
comment on column quest.psychologist_reviews.is_approved is 'Approved for the public marketplace.';
comment on column quest.psychologist_reviews.reviewed_at is 'When the review was decided (approved or not).';

create index idx_psychologist_reviews_is_approved on quest.psychologist_reviews (is_approved);
create index idx_psychologist_reviews_reviewed_at on quest.psychologist_reviews (reviewed_at);
create index idx_psychologist_reviews_reviewer_id on quest.psychologist_reviews (reviewer_id);

alter table quest.quests add column psychologist_review_id bigint;

alter table quest.quests
add constraint quests_psychologist_review_id_fkey
foreign key (psychologist_review_id) references quest.psychologist_reviews (id) on delete set null not valid;

comment on column quest.quests.psychologist_review_id is 'Derived: the quest''s review (seed 002, 1:1).';
