-- The reconciliation verdicts in one PostgreSQL statement, as a user would
-- write them (bench/reconcile_bench.sh; needs bench/reconcile_pg_setup.sql
-- and the index bench/reconcile_bench.sh builds on (bench_bare(full_name),
-- gender)):
--   invalid_id: not 12 digits or not a province code; duplicate_id: a window
--   count over the well-formed ids; then a LEFT JOIN on the id; names
--   compared with bench_fold / bench_bare (NFC, lower case, white space,
--   unaccent), partial dates by prefix.
--   suggestion: for invalid_id, id_not_found and wrong_person, the living
--   citizens with the same diacritics-free folded name (index), gender and
--   agreeing birth date whose name differs only in form (same fold, or the
--   recorded name has no diacritics); filled when there is exactly one.
-- Output: member_no,verdict,fields,suggested_citizen_id without a header.
WITH m AS (
  SELECT member_no, full_name, birth_date, gender,
         CASE WHEN citizen_id ~ '^[0-9]{12}$' AND left(citizen_id, 3) IN (
           '001','002','004','006','008','010','011','012','014','015','017','019','020','022',
           '024','025','026','027','030','031','033','034','035','036','037','038','040','042',
           '044','045','046','048','049','051','052','054','056','058','060','062','064','066',
           '067','068','070','072','074','075','077','079','080','082','083','084','086','087',
           '089','091','092','093','094','095','096')
         THEN citizen_id::bigint END AS id
  FROM members),
d AS (
  SELECT m.*, CASE WHEN id IS NULL THEN 0 ELSE count(*) OVER (PARTITION BY id) END AS n FROM m),
j AS (
  SELECT d.*, c.citizen_id AS cid, c.full_name AS cname, c.birth_date AS cdate,
         c.gender AS cgender, c.deceased_on AS cdead,
         NOT (bench_fold(d.full_name) = bench_fold(c.full_name)
              OR (bench_bare(d.full_name) = bench_fold(d.full_name)
                  AND bench_fold(d.full_name) = bench_bare(c.full_name))) AS name_sub,
         NOT (d.birth_date = c.birth_date
              OR (length(d.birth_date) IN (4, 7) AND starts_with(c.birth_date, d.birth_date))) AS date_sub
  FROM d LEFT JOIN citizens c ON c.citizen_id = d.id AND d.n = 1),
v AS (
  SELECT j.*,
    CASE WHEN id IS NULL THEN 'invalid_id'
         WHEN n > 1 THEN 'duplicate_id'
         WHEN cid IS NULL THEN 'id_not_found'
         WHEN cdead <> '' THEN 'deceased'
         WHEN name_sub AND date_sub THEN 'wrong_person'
         WHEN name_sub OR date_sub OR gender <> cgender THEN 'mismatch'
         WHEN full_name <> cname OR birth_date <> cdate THEN 'fixable'
         ELSE 'match' END AS verdict
  FROM j)
SELECT v.member_no, v.verdict,
  CASE WHEN v.verdict IN ('mismatch', 'fixable') THEN concat_ws(';',
    CASE WHEN v.full_name <> v.cname THEN 'full_name' END,
    CASE WHEN v.birth_date <> v.cdate THEN 'birth_date' END,
    CASE WHEN v.gender <> v.cgender THEN 'gender' END) ELSE '' END,
  CASE WHEN v.verdict IN ('invalid_id', 'id_not_found', 'wrong_person') THEN coalesce((
    SELECT CASE WHEN count(*) = 1 THEN lpad(min(s.citizen_id)::text, 12, '0') END
    FROM citizens s
    WHERE bench_bare(s.full_name) = bench_bare(v.full_name) AND s.gender = v.gender
      AND s.deceased_on = ''
      AND (s.birth_date = v.birth_date
           OR (length(v.birth_date) IN (4, 7) AND starts_with(s.birth_date, v.birth_date)))
      AND (bench_fold(s.full_name) = bench_fold(v.full_name)
           OR bench_bare(v.full_name) = bench_fold(v.full_name))), '') ELSE '' END
FROM v ORDER BY v.member_no;
