-- name: next_question
-- description: Pick the next question for a user, personalised with the probability personalized_question_ratio
-- mode: read
-- param: user_id int >= 1 | the player
-- param: game_type text | which game's question bank
--
-- A personalised question (context_required) is wanted with probability
-- personalized_question_ratio, and only for a user with conversation
-- history; when none fits, a general one is taken. Among the candidates:
-- questions the user has not played yet first, then the least used.
with draw as (
    select
        random() < core.setting_numeric('personalized_question_ratio')
        and exists (
            select 1 from chat.conversation_memory as m
            where m.user_id = {{ user_id }}::bigint
        ) as want_personalized
),

played as (
    select distinct s.mission_id
    from play.game_sessions as s
    where s.user_id = {{ user_id }}::bigint and s.mission_id is not null
)

select
    q.id as question_id,
    q.game_type,
    q.question_text,
    q.question_context,
    q.answer_options,
    q.difficulty,
    q.context_required as personalized
from play.game_questions as q
cross join draw as d
where q.enabled and q.game_type = {{ game_type }}::text
order by
    (q.context_required = d.want_personalized) desc,
    q.id::text in (select p.mission_id from played as p) asc,
    q.usage_count asc,
    random()
limit 1
