-- Seed 004, phase 2: the extended Concept model for the AI brain:
-- embedding, synonyms, keywords, is_active.
-- embedding is real[] of 384 like trust.content_embeddings (the seed's Json
-- array), checked NOT VALID and validated by 0067; the arrays default to
-- empty and is_active to true: constant defaults, no rewrite.

alter table learn.concepts
add column embedding real[],
add column synonyms text[] not null default '{}',
add column keywords text[] not null default '{}',
add column is_active boolean not null default true;

alter table learn.concepts
add constraint concepts_embedding_check check (
    array_ndims(embedding) = 1 and array_length(embedding, 1) = 384 and array_position(embedding, null) is null
) not valid;

comment on column learn.concepts.embedding is
'Vector of the concept, 384 reals (trust.cosine_similarity compares them).';
comment on column learn.concepts.synonyms is 'Alternative names.';
comment on column learn.concepts.keywords is 'Search keywords.';
comment on column learn.concepts.is_active is 'Whether the concept is in use.';
