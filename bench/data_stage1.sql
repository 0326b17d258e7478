-- Benchmark data, stage 1: loaded onto the baseline of seeds 000/001
-- (migrated up to 0008), before their change migrations run.
-- Sizes come from the scale factor; user activity is skewed: a user id is
-- drawn as users * random()^3, so a few users are heavy and most are light.
-- Every statement is one INSERT ... SELECT from generate_series.

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
