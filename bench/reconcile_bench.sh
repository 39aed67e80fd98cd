#!/usr/bin/env bash
# Reconciliation speed and accuracy: `cardex reconcile --full` against what a
# user could do in plain SQL on the same database in the same run:
#   - the exact-id join alone (members LEFT JOIN citizens on the recorded id),
#     the least any reconciliation must do;
#   - SQLite: the verdicts in one SQL statement, with byte comparison where
#     the contract asks for Unicode form rules, and no suggestions (SQLite has
#     no Vietnamese folding): fast, and how wrong;
#   - PostgreSQL: the verdicts and suggestions in one SQL statement with the
#     contrib extensions (unaccent, an indexed name fold;
#     bench/reconcile_pg_setup.sql, bench/reconcile_pg_verdicts.sql), and
#     `cardex reconcile --full` against the same server.
# Accuracy is the share of members whose verdict and fields equal truth.csv;
# the suggestions' precision and recall against truth.csv follow the table
# (bench/suggestion_quality.sh; issue 22 made them probabilistic).
#
#   bench/reconcile_bench.sh BUILD_DIR [MEMBERS] [CITIZENS]
#
# BENCH_PG=0 skips PostgreSQL, BENCH_SQLITE=0 SQLite. PostgreSQL runs on its
# own, smaller data set (BENCH_PG_MEMBERS, BENCH_PG_CITIZENS; 100000 and
# 2000000 by default): the SQL statement is slow. Each SQL statement is cut
# off after BENCH_SQL_TIMEOUT (default 900s) and then shows as "timeout".
# BENCH_REPEAT=N (default 1) runs every timed command N times and keeps the
# fastest, for a machine shared with other work. CPU is user + system
# seconds of the timed process (for psql that is the client only; the
# server's work is not in it).
# Prints a markdown table.
set -euo pipefail
build=${1:-build/release}
members=${2:-1000000}
citizens=${3:-20000000}
root=$(cd "$(dirname "$0")/.." && pwd)
cardex=""
for c in "$root/$build/cardex" "$root/$build/src/cli/cardex" "$build/cardex" "$build/src/cli/cardex"; do
  if [ -x "$c" ]; then cardex=$c; break; fi
done
[ -n "$cardex" ] || { echo "no cardex binary under $build" >&2; exit 2; }
work=${BENCH_DIR:-$root/build/bench-reconcile}
pg_members=${BENCH_PG_MEMBERS:-100000}
pg_citizens=${BENCH_PG_CITIZENS:-2000000}
sql_timeout=${BENCH_SQL_TIMEOUT:-900s}
mkdir -p "$work"

# data_dir M C: the generated data set of that size (made when missing).
data_dir() {
  local dir="$work/data-$1-$2"
  if [ ! -f "$dir/truth.csv" ]; then
    echo "generating $1 members and $2 citizens into $dir" >&2
    "$cardex" gen --members "$1" --citizens "$2" --out "$dir" >&2
  fi
  echo "$dir"
}
data=$(data_dir "$members" "$citizens")

now() { date +%s.%N; }
# accuracy REPORT DATA: percent of member rows whose first 3 columns
# (member_no, verdict, fields) equal DATA/truth.csv's
accuracy() {
  local same total
  cut -d, -f1-3 "$2/truth.csv" > "$work/truth3.csv"
  total=$(($(wc -l < "$work/truth3.csv") - 1))
  same=$(paste -d'\n' <(cut -d, -f1-3 "$1") "$work/truth3.csv" | tail -n +3 | paste - - | awk -F'\t' '$1==$2' | wc -l)
  echo "$same $total" | awk '{printf "%.3f", 100*$1/$2}'
}

provinces="'001','002','004','006','008','010','011','012','014','015','017','019','020','022',\
'024','025','026','027','030','031','033','034','035','036','037','038','040','042','044','045',\
'046','048','049','051','052','054','056','058','060','062','064','066','067','068','070','072',\
'074','075','077','079','080','082','083','084','086','087','089','091','092','093','094','095','096'"
valid_id="length(citizen_id) = 12 AND citizen_id NOT GLOB '*[^0-9]*' AND substr(citizen_id, 1, 3) IN ($provinces)"
join_sql="SELECT m.member_no, c.full_name, c.birth_date, c.gender, c.deceased_on
  FROM members m LEFT JOIN citizens c
  ON c.citizen_id = CASE WHEN length(m.citizen_id) = 12 AND m.citizen_id NOT GLOB '*[^0-9]*'
                    THEN CAST(m.citizen_id AS INTEGER) END
  ORDER BY m.member_no"
