-- Benchmark data, stage 2: loaded onto the baseline of seed 004 (migrated
-- up to 0059): the Q&A community, the points ledger, quests for the
-- marketplace, the learners' behaviour log and their courses. Skewed as in
-- stage 1.

insert into community.doubts (author_id, title, body, created_at)
select
    1 + floor(:users * random() ^ 3)::bigint,
    'Doubt ' || g,
    'How do I solve step ' || g || '?',
    now() - (g % 365) * interval '1 day'
from generate_series(1, :doubts) as g;

insert into community.answers (doubt_id, author_id, body, is_accepted, created_at)
select
    1 + g % :doubts,
    1 + floor(:users * random() ^ 3)::bigint,
    'Answer ' || g || ': factor first.',
    g % 7 = 0,
    now() - (g % 365) * interval '1 day'
from generate_series(1, :answers) as g;

-- Votes: answer g % answers gets votes from voters spread over all users;
-- the rare repeated (answer, voter) pair is skipped.
insert into community.answer_votes (answer_id, voter_id, value, created_at)
select
    1 + g % :answers,
    1 + ((g::bigint / :answers) * 7919 + (g::bigint % :answers) * 104729 + floor(:users * random() ^ 3)::bigint)
    % :users,
    case when g % 9 = 0 then -1 else 1 end,
    now() - (g % 365) * interval '1 day'
from generate_series(1, :answer_votes) as g
on conflict (answer_id, voter_id) do nothing;

insert into community.doubt_votes (doubt_id, voter_id, value, created_at)
select
    1 + g % :doubts,
    1 + ((g::bigint / :doubts) * 7919 + (g::bigint % :doubts) * 104729) % :users,
    1,
    now() - (g % 365) * interval '1 day'
from generate_series(1, :doubt_votes) as g
on conflict (doubt_id, voter_id) do nothing;

insert into reward.points_ledger (user_id, points, description, created_at)
select
    1 + floor(:users * random() ^ 3)::bigint,
    (g % 50) - 5,
    case when g % 5 = 0 then null else 'answer ' || g end,
    now() - (g % 730) * interval '1 day'
from generate_series(1, :points_ledger) as g;

insert into quest.quests (quest_id, user_id, title, psychological_module, age_range, location, graph_structure)
select
    'bench-' || g,
    1 + g % :users,
    'Quest ' || g,
    (array['CBT', 'IFS', 'ACT'])[1 + g % 3],
    (array['7-9', '10-12', '8-11'])[1 + g % 3],
    (array['harbour', 'forest', 'cave'])[1 + g % 3],
    '{"nodes": [{"id": "start"}, {"id": "end"}], "edges": [{"source": "start", "target": "end"}]}'
from generate_series(1, :quests) as g;

insert into quest.psychologist_reviews (
    quest_id, reviewer_id, emotional_safety_score, therapeutic_correctness_score, age_appropriateness_score,
    reveal_timing_score
)
select
    q.id,
    1,
    5,
    4,
    5,
    4
from quest.quests as q
where q.quest_id like 'bench-%';

-- Nine in ten are approved and published, through the same function the
-- approve_review query uses.
select count(decided.id) as published
from quest.quests as q
cross join lateral quest.decide_review(q.id, true, true) as decided
where q.quest_id like 'bench-%' and q.id % 10 <> 0;

insert into learn.behavior_logs (user_id, action, metadata, created_at)
select
    1 + floor(:users * random() ^ 3)::bigint,
    (array['lesson_opened', 'quiz_submitted', 'video_watched'])[1 + g % 3],
    jsonb_build_object('lesson', g % 500),
    now() - (g % 730) * interval '1 day'
from generate_series(1, :behavior_logs) as g;

-- Courses: 100 of four lessons, no passing score. Each enrolment is a
-- different user's, made in the past year; every lesson of it has progress
-- (every fifth enrolment complete, with its certificate), every other one a
-- quiz attempt, written a day or two after it: the rows 0164-0167 give their
-- learner and new keys, and that issue_certificates reads only when new.
insert into learn.courses (slug, title, published)
select
    'bench-' || g,
    'Course ' || g,
    true
from generate_series(1, 100) as g;

insert into learn.lessons (course_id, position, title)
select
    c.id,
    p,
    'Lesson ' || p
from learn.courses as c
cross join generate_series(1, 4) as p
where c.slug like 'bench-%';

insert into learn.enrollments (user_id, course_id, enrolled_at)
select
    1 + g.g % :users,
    c.id,
    now() - (g.g % 365) * interval '1 day'
from generate_series(1, :enrollments) as g (g)
inner join learn.courses as c on c.slug = 'bench-' || (1 + g.g % 100);

insert into learn.lesson_progress (enrollment_id, course_id, lesson_id, progress_percent, completed_at, updated_at)
select
    e.id as enrollment_id,
    e.course_id,
    l.id as lesson_id,
    case when e.id % 5 = 0 then 100 else 40 end,
    case when e.id % 5 = 0 then e.enrolled_at + interval '1 day' end,
    e.enrolled_at + interval '1 day'
from learn.enrollments as e
inner join learn.lessons as l on e.course_id = l.course_id;

insert into learn.quiz_attempts (enrollment_id, score, attempted_at)
select
    e.id,
    50 + e.id % 50,
    e.enrolled_at + interval '2 days'
from learn.enrollments as e
where e.id % 2 = 0;

insert into learn.certificates (enrollment_id)
select e.id from learn.enrollments as e
where e.id % 5 = 0;
