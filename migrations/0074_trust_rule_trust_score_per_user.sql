-- Seed 004, phase 4, step 1: every user has a trust score. From now on a
-- new user gets the neutral default row at once (trigger); 0075 backfills
-- the users that existed before.

create function trust.create_trust_score() returns trigger
language plpgsql as $$
begin
    insert into trust.trust_scores (user_id) values (new.id) on conflict (user_id) do nothing;
    return null;
end;
$$;
comment on function trust.create_trust_score() is
'AFTER INSERT on core.users: gives the new user the neutral trust score (0.5).';

create trigger users_create_trust_score
after insert on core.users
for each row execute function trust.create_trust_score();
