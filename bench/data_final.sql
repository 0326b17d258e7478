-- Benchmark data, last stage (everything migrated): what the seed 004 jobs
-- read besides votes and ledgers: content embeddings, the event log, and
-- pending rewards for the wallet worker.

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
