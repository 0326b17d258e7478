-- name: abuse_flags_pending
-- description: The moderation queue: pending abuse flags, most severe first, with their evidence count
-- mode: read
-- param: max_rows int >= 1 <= 1000000 = 50 | how many flags
select
    a.id as flag_id,
    a.flag_type,
    a.severity,
    a.user_id,
    u.first_name,
    a.detector_key,
    a.details,
    (
        select count(*) from trust.abuse_flag_evidence as e
        where e.flag_id = a.id
    ) as evidence_rows,
    a.created_at
from trust.abuse_flags as a
inner join core.users as u on a.user_id = u.id
where a.status = 'PENDING'
order by a.severity desc, a.id asc
limit {{ max_rows }}
