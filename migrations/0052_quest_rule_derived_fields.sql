-- Rule: the quest columns that summarise other rows cannot drift from them.
--   psychologist_review_id, psychologist_reviewed, reviewed_at <- the review
--   rating       <- average of the quest's ratings (2 decimals, NULL if none)
--   plays_count  <- sum of session_count over the quest's progress rows
-- The view quest.quest_summaries states the rule once. A BEFORE trigger on
-- quests applies it on every write, whatever the client sent; triggers on
-- the three source tables touch the quest so it is recomputed when they
-- change. If a review's approval is withdrawn, the quest leaves the
-- marketplace. The invariant quests_summaries_true and the repair query
-- recompute_quest_stats read the same view.

create view quest.quest_summaries as
select
    q.id as quest_id,
    (
        select round(avg(r.rating), 2) from quest.quest_ratings as r
        where r.quest_id = q.id
    ) as rating,
    (
        select coalesce(sum(p.session_count), 0) from quest.quest_progress as p
        where p.quest_id = q.id
    ) as plays_count,
    v.id as psychologist_review_id,
    coalesce(v.is_approved, false) as psychologist_reviewed,
    case when v.is_approved then v.reviewed_at end as reviewed_at
from quest.quests as q
left join quest.psychologist_reviews as v on q.id = v.quest_id;
comment on view quest.quest_summaries is
'What each quest''s summary columns must be, from its ratings, progress and review. The one statement of the rule.';

create function quest.derive_quest_summary() returns trigger
language plpgsql as $$
declare
    summary record;
begin
    -- A quest being inserted has no rows in the view yet: the defaults apply.
    select * into summary from quest.quest_summaries as s where s.quest_id = new.id;
    new.psychologist_review_id := summary.psychologist_review_id;
    new.psychologist_reviewed := coalesce(summary.psychologist_reviewed, false);
    new.reviewed_at := summary.reviewed_at;
    new.rating := summary.rating;
    new.plays_count := coalesce(summary.plays_count, 0);
    if tg_op = 'UPDATE' and old.is_public and not new.psychologist_reviewed then
        new.is_public := false;
    end if;
    return new;
end;
$$;
comment on function quest.derive_quest_summary() is
'BEFORE INSERT/UPDATE on quest.quests: sets the summary columns from quest.quest_summaries.';

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
