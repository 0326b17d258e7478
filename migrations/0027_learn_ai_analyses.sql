-- Seed 003, I008 AI personalisation: AIAnalysis, AI-generated insights about
-- a learner, with a JSONB result.
--
-- The result is checked in the database: an object with a "summary" text
-- and a "recommendations" array, the two things the latest-analysis query
-- reads. Analyses are kept (one row per run), newest first by index.

create function learn.check_ai_analysis_result(document jsonb) returns boolean
language plpgsql immutable as $$
begin
    perform core.check_jsonb_object(document, 'ai_analyses.result');
    if jsonb_typeof(document -> 'summary') is distinct from 'string' then
        raise exception 'ai_analyses.result must have a "summary" text' using errcode = 'check_violation';
    end if;
    if jsonb_typeof(document -> 'recommendations') is distinct from 'array' then
        raise exception 'ai_analyses.result must have a "recommendations" array' using errcode = 'check_violation';
    end if;
    return true;
end;
$$;
comment on function learn.check_ai_analysis_result(jsonb) is
'CHECK helper: an AI analysis result is {"summary": text, "recommendations": [...], ...}.';

create table learn.ai_analyses (
    id bigint generated always as identity,
    user_id bigint not null,
    analysis_type text not null,
    model_name text,
    result jsonb not null,
    created_at timestamptz not null default now(),
    constraint ai_analyses_pkey primary key (id),
    constraint ai_analyses_user_id_fkey foreign key (user_id) references core.users (id),
    constraint ai_analyses_result_check check (learn.check_ai_analysis_result(result))
);
comment on table learn.ai_analyses is 'AI-generated insight about one learner (seed 003, I008); newest is current.';
comment on column learn.ai_analyses.analysis_type is 'What was analysed, e.g. learning_style, course_fit.';
comment on column learn.ai_analyses.model_name is 'The model that produced the result.';
comment on column learn.ai_analyses.result is '{"summary": text, "recommendations": [...]} plus any other keys.';

create index idx_ai_analyses_user_id_created_at on learn.ai_analyses (user_id, created_at desc);
