-- description: every exported sample exists, is approved and is in a recorded batch of the right count
with members as (
    select
        b.batch_id,
        count(*) as samples,
        count(*) filter (where s.id is null) as missing,
        count(*) filter (where not s.approved) as unapproved
    from chat.training_batch_samples as b
    left join chat.training_samples as s on b.sample_id = s.id
    group by b.batch_id
)

select
    coalesce(t.id, m.batch_id) as batch_id,
    t.sample_count as recorded_count,
    m.samples as member_count,
    m.missing as missing_samples,
    m.unapproved as unapproved_samples
from chat.training_batches as t
full join members as m on t.id = m.batch_id
where
    t.id is null
    or t.sample_count is distinct from coalesce(m.samples, 0)
    or m.missing > 0
    or m.unapproved > 0
order by batch_id
