-- The psychologist's decision on a review, and publishing, as one function
-- so they happen in order in one transaction: the review is decided first,
-- then the quest (whose trigger reads the review) is published or not.
-- Publishing an unapproved quest is refused by quests_public_needs_review_check.

create function quest.decide_review(p_quest_id bigint, p_approved boolean, p_publish boolean)
returns setof quest.quests
language plpgsql as $$
begin
    update quest.psychologist_reviews
    set is_approved = p_approved, reviewed_at = now()
    where quest_id = p_quest_id;
    if not found then
        raise exception 'quest % has no submitted review to decide', p_quest_id;
    end if;
    return query
    update quest.quests
    set is_public = p_approved and p_publish,
        moderation_status = case when p_approved then 'approved' else moderation_status end
    where id = p_quest_id
    returning *;
end;
$$;
comment on function quest.decide_review(bigint, boolean, boolean) is
'Approves or rejects a quest''s review and (if approved and asked) publishes the quest to the marketplace.';
