-- name: invalidate_certificate
-- description: Invalidate an issued certificate, recording who, when and why; its code then verifies as invalid
-- mode: write
-- param: code text | the certificate's verification code
-- param: admin_id int >= 1 | who invalidates it
-- param: reason text | why (shown by verify_certificate)
select
    c.id as certificate_id,
    c.verification_code,
    c.status,
    c.invalidated_at,
    c.invalidation_reason
from learn.invalidate_certificate({{ code }}::text, {{ admin_id }}::bigint, {{ reason }}::text) as c
