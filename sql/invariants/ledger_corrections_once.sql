-- description: each ledger correction takes back exactly its own user's row, and no row is taken back twice
-- A partitioned ledger cannot hold "taken back once" in a unique key (a
-- correction lands in a later month than its row): the trigger
-- reward.record_ledger_row holds it, and this checks it over all rows.
with corrections as (
    select
        'reward.xp_ledger' as ledger,
        c.id,
        c.user_id,
        c.corrects_id,
        c.final_xp as amount,
        r.final_xp as corrected_amount
    from reward.xp_ledger as c
    left join reward.xp_ledger as r on c.corrects_id = r.id and c.user_id = r.user_id
    where c.corrects_id is not null
    union all
    select
        'reward.reputation_ledger' as ledger,
        c.id,
        c.user_id,
        c.corrects_id,
        c.change as amount,
        r.change as corrected_amount
    from reward.reputation_ledger as c
    left join reward.reputation_ledger as r on c.corrects_id = r.id and c.user_id = r.user_id
    where c.corrects_id is not null
)

select
    c.ledger,
    c.user_id,
    c.corrects_id,
    count(*) as corrections,
    array_agg(c.id order by c.id) as correction_ids
from corrections as c
group by c.ledger, c.user_id, c.corrects_id
having count(*) > 1 or bool_or(c.corrected_amount is distinct from -c.amount)
order by c.ledger, c.user_id, c.corrects_id