# The verdict rules with byte equality for names and prefix equality for
# partial dates.
verdict_sql="WITH m AS (SELECT member_no, full_name, birth_date, gender,
    CASE WHEN $valid_id THEN CAST(citizen_id AS INTEGER) END AS id FROM members),
  d AS (SELECT id FROM m WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1),
  j AS (SELECT m.*, c.citizen_id AS cid, c.full_name AS cname, c.birth_date AS cdate,
          c.gender AS cgender, c.deceased_on AS cdead,
          m.full_name <> c.full_name AS name_sub,
          m.birth_date <> substr(c.birth_date, 1, length(m.birth_date)) AS date_sub
        FROM m LEFT JOIN citizens c ON c.citizen_id = m.id)
  SELECT member_no || ',' ||
    CASE WHEN id IS NULL THEN 'invalid_id,,'
         WHEN id IN (SELECT id FROM d) THEN 'duplicate_id,,'
         WHEN cid IS NULL THEN 'id_not_found,,'
         WHEN cdead <> '' THEN 'deceased,,'
         WHEN name_sub AND date_sub THEN 'wrong_person,,'
         ELSE CASE WHEN name_sub OR date_sub OR gender <> cgender THEN 'mismatch'
                   WHEN birth_date <> cdate THEN 'fixable' ELSE 'match' END || ',' ||
              rtrim(CASE WHEN full_name <> cname THEN 'full_name;' ELSE '' END ||
                    CASE WHEN birth_date <> cdate THEN 'birth_date;' ELSE '' END ||
                    CASE WHEN gender <> cgender THEN 'gender;' ELSE '' END, ';') || ','
    END
  FROM j ORDER BY member_no"

repeat=${BENCH_REPEAT:-1}
declare -A T R A C
# time_v LABEL CMD...: wall seconds, CPU seconds and peak RSS (MiB) of CMD via
# /usr/bin/time -v, the fastest of $repeat runs; T[LABEL] is "timeout" when
# CMD fails (a statement_timeout).
time_v() {
  local label=$1; shift
  local run wall
  T[$label]=""
  for ((run = 0; run < repeat; run++)); do
    if ! /usr/bin/time -v "$@" > "$work/$label.out" 2> "$work/$label.time"; then
      grep -v '^\s' "$work/$label.time" | head -3 >&2
      T[$label]=timeout; R[$label]=""; C[$label]=""; return 0
    fi
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/$label.time")
    if [ -z "${T[$label]}" ] || awk -v a="$wall" -v b="${T[$label]}" 'BEGIN {exit !(a < b)}'; then
      T[$label]=$wall
      R[$label]=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$work/$label.time")
      C[$label]=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$work/$label.time")
    fi
  done
}

run_sqlite() {
  local db="$work/cardex.db"
  if [ ! -f "$work/.loaded-$members-$citizens" ]; then
    rm -f "$db" "$db"-wal "$db"-shm
    for kind in units members citizens; do
      echo "importing $kind into SQLite" >&2
      "$cardex" --db "$db" import "$kind" "$data/$kind.csv" >/dev/null
    done
    touch "$work/.loaded-$members-$citizens"
  fi
  cat "$db" "$db"-wal > /dev/null 2>&1 || true  # same warm page cache for everyone
  time_v sqlite_cardex "$cardex" --db "$db" reconcile --full --out "$work/report-sqlite.csv"
  A[sqlite_cardex]=$(accuracy "$work/report-sqlite.csv" "$data")
  time_v sqlite_join sqlite3 "$db" "$join_sql"
  time_v sqlite_sql sqlite3 "$db" "$verdict_sql"
  { echo "member_no,verdict,fields,suggested_citizen_id"; cat "$work/sqlite_sql.out"; } > "$work/report-sql.csv"
  A[sqlite_sql]=$(accuracy "$work/report-sql.csv" "$data")
}

