-- The ledgers are the truth (seed 004: XP and reputation ledgers).
--   * Append-only: UPDATE, DELETE and TRUNCATE are refused. A mistake is
--     corrected by a compensating row that points at the row it corrects
--     (corrects_id) and takes back exactly its amount, once; this is how
--     Stack Exchange shows reversed serial votes.
--   * The user totals follow: each new row adds its amount to
--     core.users.total_xp or total_reputation in the same transaction
--     (phase 5, 0077, computes them for the rows written before).
-- On the live ledgers: corrects_id is nullable, its foreign key NOT VALID
-- (validated by 0078) and its unique index built CONCURRENTLY by 0079.

alter table reward.xp_ledger add column corrects_id bigint;
alter table reward.xp_ledger
add constraint xp_ledger_corrects_id_fkey foreign key (corrects_id) references reward.xp_ledger (id) not valid;
comment on column reward.xp_ledger.corrects_id is
'The row this one compensates (its final_xp negated); a row is corrected at most once.';

alter table reward.reputation_ledger add column corrects_id bigint;
alter table reward.reputation_ledger
add constraint reputation_ledger_corrects_id_fkey
foreign key (corrects_id) references reward.reputation_ledger (id) not valid;
comment on column reward.reputation_ledger.corrects_id is
'The row this one compensates (its change negated); a row is corrected at most once.';

create function reward.record_ledger_row() returns trigger
language plpgsql as $$
declare
    -- Trigger arguments: the ledger's amount column, the user total it moves.
    amount_column constant text := tg_argv[0];
    total_column constant text := tg_argv[1];
    amount bigint := (to_jsonb(new) ->> amount_column)::bigint;
    corrected record;
begin
    if new.corrects_id is not null then
        execute format('select user_id, %I as amount from %I.%I where id = $1', amount_column, tg_table_schema,
            tg_table_name)
        into corrected using new.corrects_id;
        if corrected.user_id is distinct from new.user_id or corrected.amount is distinct from -amount then
            raise exception '%.% row % must take back exactly % of user %''s row %',
                tg_table_schema, tg_table_name, new.id, corrected.amount, corrected.user_id, new.corrects_id
                using errcode = 'check_violation';
        end if;
    end if;
    execute format('update core.users set %I = %I + $1 where id = $2', total_column, total_column)
    using amount, new.user_id;
    return new;
end;
$$;
comment on function reward.record_ledger_row() is
'BEFORE INSERT on a ledger: checks a compensating row and adds the amount (arg 1) to the user total (arg 2).';

create trigger xp_ledger_record_row
before insert on reward.xp_ledger
for each row execute function reward.record_ledger_row('final_xp', 'total_xp');

create trigger reputation_ledger_record_row
before insert on reward.reputation_ledger
for each row execute function reward.record_ledger_row('change', 'total_reputation');

create trigger xp_ledger_append_only
before update or delete on reward.xp_ledger
for each row execute function core.refuse_change();

create trigger xp_ledger_no_truncate
before truncate on reward.xp_ledger
for each statement execute function core.refuse_change();

create trigger reputation_ledger_append_only
before update or delete on reward.reputation_ledger
for each row execute function core.refuse_change();

create trigger reputation_ledger_no_truncate
before truncate on reward.reputation_ledger
for each statement execute function core.refuse_change();
