-- name: forget_user
-- description: Erase or anonymise one person's personal data in every module; lists what changed per table
-- mode: write
-- param: user_id int >= 1 | the person to forget
--
-- core.forget_user() does the work (its body, in
-- migrations/0002_core_baseline.sql, lists what is erased and what is
-- kept, table by table): children's data first, ledgers and totals
-- untouched, consent withdrawn. Running it again changes nothing (every
-- count 0). An unknown user is refused (exit 3).
select
    f.module,
    f.table_name,
    f.rows_changed
from core.forget_user({{ user_id }}) as f
