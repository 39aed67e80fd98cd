-- What a user computing reconciliation verdicts in PostgreSQL would set up
-- (bench/reconcile_bench.sh): the contrib extensions, a name fold as an
-- IMMUTABLE SQL function so that it can be indexed, and an expression index
-- for looking citizens up by folded name.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;
-- NFC, lower case (the database's ctype is C.UTF-8, which lowers Vietnamese
-- letters), every run of white space (no-break spaces too) to one space,
-- trimmed: formats.md's "differs only in form".
CREATE OR REPLACE FUNCTION bench_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT lower(btrim(regexp_replace(normalize(t, NFC),
                    '[[:space:]\u00a0\u2000-\u200b\u202f\u205f\u3000]+', ' ', 'g'))) $$;
-- bench_fold without diacritics (đ -> d): unaccent is only STABLE, so it is
-- wrapped the way users wrap it to index it.
CREATE OR REPLACE FUNCTION bench_bare(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, bench_fold(t)) $$;
