-- description: every content embedding has its row in trust.embedded_contents, and no other row is there
-- No unique key on the embeddings holds "one per content" (on Citus they
-- live on their users' shards); trust.keep_embedded_contents keeps
-- the lookup with every write of an embedding, and this checks both ways.
select
    coalesce(e.content_type, c.content_type) as content_type,
    coalesce(e.content_id, c.content_id) as content_id
from trust.content_embeddings as e
full join trust.embedded_contents as c
    on e.content_type = c.content_type and e.content_id = c.content_id and e.user_id = c.user_id
where e.id is null or c.content_id is null
order by content_type, content_id
