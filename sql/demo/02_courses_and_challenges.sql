-- Demo data: a course with a quiz, learners at different stages, a running
-- challenge and achievements. Run `issue_certificates` and
-- `nudge_inactive_users` after it to see the cron jobs at work.
-- Loading it again does nothing (the course 'demo-sql-basics' marks it).
do $$
declare
    demo_course bigint;
    asha bigint := (select id from core.users where php_user_id = 9001);
    ravi bigint := (select id from core.users where php_user_id = 9002);
    meera bigint := (select id from core.users where php_user_id = 9003);
    arjun bigint := (select id from core.users where php_user_id = 9004);
    demo_challenge bigint;
begin
    if exists (select 1 from learn.courses where slug = 'demo-sql-basics') then
        raise notice 'demo courses already loaded';
        return;
    end if;

    insert into learn.courses (slug, title, passing_score, published)
    values ('demo-sql-basics', 'SQL basics for analysts', 70, true)
    returning id into demo_course;
    insert into learn.lessons (course_id, position, title)
    values (demo_course, 1, 'Selecting rows'), (demo_course, 2, 'Joining tables'), (demo_course, 3, 'Grouping');

    -- Asha finished every lesson and passed the quiz on her second try;
    -- Meera finished the lessons but has not passed; Ravi is half way.
    insert into learn.enrollments (user_id, course_id) values (asha, demo_course), (meera, demo_course), (ravi, demo_course);
    insert into learn.lesson_progress (enrollment_id, course_id, lesson_id, progress_percent, completed_at)
    select e.id, e.course_id, l.id, 100, now() - interval '2 days'
    from learn.enrollments as e
    inner join learn.lessons as l on l.course_id = e.course_id
    where e.course_id = demo_course and (e.user_id in (asha, meera) or (e.user_id = ravi and l.position = 1));
    insert into learn.quiz_attempts (enrollment_id, score)
    select e.id, s.score
    from learn.enrollments as e
    cross join (values (55.0), (84.5)) as s (score)
    where e.course_id = demo_course and e.user_id = asha
    union all
    select e.id, 61.0 from learn.enrollments as e where e.course_id = demo_course and e.user_id = meera;

    insert into learn.course_assets (course_id, storage_key, content_type, size_bytes, metadata)
    values (demo_course, 'courses/demo-sql-basics/intro.mp4', 'video/mp4', 48213370,
        '{"duration_seconds": 312, "width": 1280, "height": 720}');

    insert into reward.achievements (key, name, description, points)
    values
    ('first_certificate', 'Certified', '{"en": "Earn your first certificate", "vi": "Nhận chứng chỉ đầu tiên"}', 50),
    ('quiz_streak', 'Quiz streak', '{"en": "Answer quizzes three days in a row"}', 20);

    insert into reward.challenges (title, description, target_amount, start_date, end_date, created_by_id)
    values ('November quiz sprint', '{"en": "Answer 20 quiz questions this week", "vi": "Trả lời 20 câu hỏi"}', 20,
        now() - interval '2 days', now() + interval '5 days', asha)
    returning id into demo_challenge;
    insert into reward.challenge_participants (challenge_id, user_id, progress, joined_at, completed_at)
    values
    (demo_challenge, asha, 20, now() - interval '2 days', now() - interval '1 hour'),
    (demo_challenge, meera, 14, now() - interval '2 days', null),
    (demo_challenge, ravi, 14, now() - interval '1 day', null),
    (demo_challenge, arjun, 3, now() - interval '1 day', null);

    insert into learn.ai_analyses (user_id, analysis_type, model_name, result)
    values (meera, 'course_fit', 'demo-model',
        '{"summary": "Strong on joins, unsure about grouping", "recommendations": ["Grouping, lesson 3"]}');

    -- Two learners have been away for a while: the nudge job will find them.
    update core.users set last_active_at = now() - interval '6 days' where id in (ravi, arjun);
end;
$$;
