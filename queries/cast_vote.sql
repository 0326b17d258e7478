-- name: cast_vote
-- description: Vote on an answer or a doubt and give its author the reputation (daily cap applies)
-- mode: write
-- param: voter_id int >= 1 | the user voting
-- param: content choice(answer|doubt) | what is voted on
-- param: content_id int >= 1 | the answer or doubt id
-- param: direction choice(up|down) = up | upvote or downvote
--
-- One vote per user and content: voting again changes nothing and returns
-- no row. Votes on one's own content are not recorded. A suspended voter is
-- refused (exit 3); a shadow-banned one's vote is kept without reputation.
-- The author's reputation row names the vote in source_id ('<table>:<vote id>'), so a
-- confirmed serial-voting flag can reverse it; the ledger trigger applies
-- the daily reputation cap (cap_trimmed shows what it withheld).
with target as (
    select
        c.author_id,
        '{{ content }} ' || c.id || ' voted {{ direction }}' as reason
    {% if content == 'answer' %}
    from community.answers as c
    {% else %}
    from community.doubts as c
    {% endif %}
    where c.id = {{ content_id }} and c.author_id <> {{ voter_id }}
),

vote as (
    insert into community.{{ content }}_votes as v ({{ content }}_id, voter_id, value)
    select
        cast({{ content_id }} as bigint) as content_id,
        cast({{ voter_id }} as bigint) as voter_id,
        {% if direction == 'up' %}
        1 as vote_value
        {% else %}
        -1 as vote_value
        {% endif %}
    from target
    on conflict do nothing
    returning v.id, v.value
),

reputation as (
    insert into reward.reputation_ledger as r (user_id, event_type, change, reason, source_id, voter_trust)
    select
        t.author_id,
        upper('{{ content }}_{{ direction }}voted') as event_type,
        {% if direction == 'up' %}
        core.setting_numeric('reputation_{{ content }}_upvote')::integer as change,
        {% else %}
        core.setting_numeric('reputation_downvote')::integer as change,
        {% endif %}
        t.reason,
        'community.{{ content }}_votes:' || v.id as source_id,
        u.trust_score_cache
    from vote as v
    cross join target as t
    inner join core.users as u on u.id = {{ voter_id }}
    -- A shadow-banned voter's vote is recorded but moves nobody's reputation.
    where not u.is_shadow_banned
    returning r.user_id, r.change, r.cap_trimmed
)

select
    v.id as vote_id,
    r.user_id as author_id,
    r.change as reputation_change,
    r.cap_trimmed
from vote as v
cross join reputation as r
