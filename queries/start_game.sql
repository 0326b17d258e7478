-- name: start_game
-- description: Start a game for a user within the settings' limits, or fail with the reason (exit 3)
-- mode: write
-- param: user_id int >= 1 | the player (core.users.id)
-- param: game_type text | intent_quest, language_master, tone_detective, entity_hunter or profile_builder
-- param: session_id text | the chat session the game is played in
-- param: question_id int >= 1 = null | the question to play (from next_question)
-- param: difficulty text = medium | easy, medium or hard
-- param: language text = null | defaults to the user's preferred language
-- param: conversation_log_id int >= 1 = null | the chat message that started the game (same session and user)
select
    id as game_session_id,
    user_id,
    game_type,
    mission_id as question_id,
    language,
    status,
    started_at
from play.start_game(
        {{ user_id }}::bigint, {{ game_type }}::text, {{ session_id }}::text,
        {{ question_id }}::bigint, {{ difficulty }}::text, {{ language }}::text,
        {{ conversation_log_id }}::bigint
    )
