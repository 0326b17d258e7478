-- Baseline for seed 004 (the Q&A community), `core` part: the auth tables of
-- its "Already Implemented" list next to User: Account (OAuth accounts,
-- NextAuth) and VerificationToken (email verification).
-- User itself is core.users (one table for every module); its seed 004
-- columns come with phase 2. Conventions applied: bigint identity keys
-- (the seed's cuid strings were not public handles), timestamptz.

create table core.accounts (
    id bigint generated always as identity,
    user_id bigint not null,
    provider text not null,
    provider_account_id text not null,
    access_token text,
    refresh_token text,
    expires_at timestamptz,
    created_at timestamptz not null default now(),
    constraint accounts_pkey primary key (id),
    constraint accounts_provider_provider_account_id_key unique (provider, provider_account_id),
    constraint accounts_user_id_fkey foreign key (user_id) references core.users (id) on delete cascade
);
comment on table core.accounts is 'An OAuth account linked to a user (seed 004 Account, NextAuth).';
comment on column core.accounts.provider_account_id is 'The user''s id at the provider.';

create index idx_accounts_user_id on core.accounts (user_id);

create table core.verification_tokens (
    identifier text not null,
    token text not null,
    expires_at timestamptz not null,
    constraint verification_tokens_pkey primary key (identifier, token),
    constraint verification_tokens_token_key unique (token)
);
comment on table core.verification_tokens is 'One-time email verification tokens (seed 004 VerificationToken).';
comment on column core.verification_tokens.identifier is 'What the token verifies, usually an email address.';
