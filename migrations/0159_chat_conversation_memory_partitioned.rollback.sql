-- Undo 0159: chat.conversation_memory is one plain table again, holding
-- every turn.
--
-- Under an exclusive lock: every partition is detached, the rows of the
-- monthly ones are copied into the history partition and the monthly ones
-- dropped; the history partition takes back the name, the identity (its
-- sequence continues), the key on (id, user_id) and 0157's index, the
-- indexes, comment and grants, and the CHECK 0158 validated. Unlike 0159,
-- this builds two indexes and validates the CHECK under the lock (a scan
-- of the turns): a rollback is the rare path.

lock table core.users in share row exclusive mode;
lock table chat.conversation_memory in access exclusive mode;

create temporary table conversation_memory_rollback on commit drop as
select
    (select s.last_value from chat.conversation_memory_id_seq as s) as last_value,
    (select s.is_called from chat.conversation_memory_id_seq as s) as is_called,
    -- 0158's boundary; a later month's start if turns were written past it since.
    greatest(
        (
            select b.ends from core.partition_bounds('chat.conversation_memory') as b
            where b.partition = 'chat.conversation_memory_history'::regclass
        ),
        (select date_trunc('month', max(m.created_at)) + interval '1 month' from chat.conversation_memory as m)
    ) as boundary;

do $$
declare
    p regclass;
begin
    for p in select b.partition from core.partition_bounds('chat.conversation_memory') as b loop
        execute format('alter table chat.conversation_memory detach partition %s', p);
        if p <> 'chat.conversation_memory_history'::regclass then
            execute format('insert into chat.conversation_memory_history select * from %s', p);
            execute format('drop table %s', p);
        end if;
    end loop;
end;
$$;

delete from core.partitioned_tables
where table_name = 'chat.conversation_memory';
drop table chat.conversation_memory;

alter table chat.conversation_memory_history rename to conversation_memory;
comment on table chat.conversation_memory is
'Lightweight turn-by-turn history for conversation context (seed 001: kept as is).';
alter table chat.conversation_memory alter column id add generated always as identity (
    sequence name chat.conversation_memory_id_seq
);
select setval('chat.conversation_memory_id_seq', r.last_value, r.is_called) from conversation_memory_rollback as r;
alter table chat.conversation_memory drop constraint conversation_memory_history_pkey;
alter table chat.conversation_memory add constraint conversation_memory_pkey primary key (id, user_id);
create unique index idx_conversation_memory_id_user_id_created_at on chat.conversation_memory (id, user_id, created_at);
alter index chat.conversation_memory_history_created_at_idx rename to idx_conversation_memory_created_at;
alter index chat.conversation_memory_history_session_id_idx rename to idx_conversation_memory_session;
alter index chat.conversation_memory_history_user_id_idx rename to idx_conversation_memory_user_id;
do $$
begin
    execute format(
        'alter table chat.conversation_memory add constraint conversation_memory_created_before_partitioning'
        ' check (created_at < %L)',
        (select r.boundary from conversation_memory_rollback as r)
    );
end;
$$;
call core.apply_table_access();
