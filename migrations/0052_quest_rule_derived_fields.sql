-- Rule: the quest columns that summarise other rows cannot drift from them.
--   psychologist_review_id, psychologist_reviewed, reviewed_at <- the review
--   rating       <- average of the quest's ratings (2 decimals, NULL if none)
--   plays_count  <- sum of session_count over the quest's progress rows
-- A BEFORE trigger on quests computes them on every write, whatever the
-- client sent; triggers on the three source tables touch the quest so it is
-- recomputed when they change. If a review's approval is withdrawn, the
-- quest leaves the marketplace. The invariant quests_summaries_true checks
-- the same thing from outside.

create function quest.derive_quest_summary() returns trigger
language plpgsql as $$
declare
    review quest.psychologist_reviews;
begin
    select * into review from quest.psychologist_reviews as r where r.quest_id = new.id;
    new.psychologist_review_id := review.id;
    new.psychologist_reviewed := coalesce(review.is_approved, false);
    new.reviewed_at := case when review.is_approved then review.reviewed_at end;
    new.rating := (select round(avg(r.rating), 2) from quest.quest_ratings as r where r.quest_id = new.id);
    new.plays_count := (
        select coalesce(sum(p.session_count), 0) from quest.quest_progress as p where p.quest_id = new.id
    );
    if tg_op = 'UPDATE' and old.is_public and not new.psychologist_reviewed then
        new.is_public := false;
    end if;
    return new;
end;
$$;
comment on function quest.derive_quest_summary() is
'BEFORE INSERT/UPDATE on quest.quests: recomputes review, rating and play-count summaries from their rows.';

create trigger quests_derive_summary
before insert or update on quest.quests
for each row execute function quest.derive_quest_summary();

create function quest.touch_summarised_quest() returns trigger
language plpgsql as $$
begin
    -- Any write to a review, rating or progress row recomputes its quest.
    update quest.quests set updated_at = now()
    where id in (
        select (row_to_json(old) ->> 'quest_id')::bigint where tg_op <> 'INSERT'
        union
        select (row_to_json(new) ->> 'quest_id')::bigint where tg_op <> 'DELETE'
    );
    return null;
end;
$$;
comment on function quest.touch_summarised_quest() is
'AFTER trigger on reviews, ratings and progress: makes the quest recompute its summaries.';

create trigger psychologist_reviews_touch_quest
after insert or update or delete on quest.psychologist_reviews
for each row execute function quest.touch_summarised_quest();

create trigger quest_ratings_touch_quest
after insert or update or delete on quest.quest_ratings
for each row execute function quest.touch_summarised_quest();

create trigger quest_progress_touch_quest
after insert or update of session_count, quest_id or delete on quest.quest_progress
for each row execute function quest.touch_summarised_quest();
