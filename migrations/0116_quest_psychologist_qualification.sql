-- Only a verified psychologist may review a quest (seed 002: the marketplace
-- lists only quests a psychologist approved; until now any user could
-- write the review that publishes a quest).
--
-- quest.psychologists is the register: one row per verified psychologist
-- with the licence checked and who checked it; revoked_at ends a
-- registration. A review can be written (or handed to another reviewer)
-- only by a registered, unrevoked psychologist: a BEFORE trigger holds it
-- for every writer. Registering is a credentials check, so the register is
-- the owner's to write (a DBA, `register_psychologist` run as the owner);
-- the application may only read it. Reviews written before this stay.

create table quest.psychologists (
    user_id bigint not null,
    licence_number text not null,
    verified_at timestamptz not null default now(),
    verified_by text not null,
    revoked_at timestamptz,
    constraint psychologists_pkey primary key (user_id),
    constraint psychologists_user_id_fkey foreign key (user_id) references core.users (id),
    constraint psychologists_licence_number_check check (btrim(licence_number) <> ''),
    constraint psychologists_revoked_check check (revoked_at is null or revoked_at >= verified_at)
);
comment on table quest.psychologists is
'The psychologists whose licence was verified: only they may review quests (seed 002 PsychologistReview).';
comment on column quest.psychologists.licence_number is
'The professional licence that was checked (a public register entry).';
comment on column quest.psychologists.verified_by is 'Who checked the licence.';
comment on column quest.psychologists.revoked_at is
'When the registration ended; a revoked psychologist reviews no more.';

create function quest.require_psychologist() returns trigger
language plpgsql as $$
begin
    if not exists (
        select 1 from quest.psychologists as p
        where p.user_id = new.reviewer_id and p.revoked_at is null
    ) then
        raise exception 'user % is not a verified psychologist: only one may review quest %', new.reviewer_id,
            new.quest_id
            using errcode = 'check_violation';
    end if;
    return new;
end;
$$;
comment on function quest.require_psychologist() is
'BEFORE INSERT/UPDATE OF reviewer_id on quest.psychologist_reviews: the reviewer is a registered psychologist.';

create trigger psychologist_reviews_require_psychologist
before insert or update of reviewer_id on quest.psychologist_reviews
for each row execute function quest.require_psychologist();

insert into core.table_access (table_name, app_privileges, why)
values ('quest.psychologists', '{SELECT}', 'the register of verified psychologists; written by the owner');
call core.apply_table_access();
