-- description: every rubric evaluation of an answer names an answer that exists
-- No foreign key holds it (on Citus the evaluations live on their
-- learners' shards, the community's answers on the coordinator);
-- learn.refuse_unknown_answer checks the answer when a row is written,
-- and this checks every row.
select
    r.id as evaluation_id,
    r.answer_id
from learn.rubric_evaluations as r
where
    r.answer_id is not null
    and not exists (
        select from community.answers as a
        where a.id = r.answer_id
    )
order by r.id
