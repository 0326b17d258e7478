-- name: register_psychologist
-- description: Register a psychologist whose licence was checked (or end a registration); run as the owner
-- mode: write
-- param: user_id int >= 1 | the psychologist
-- param: licence_number text | the licence that was checked
-- param: verified_by text | who checked it
-- param: revoke bool = false | true ends the registration instead
--
-- Only the owner role writes the register: run it as a DBA,
-- `gamedb query run register_psychologist ... --role gamedb_owner`.
insert into quest.psychologists as p (user_id, licence_number, verified_by, revoked_at)
values (
    {{ user_id }}::bigint, {{ licence_number }}::text, {{ verified_by }}::text,
    case when {{ revoke }}::boolean then now() end
)
on conflict (user_id) do update
    set
        licence_number = excluded.licence_number,
        verified_by = excluded.verified_by,
        verified_at = case
            when p.revoked_at is not null and excluded.revoked_at is null then now() else p.verified_at
        end,
        revoked_at = excluded.revoked_at
returning p.user_id, p.licence_number, p.verified_at, p.verified_by, p.revoked_at
