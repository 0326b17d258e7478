-- description: every user's phone number and PHP id have their row in the lookup tables, and no other row is there
-- No unique key on core.users holds them (on Citus the users live on
-- shards by id); core.keep_user_keys keeps core.user_phones and
-- core.user_php_ids with every write of a user, and this checks both ways.
select
    'phone' as key_name,
    coalesce(u.id, k.user_id) as user_id
from (
    select
        u.id,
        u.phone
    from core.users as u
    where u.phone is not null
) as u
full join core.user_phones as k on u.id = k.user_id and u.phone = k.phone
where u.id is null or k.user_id is null
union all
select
    'php_user_id' as key_name,
    coalesce(u.id, k.user_id) as user_id
from (
    select
        u.id,
        u.php_user_id
    from core.users as u
    where u.php_user_id is not null
) as u
full join core.user_php_ids as k on u.id = k.user_id and u.php_user_id = k.php_user_id
where u.id is null or k.user_id is null
order by key_name, user_id
