-- Seed 003, I011 storage content flow: CourseAsset, files of a course kept in
-- object storage (R2), known by their storage key.
--
-- The storage key is unique (two rows cannot claim one object), metadata is
-- a JSON object (checked in the database), and an asset may belong to one
-- lesson of its own course (composite foreign key, as in lesson_progress).

create table learn.course_assets (
    id bigint generated always as identity,
    course_id bigint not null,
    lesson_id bigint,
    storage_key text not null,
    content_type text not null,
    size_bytes bigint not null,
    metadata jsonb not null default '{}',
    created_at timestamptz not null default now(),
    constraint course_assets_pkey primary key (id),
    constraint course_assets_storage_key_key unique (storage_key),
    constraint course_assets_course_id_fkey foreign key (course_id) references learn.courses (id),
    constraint course_assets_lesson_id_fkey
    foreign key (lesson_id, course_id) references learn.lessons (id, course_id),
    constraint course_assets_size_bytes_check check (size_bytes >= 0),
    constraint course_assets_metadata_check check (core.check_jsonb_object(metadata, 'course_assets.metadata'))
);
comment on table learn.course_assets is 'A course file in object storage (seed 003, I011).';
comment on column learn.course_assets.storage_key is 'The object''s key in the bucket; unique.';
comment on column learn.course_assets.lesson_id is 'The lesson the asset belongs to, if any (of the same course).';
comment on column learn.course_assets.metadata is 'A JSON object: dimensions, duration, checksum, ...';

create index idx_course_assets_course_id on learn.course_assets (course_id);
create index idx_course_assets_lesson_id on learn.course_assets (lesson_id);
