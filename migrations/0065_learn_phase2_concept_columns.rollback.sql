-- Undo 0065 (seed 004 phase 2, Concept): loses concept embeddings, synonyms and keywords.

alter table learn.concepts drop column is_active, drop column keywords, drop column synonyms, drop column embedding;
