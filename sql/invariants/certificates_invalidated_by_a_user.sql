-- description: every invalidated certificate names a user who exists as the one who invalidated it
-- No foreign key holds this (on Citus the certificate and the
-- administrator live on different shards); learn.invalidate_certificate
-- checks the user when it records them, and this checks every row.
select
    c.id as certificate_id,
    c.invalidated_by
from learn.certificates as c
where
    c.invalidated_by is not null
    and not exists (
        select from core.users as u
        where u.id = c.invalidated_by
    )
order by c.id
