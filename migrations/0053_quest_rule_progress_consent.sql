-- Rule, privacy by design (seed 002): a child's quest progress can only be
-- written while the child's privacy settings grant consent. No settings row
-- means no consent. Revoking consent stops every later write at once (and
-- the sync query, which reads under the same condition, stops returning it).
-- Every change of consent is stamped (consent_updated_at), so what was
-- stored before a revocation can be told from what came after.

create function quest.require_progress_consent() returns trigger
language plpgsql as $$
begin
    if not exists (
        select 1 from quest.child_privacy_settings as c
        where c.user_id = new.user_id and c.progress_sync_consent
    ) then
        raise exception 'no consent: the privacy settings of user % do not allow storing quest progress',
            new.user_id;
    end if;
    return new;
end;
$$;
comment on function quest.require_progress_consent() is
'BEFORE INSERT/UPDATE on quest.quest_progress: refuses the write without the child''s consent.';

create trigger quest_progress_require_consent
before insert or update on quest.quest_progress
for each row execute function quest.require_progress_consent();

create function quest.stamp_consent_change() returns trigger
language plpgsql as $$
begin
    if tg_op = 'INSERT' or new.progress_sync_consent is distinct from old.progress_sync_consent then
        new.consent_updated_at := now();
    end if;
    return new;
end;
$$;
comment on function quest.stamp_consent_change() is
'BEFORE INSERT/UPDATE on quest.child_privacy_settings: records when consent was given or revoked.';

create trigger child_privacy_settings_stamp_consent
before insert or update on quest.child_privacy_settings
for each row execute function quest.stamp_consent_change();
