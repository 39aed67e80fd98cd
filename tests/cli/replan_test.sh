#!/usr/bin/env bash
# replan_test.sh CARDEX [PG_URL_FILE]
# `cardex plan --replan-from DAY` as a user meets it mid-campaign: a plan of
# five days is stored; from day 3 the station opens two more counters, a
# longer shift on day 3 and a shorter one on day 4 (stations.csv and
# shifts.csv imported again); the plan is made again from day 3. Nothing
# before day 3 may move, only day 4's members must, the result must pass
# --check, and the changed invitations are listed per cell.
# With PG_URL_FILE, runs on a fresh PostgreSQL database.
set -uo pipefail
cardex=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passed=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { passed=$((passed + 1)); }
expect() {
  local code=$1 pattern=$2; shift 3
  local out status
  out=$("$@" 2>&1); status=$?
  if [ "$code" = nonzero ]; then
    [ $status -ne 0 ] || { fail "$* exited 0, expected failure"; return; }
  elif [ $status -ne "$code" ]; then
    fail "$* exited $status, expected $code: $out"; return
  fi
  echo "$out" | grep -qE "$pattern" || { fail "$* printed: $out (expected /$pattern/)"; return; }
  ok
}

if [ $# -ge 2 ]; then
  admin=$(cat "$2")
  name="replan_$$_$RANDOM"
  psql -q "$admin" -c "CREATE DATABASE $name" || { echo "FAIL: cannot create database"; exit 1; }
  db="${admin%/*}/$name"
else
  db="$work/cardex.db"
fi

# One commune, ten cells of twelve members, one station with two counters
# of 15 minutes, open 08:00-12:00 (32 members a day: two cells) on five days.
{
  echo "code,parent_code,kind,name"
  echo "LD,,province,Tỉnh Lâm Đồng"
  echo "LD.A,LD,commune,Xã Hàm Tiến"
  for c in $(seq -w 1 10); do echo "LD.A.C$c,LD.A,cell,Chi bộ thôn $c"; done
} > "$work/units.csv"
{
  echo "member_no,citizen_id,full_name,birth_date,gender,unit_code,status,phone,home_visit"
  for c in $(seq -w 1 10); do
    for m in $(seq -w 1 12); do echo "M$c$m,0680850$c$m$m,Nguyễn Văn An,1970-01-01,M,LD.A.C$c,official,,"; done
  done
} > "$work/members.csv"
printf 'code,name,counters,minutes_per_member,serves\nS1,Công an xã Hàm Tiến,2,15,LD.A\n' > "$work/stations.csv"
{
  echo "station_code,date,start,end,kind"
  for d in 05 06 07 08 09; do echo "S1,2025-08-$d,08:00,12:00,day"; done
} > "$work/shifts.csv"

expect 0 "schema version" -- "$cardex" --db "$db" init
for kind in units members stations shifts; do
  expect 0 "imported" -- "$cardex" --db "$db" import $kind "$work/$kind.csv"
done
expect 0 "planned 120 of 120 members; last slot ends 2025-08-09T" -- "$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-09 --out "$work/plan1.csv" --check
"$cardex" --db "$db" appointments --out "$work/before.csv" > /dev/null

# Refusals: a day outside the window, with --catch-up, malformed.
expect nonzero "replan-from comes after --to" -- "$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-09 --replan-from 2025-08-10 --out "$work/x.csv"
expect nonzero "do not go together" -- "$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-09 --replan-from 2025-08-07 --catch-up --absent "$work/x.csv" --out "$work/x.csv"
expect nonzero "replan-from: " -- "$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-09 --replan-from 2025-08-32 --out "$work/x.csv"
[ -e "$work/x.csv" ] && fail "a refused re-plan wrote a schedule" || ok

# From day 3: four counters, day 3 open until 16:00, day 4 only until 09:00.
# Days 3 and 5 keep their invitations (the station can still keep them:
# a re-plan moves only the members it must); day 4's two cells lose their
# slots after 09:00 and move whole, into the new room.
printf 'code,name,counters,minutes_per_member,serves\nS1,Công an xã Hàm Tiến,4,15,LD.A\n' > "$work/stations2.csv"
printf 'station_code,date,start,end,kind\nS1,2025-08-07,08:00,16:00,day\nS1,2025-08-08,08:00,09:00,day\n' > "$work/shifts2.csv"
expect 0 "imported 1 stations" -- "$cardex" --db "$db" import stations "$work/stations2.csv"
expect 0 "imported 2 shifts" -- "$cardex" --db "$db" import shifts "$work/shifts2.csv"
expect 0 "re-planned 24 of 24 members in 2 cells from 2025-08-07 around 96 appointments kept \(8 cells as they were\)" -- "$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-09 --replan-from 2025-08-07 --out "$work/plan2.csv" --check
"$cardex" --db "$db" appointments --out "$work/after.csv" > /dev/null

# Nothing before day 3 moved: same rows, codes and status.
before_past=$(awk -F, 'NR > 1 && $4 < "2025-08-07"' "$work/before.csv" | sort)
after_past=$(awk -F, 'NR > 1 && $4 < "2025-08-07"' "$work/after.csv" | sort)
[ -n "$before_past" ] && [ "$before_past" = "$after_past" ] && ok || fail "appointments before day 3 moved: $(diff <(echo "$before_past") <(echo "$after_past"))"
[ "$(tail -n +2 "$work/after.csv" | wc -l)" -eq 120 ] && ok || fail "not 120 appointments after the re-plan"
# The schedule file is the whole plan: the kept rows and the moved ones.
[ "$(tail -n +2 "$work/plan2.csv" | cut -d, -f1 | sort -u | wc -l)" -eq 120 ] && ok || fail "plan2.csv does not hold every member once"
# Only the members of day 4's cells changed: 24 rows differ, none of days 3 and 5.
changed=$(join -t, <(awk -F, 'NR > 1 { print $1 "," $4 "," $7 }' "$work/before.csv" | sort) \
                   <(awk -F, 'NR > 1 { print $1 "," $4 "," $7 }' "$work/after.csv" | sort) | awk -F, '$2 != $4')
[ "$(echo "$changed" | grep -c .)" -eq 24 ] && ok || fail "$(echo "$changed" | grep -c .) members moved, expected 24"
[ "$(echo "$changed" | awk -F, '$2 < "2025-08-08" || $2 >= "2025-08-09"' | grep -c .)" -eq 0 ] && ok || fail "a member of days 3 or 5 moved"
# Moved members got the code of their new appointment; the others kept theirs.
moved_same=$(echo "$changed" | awk -F, '$3 == $5' | grep -c .)
[ "$moved_same" -eq 0 ] && ok || fail "$moved_same moved members kept their code"
# The changed invitations, per cell: CSV (old and new slot, why), XLSX, PDF.
[ "$(ls "$work/plan2_changes"/*.csv | wc -l)" -eq 2 ] && ok || fail "expected two cells' change lists: $(ls "$work/plan2_changes")"
[ "$(cat "$work/plan2_changes"/*.csv | grep -c 'shift_changed\|with_the_cell')" -eq 24 ] && ok || fail "change lists: $(cat "$work/plan2_changes"/*.csv)"
head -1 "$(ls "$work/plan2_changes"/*.csv | head -1)" | grep -q "^member_no,full_name,reason,old_station_code,old_slot_start,old_invitation_code,station_code,slot_start,slot_end,mode,invitation_code" && ok || fail "change list header"
[ "$(ls "$work/plan2_changes"/*.pdf "$work/plan2_changes"/*.xlsx | wc -l)" -eq 4 ] && ok || fail "expected a PDF and an XLSX per changed cell"

# The same re-plan again changes nothing.
expect 0 "0 invitations changed" -- "$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-09 --replan-from 2025-08-07 --out "$work/plan3.csv" --check
"$cardex" --db "$db" appointments --out "$work/after2.csv" > /dev/null
cmp -s "$work/after.csv" "$work/after2.csv" && ok || fail "the same re-plan moved appointments: $(diff "$work/after.csv" "$work/after2.csv" | head)"

# The reserve for no-shows (issue 16): 11 % of every station-day's slots,
# rounded up, kept free (days of 64, 64, 128, 16 and 64 slots: 8 + 8 + 15 +
# 2 + 8), the plan checked against it, and the campaign with its catch-up
# simulated. Only for the whole plan.
expect nonzero "applies to the whole plan" -- "$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-09 --replan-from 2025-08-07 --expected-no-shows 0.11 --out "$work/x.csv"
expect 0 "planned 120 of 120 members \(41 counter slots kept for catch-up\)" -- "$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-09 --expected-no-shows 0.11 --check --out "$work/plan4.csv"
expect 0 "campaign with catch-up \(11% no-shows\): [0-9]+ misses, .*(100% received on 2025-08-0[5-9], [0-9]+ days? before the deadline|not received by the deadline).*wait mean" -- "$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-09 --expected-no-shows 0.11 --simulate --out "$work/plan5.csv"

if [ $# -ge 2 ]; then psql -q "$admin" -c "DROP DATABASE $name" >/dev/null 2>&1; fi
echo "$passed passed, $failures failed"
[ $failures -eq 0 ]
