-- transactional: false
--
-- Second of three steps that partition chat.conversation_logs by month of
-- created_at (0198 says why). The messages already logged become the first
-- partition, which holds every time up to a boundary; attaching a table as
-- a partition checks that its rows fit, by a scan under an exclusive lock,
-- unless a validated CHECK proves it already: this adds that CHECK, as
-- 0176 did for the trust and award logs.
--
-- First the application may no longer name created_at nor id (both the
-- database's, now() and the identity): a message cannot be written into a
-- month of its choosing, past the boundary here or, once partitioned, into
-- a month that has no partition; and the key becomes (id, created_at), so
-- ids stay unique because only the identity hands them out.
--
-- The boundary is the first day of the month after next, or later if a
-- message already says a later time; 0198 reads it back from the
-- constraint. The CHECK is added NOT VALID (a short lock, no scan), then
-- validated in its own transaction, under a lock that lets writers go on.

update core.table_access set database_columns = database_columns || array['id', 'created_at']
where table_name = 'chat.conversation_logs' and not 'created_at' = any(database_columns);
call core.apply_table_access('chat.conversation_logs');

do $$
begin
    if not exists (
        select from pg_constraint
        where
            conrelid = 'chat.conversation_logs'::regclass
            and conname = 'conversation_logs_created_before_partitioning'
    ) then
        execute format(
            'alter table chat.conversation_logs add constraint conversation_logs_created_before_partitioning'
            ' check (created_at < %L) not valid',
            greatest(
                date_trunc('month', now()) + interval '2 months',
                (select date_trunc('month', max(l.created_at)) + interval '1 month' from chat.conversation_logs as l)
            )
        );
    end if;
end;
$$;

alter table chat.conversation_logs validate constraint conversation_logs_created_before_partitioning;