run_pg() {
  local pgdir="$work/pg" pgdata
  pgdata=$(data_dir "$pg_members" "$pg_citizens")
  "$root/scripts/pg_test_server.sh" start "$pgdir" >/dev/null
  trap '"$root/scripts/pg_test_server.sh" stop "$pgdir" >/dev/null 2>&1 || true' EXIT
  local admin; admin=$(cat "$pgdir/url")
  local url="${admin%/*}/bench_reconcile"
  psql -q "$admin" -c "CREATE DATABASE bench_reconcile" >/dev/null
  for kind in units members citizens; do
    echo "importing $kind into PostgreSQL" >&2
    "$cardex" --db "$url" import "$kind" "$pgdata/$kind.csv" >/dev/null
  done
  psql -q "$url" -c "VACUUM ANALYZE" >/dev/null
  time_v pg_cardex "$cardex" --db "$url" reconcile --full --out "$work/report-pg.csv"
  A[pg_cardex]=$(accuracy "$work/report-pg.csv" "$pgdata")
  local pg_join=${join_sql//"NOT GLOB '*[^0-9]*'"/"~ '^[0-9]{12}\$'"}
  pg_join=${pg_join//"CAST(m.citizen_id AS INTEGER)"/"m.citizen_id::bigint"}
  time_v pg_join psql -qAt -v ON_ERROR_STOP=1 "$url" -c "SET statement_timeout = '$sql_timeout'" \
    -c "$pg_join"
  psql -q -v ON_ERROR_STOP=1 "$url" -f "$root/bench/reconcile_pg_setup.sql" 2>/dev/null
  time_v pg_index psql -q -v ON_ERROR_STOP=1 "$url" -c "SET statement_timeout = '$sql_timeout'" \
    -c "DROP INDEX IF EXISTS citizens_bare_name" \
    -c "CREATE INDEX citizens_bare_name ON citizens (bench_bare(full_name), gender)" \
    -c "ANALYZE citizens"
  time_v pg_sql psql -qAt -F, -v ON_ERROR_STOP=1 "$url" -c "SET statement_timeout = '$sql_timeout'" \
    -f "$root/bench/reconcile_pg_verdicts.sql"
  A[pg_sql]=""
  if [ "${T[pg_sql]}" != timeout ]; then
    { echo "member_no,verdict,fields,suggested_citizen_id"; cat "$work/pg_sql.out"; } > "$work/report-pg-sql.csv"
    A[pg_sql]="$(accuracy "$work/report-pg-sql.csv" "$pgdata") %"
  fi
  "$root/scripts/pg_test_server.sh" stop "$pgdir" >/dev/null
  trap - EXIT
}

[ "${BENCH_SQLITE:-1}" = 1 ] && run_sqlite
[ "${BENCH_PG:-1}" = 1 ] && run_pg

size() { echo "$(numfmt --to=si "$1")/$(numfmt --to=si "$2")"; }
echo
echo "$(nproc) cores"
echo
echo "| database | members/citizens | what | wall (s) | CPU (s) | peak RSS (MiB) | accuracy vs truth.csv |"
echo "| --- | --- | --- | ---: | ---: | ---: | ---: |"
row() {
  local t=${T[$4]}
  [ "$t" = timeout ] || t=$(printf "%.2f" "$t")
  printf "| %s | %s | %s | %s | %s | %s | %s |\n" "$1" "$2" "$3" "$t" "${C[$4]}" "${R[$4]}" "$5"
}
if [ "${BENCH_SQLITE:-1}" = 1 ]; then
  full=$(size "$members" "$citizens")
  row SQLite "$full" "cardex reconcile --full" sqlite_cardex "${A[sqlite_cardex]} %"
  row SQLite "$full" "sqlite3: exact-id join only" sqlite_join "(no verdicts)"
  row SQLite "$full" "sqlite3: verdicts in SQL, bytes compared, no suggestions" sqlite_sql "${A[sqlite_sql]} %"
fi
if [ "${BENCH_PG:-1}" = 1 ]; then
  small=$(size "$pg_members" "$pg_citizens")
  row PostgreSQL "$small" "cardex reconcile --full" pg_cardex "${A[pg_cardex]} %"
  row PostgreSQL "$small" "psql: exact-id join only" pg_join "(no verdicts)"
  row PostgreSQL "$small" "psql: index on the folded name (once, before the verdicts)" pg_index ""
  row PostgreSQL "$small" "psql: verdicts and suggestions in SQL (unaccent, folded-name index)" pg_sql "${A[pg_sql]}"
  if [ "${T[pg_sql]}" != timeout ]; then
    echo
    echo "PostgreSQL: SQL verdicts / cardex reconcile on the same server:" \
      "$(echo "${T[pg_sql]} ${T[pg_cardex]}" | awk '{printf "%.1fx", $1/$2}')"
  fi
fi
if [ "${BENCH_SQLITE:-1}" = 1 ]; then
  echo
  echo "Suggestions of \`cardex reconcile --full\` (SQLite, $full) against truth.csv:"
  echo
  bash "$root/bench/suggestion_quality.sh" "$work/report-sqlite.csv" "$data/truth.csv" 0.999
fi
