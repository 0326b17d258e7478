-- Benchmark data, loaded once onto the migrated schema. Sizes come from the
-- scale factor (:name is replaced by its size); user activity is skewed: a
-- user id is drawn as users * random()^3, so a few users are heavy and most
-- are light. The rows are made by INSERT ... SELECT from generate_series and
-- go through the tables' triggers as the application's writes do. Rows dated
-- in past months land in each partitioned table's `_before` partition.

insert into core.users (php_user_id, phone, email, first_name, preferred_language, created_at, last_active_at)
select
    g,
    '+91' || lpad(g::text, 10, '0'),
    'user' || g || '@example.com',
    'User' || g,
    (array['en', 'hi', 'mr', 'vi'])[1 + g % 4],
    now() - (g % 900) * interval '1 day',
    now() - (g % 30) * interval '1 day'
from generate_series(1, :users) as g;

insert into play.game_sessions (session_id, user_id, game_type, status, score, started_at, completed_at)
select
    'bench-' || g,
    1 + floor(:users * random() ^ 3)::bigint,
    (array['intent_quest', 'language_master', 'tone_detective', 'entity_hunter', 'profile_builder'])[1 + g % 5],
    case when g % 10 = 0 then 'active' else 'completed' end,
    g % 100,
    now() - (g % 365) * interval '1 day',
    case when g % 10 = 0 then null else now() - (g % 365) * interval '1 day' + interval '3 minutes' end
from generate_series(1, :game_sessions) as g;

insert into chat.conversation_logs (
    user_id, session_id, phone_number, channel, user_message, bot_response, nlu_intent, nlu_confidence,
    nlu_language, created_at
)
select
    speaker.user_id,
    'chat-' || (speaker.g / 8),
    '+91' || lpad(speaker.user_id::text, 10, '0'),
    'whatsapp',
    'message number ' || speaker.g || ' about my order',
    'reply ' || speaker.g,
    (array['track_order', 'order_food', 'cancel_order', 'help'])[1 + speaker.g % 4],
    round((0.5 + random() / 2)::numeric, 4),
    'en',
    now() - (speaker.g % 730) * interval '1 day'
from (
    select
        g,
        1 + floor(:users * random() ^ 3)::bigint as user_id
    from generate_series(1, :conversation_logs) as g
) as speaker;

-- The bot's memory: two turns (the user's, the bot's) per message, over two years.
insert into chat.conversation_memory (user_id, role, content, turn_number, session_id, created_at)
select
    1 + floor(:users * random() ^ 3)::bigint,
    (array['user', 'assistant'])[1 + g % 2],
    'turn ' || g,
    g % 8,
    'chat-' || (g / 8),
    now() - (g % 730) * interval '1 day'
from generate_series(1, :conversation_memory) as g;

insert into chat.training_samples (
    user_id, session_id, text, intent, confidence, language, source, approved, approved_at, approved_by,
    review_status
)
select
    1 + floor(:users * random() ^ 3)::bigint,
    'chat-' || g,
    'where is order ' || g,
    (array['track_order', 'order_food', 'cancel_order', 'help'])[1 + g % 4],
    0.9,
    'en',
    'conversation',
    true,
    now(),
    'bench',
    'approved'
from generate_series(1, :training_samples) as g;

-- The Q&A community, the XP ledger, quests for the marketplace, the
-- learners' behaviour log and their courses.

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

-- XP awards over two years: a fifth imported from the old points ledger, the
-- rest for accepted answers, all at the default multipliers. Each row goes
-- through the ledger's triggers (daily cap, user total, period totals), as
-- the application's awards do; at SCALE=1 the heaviest users reach the daily
-- cap. That is the slowest part of the load: about 3,500 rows/s (measured at
-- SCALE=0.05 on 2 cores), so some 50 minutes at SCALE=1. It commits every
-- 10,000 rows: in one transaction each update of a heavy user's total walks
-- all the row versions written before it, and the rate falls as the ledger
-- grows (1,250 rows/s at 200,000 rows).
do $$
begin
    for batch_start in 1..:xp_ledger by 10000 loop
        insert into reward.xp_ledger (user_id, event_type, base_xp, final_xp, reason, created_at)
        select
            1 + floor(:users * random() ^ 3)::bigint,
            case when g % 5 = 0 then 'LEGACY_POINTS' else 'ANSWER_ACCEPTED' end,
            1 + g % 50,
            1 + g % 50,
            case when g % 5 = 0 then 'points ' || g else 'answer ' || g end,
            now() - (g % 730) * interval '1 day'
        from generate_series(batch_start, least(batch_start + 9999, :xp_ledger)) as g;
        commit;
    end loop;
end;
$$;

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

-- Only a registered psychologist may review a quest.
insert into quest.psychologists (user_id, licence_number, verified_by)
values (1, 'BENCH-1', 'bench');

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
-- quiz attempt, written a day or two after it: the rows issue_certificates
-- reads only when new.
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

-- What the jobs read besides votes and ledgers: content embeddings and the
-- event log.

insert into trust.content_embeddings (content_type, content_id, user_id, embedding, text, created_at)
select
    'answer',
    g,
    1 + floor(:users * random() ^ 3)::bigint,
    -- (g > 0 ties the subquery to the row: uncorrelated, it would run once and give every row one vector)
    array(
        select (random() - 0.5)::real from generate_series(1, 384)
        where g > 0
    ),
    'answer text ' || g,
    now() - (g % 60) * interval '1 day'
from generate_series(1, :embeddings) as g;

insert into core.event_logs (event_type, user_id, metadata, emitted_at, processed_at)
select
    (array['ANSWER_ACCEPTED', 'MASTERY_UPDATED', 'DOUBT_ASKED'])[1 + g % 3],
    1 + floor(:users * random() ^ 3)::bigint,
    jsonb_build_object('n', g),
    now() - (g % 90) * interval '1 day',
    case when g % 4 = 0 then null else now() - (g % 90) * interval '1 day' + interval '1 minute' end
from generate_series(1, :event_logs) as g;
