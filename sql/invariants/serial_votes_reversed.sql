-- description: every reputation row produced by a vote that a confirmed serial-voting flag rests on has been reversed
select
    f.id as flag_id,
    r.id as reputation_row,
    r.user_id,
    r.change
from trust.abuse_flags as f
inner join trust.abuse_flag_evidence as e on f.id = e.flag_id
inner join reward.reputation_ledger as r on r.source_id = e.source_table || ':' || e.source_id
where
    f.flag_type = 'SERIAL_VOTING'
    and f.status = 'CONFIRMED'
    and r.corrects_id is null
    and r.change <> 0
    and not exists (
        select 1 from reward.reputation_ledger as c
        where c.corrects_id = r.id
    )
order by f.id, r.id
