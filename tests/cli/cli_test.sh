#!/usr/bin/env bash
# cli_test.sh CARDEX [PG_URL_FILE]
# Drives `cardex` like a user: init, import, export, refusals, bad databases.
# With PG_URL_FILE, runs the same journey on a fresh PostgreSQL database.
set -uo pipefail
cardex=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
passed=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
ok() { passed=$((passed + 1)); }

# expect CODE PATTERN -- command...: exit status CODE (or "nonzero") and
# PATTERN (grep -E) somewhere in stdout+stderr. A here-string, not a pipe:
# grep -q stops reading at the first match, and under pipefail the writer's
# SIGPIPE would fail the check on a busy machine.
expect() {
  local code=$1 pattern=$2; shift 3
  local out status
  out=$("$@" 2>&1); status=$?
  if [ "$code" = nonzero ]; then
    [ $status -ne 0 ] || { fail "$* exited 0, expected failure"; return; }
  elif [ $status -ne "$code" ]; then
    fail "$* exited $status, expected $code: $out"; return
  fi
  grep -qE "$pattern" <<< "$out" || { fail "$* printed: $out (expected /$pattern/)"; return; }
  ok
}

if [ $# -ge 2 ]; then
  admin=$(cat "$2")
  name="cli_$$_$RANDOM"
  psql -q "$admin" -c "CREATE DATABASE $name" || { echo "FAIL: cannot create database"; exit 1; }
  db="${admin%/*}/$name"
else
  db="$work/cardex.db"
fi

cat > "$work/units.csv" <<'CSV'
code,parent_code,kind,name
LD,,province,Tỉnh Lâm Đồng
LD.A,LD,commune,Xã Hàm Tiến
LD.A.C1,LD.A,cell,Chi bộ thôn 1
CSV
printf '\xEF\xBB\xBFmember_no,citizen_id,full_name,birth_date,gender,unit_code,status,phone,home_visit\r\nM1,068085001234,"Nguyễn Văn Hùng",1985-03-02,M,LD.A.C1,official,,\r\nM2,06808500123,NGUYEN\xC2\xA0THI HOA,1985,F,LD.A.C1,official,0912,1\r\n' > "$work/members.csv"

expect 0 "schema version" -- "$cardex" --db "$db" init
expect 0 "schema version" -- "$cardex" --db "$db" init
expect 0 "imported 3 units" -- "$cardex" --db "$db" import units "$work/units.csv"
expect 0 "imported 2 members" -- "$cardex" --db "$db" import members "$work/members.csv"
expect 0 "imported 2 members" -- "$cardex" --db "$db" import members "$work/members.csv"
expect 0 "exported 2 members" -- "$cardex" --db "$db" export members "$work/out.csv"
expected=$'member_no,citizen_id,full_name,birth_date,gender,unit_code,status,phone,home_visit\nM1,068085001234,Nguyễn Văn Hùng,1985-03-02,M,LD.A.C1,official,,\nM2,06808500123,NGUYEN\xC2\xA0THI HOA,1985,F,LD.A.C1,official,0912,1'
[ "$(cat "$work/out.csv")" = "$expected" ] && ok || fail "export differs: $(cat "$work/out.csv")"

# Refusals name the file, line and column, and change nothing.
sed 's/,F,/,W,/' "$work/members.csv" > "$work/bad.csv"
expect nonzero "bad.csv:3: gender: is not one of" -- "$cardex" --db "$db" import members "$work/bad.csv"
: > "$work/empty.csv"
expect nonzero "nothing was imported" -- "$cardex" --db "$db" import members "$work/bad.csv"
expect nonzero "empty.csv: the file is empty" -- "$cardex" --db "$db" import members "$work/empty.csv"
# As Excel saves CSV in a Vietnamese locale: refused with the hint, not "column missing".
tr ',' ';' < "$work/members.csv" > "$work/semicolon.csv"
expect nonzero "semicolon.csv: the columns are separated by ';'" -- "$cardex" --db "$db" import members "$work/semicolon.csv"
printf 'code,parent_code,kind,name\nX,,province,T\xE9\n' > "$work/latin1.csv"
expect nonzero "latin1.csv:2:.*UTF-8" -- "$cardex" --db "$db" import units "$work/latin1.csv"
printf '\xFF\xFEc\x00o\x00' > "$work/utf16.csv"
expect nonzero "UTF-16" -- "$cardex" --db "$db" import units "$work/utf16.csv"
expect nonzero "unknown kind 'people'" -- "$cardex" --db "$db" import people "$work/units.csv"
expect nonzero "missing.csv" -- "$cardex" --db "$db" import units "$work/missing.csv"
expect 0 "exported 2 members" -- "$cardex" --db "$db" export members "$work/out2.csv"
cmp -s "$work/out.csv" "$work/out2.csv" && ok || fail "a refused import changed the data"

# Planning: a station, a commune, two shifts; the window too short exits
# non-zero and says what is missing.
cat > "$work/stations.csv" <<'CSV'
code,name,counters,minutes_per_member,serves
S1,Công an xã Hàm Tiến,1,30,LD.A
CSV
cat > "$work/shifts.csv" <<'CSV'
station_code,date,start,end,kind
S1,2025-08-05,07:00,07:30,day
S1,2025-08-06,22:00,00:30,night
CSV
expect 0 "imported 1 stations" -- "$cardex" --db "$db" import stations "$work/stations.csv"
expect 0 "imported 2 shifts" -- "$cardex" --db "$db" import shifts "$work/shifts.csv"
expect 0 "planned 2 of 2 members" -- "$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-06 --out "$work/plan.csv" --check
grep -q "^M1,LD.A.C1,S1,2025-08-05T07:00,2025-08-05T07:30,station$" "$work/plan.csv" && ok || fail "plan.csv: $(cat "$work/plan.csv")"
grep -q "^M2,LD.A.C1,S1,.*,home_visit$" "$work/plan.csv" && ok || fail "home visit row missing: $(cat "$work/plan.csv")"
expect nonzero "2 members are left" -- "$cardex" --db "$db" plan --from 2025-08-07 --to 2025-08-07 --out "$work/plan2.csv"
expect nonzero "station S1: 2 members left; needs 1.0 more counter-hours" -- "$cardex" --db "$db" plan --from 2025-08-07 --to 2025-08-07 --out "$work/plan2.csv"

# Reconciliation: M1's citizen has died, M2's id lost its leading zero.
# The report follows formats.md, and the plan leaves the deceased out.
cat > "$work/citizens.csv" <<'CSV'
citizen_id,full_name,birth_date,gender,origin,deceased_on
068085001234,Nguyễn Văn Hùng,1985-03-02,M,Lâm Đồng,2024-01-01
068185001234,Nguyễn Thị Hoa,1985-06-01,F,Lâm Đồng,
CSV
expect 0 "imported 2 citizens" -- "$cardex" --db "$db" import citizens "$work/citizens.csv"
expect 0 "" -- "$cardex" --db "$db" reconcile --full --out "$work/reconcile.csv"
expected=$'member_no,verdict,fields,suggested_citizen_id\nM1,deceased,,\nM2,invalid_id,,068185001234'
# The contract's four columns; the suggestion's probability and reasons follow them.
[ "$(cut -d, -f1-4 "$work/reconcile.csv")" = "$expected" ] && ok || fail "reconcile.csv: $(cat "$work/reconcile.csv")"
expect 0 "planned 1 of 1 members" -- "$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-06 --out "$work/plan3.csv" --check
grep -q "^M1," "$work/plan3.csv" && fail "a deceased member was planned" || ok

# Resolution: send M2 to its unit for correction, see the backlog, close it.
expect 0 "M2" -- "$cardex" --db "$db" resolve --correct M2 --note "id lost its leading zero" --actor tester
expect 0 "unit LD: 1 open corrections" -- "$cardex" --db "$db" resolve --backlog LD
expect 0 "M2" -- "$cardex" --db "$db" resolve --open-corrections LD
expect 0 "member M2: 1 corrections closed" -- "$cardex" --db "$db" resolve --close M2 --evidence "checked the ID card" --actor tester
# The registry's values apply only to fixable and mismatch (M2 is invalid_id);
# --unit limits --all-fixable to a subtree, as the web's bulk action.
expect nonzero "only to fixable and mismatch" -- "$cardex" --db "$db" resolve --apply M2
expect 0 "applied the registry's values to 0 fixable members" -- "$cardex" --db "$db" resolve --all-fixable --unit LD.A
expect nonzero "no unit LD.NOPE" -- "$cardex" --db "$db" resolve --all-fixable --unit LD.NOPE
expect 0 "unit LD: 0 open corrections" -- "$cardex" --db "$db" resolve --backlog LD

# Appointments: the plan is stored with invitation codes; the same plan
# again keeps them; catch-up re-plans only the absent members around the
# others; invitations per cell (a list and one .ics per member).
printf 'member_no,citizen_id,full_name,birth_date,gender,unit_code,status,phone,home_visit\nM3,068085001239,Lê Văn An,1970,M,LD.A.C1,official,,\nM4,068085001240,Phạm Thị Bích,1972,F,LD.A.C1,official,,\n' > "$work/members2.csv"
expect 0 "imported 2 members" -- "$cardex" --db "$db" import members "$work/members2.csv"
expect 0 "planned 3 of 3 members" -- "$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-06 --out "$work/plan4.csv" --check
expect 0 "M3,LD.A.C1,S1,2025-08-0[56]T[0-9:]{5},2025-08-0[567]T[0-9:]{5},station,[0-9A-Z*~$=U]{11},invited" -- "$cardex" --db "$db" appointments
expect 0 "wrote 3 appointments" -- "$cardex" --db "$db" appointments --out "$work/appts1.csv"
head -1 "$work/appts1.csv" | grep -qx "member_no,unit_code,station_code,slot_start,slot_end,mode,invitation_code,status" && ok || fail "appointments header: $(head -1 "$work/appts1.csv")"
expect 0 "planned 3 of 3 members" -- "$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-06 --out "$work/plan5.csv"
cmp -s "$work/plan4.csv" "$work/plan5.csv" && ok || fail "the same input planned differently"
"$cardex" --db "$db" appointments --out "$work/appts2.csv" > /dev/null
cmp -s "$work/appts1.csv" "$work/appts2.csv" && ok || fail "a re-run changed stored appointments or codes: $(diff "$work/appts1.csv" "$work/appts2.csv")"
m3_day=$(grep '^M3,' "$work/plan4.csv" | cut -d, -f4 | cut -c1-10)
expect 0 "^M3," -- "$cardex" --db "$db" appointments --station S1 --date "$m3_day"
[ "$("$cardex" --db "$db" appointments --member M4 | tail -n +2 | cut -d, -f1)" = "M4" ] && ok || fail "appointments --member M4"
[ "$("$cardex" --db "$db" appointments --unit LD.X | wc -l)" -eq 1 ] && ok || fail "appointments of an empty unit"
expect nonzero "date: month 13" -- "$cardex" --db "$db" appointments --date 2025-13-01

printf 'member_no,reason\nM3,busy\n' > "$work/absent.csv"
expect 0 "re-planned 1 of 1 absent members around 2 appointments kept" -- "$cardex" --db "$db" plan --catch-up --from 2025-08-05 --to 2025-08-06 --absent "$work/absent.csv" --out "$work/catch.csv" --check
[ "$(tail -n +2 "$work/catch.csv" | cut -d, -f1)" = "M3" ] && ok || fail "catch.csv: $(cat "$work/catch.csv")"
head -1 "$work/catch.csv" | grep -qx "member_no,unit_code,station_code,slot_start,slot_end,mode" && ok || fail "catch.csv header"
"$cardex" --db "$db" appointments --out "$work/appts3.csv" > /dev/null
[ "$(grep -v '^M3,' "$work/appts1.csv")" = "$(grep -v '^M3,' "$work/appts3.csv")" ] && ok || fail "catch-up moved someone already invited: $(diff "$work/appts1.csv" "$work/appts3.csv")"
printf 'member_no,reason\nM3,ill\n' > "$work/ill.csv"
expect 0 "re-planned 1 of 1" -- "$cardex" --db "$db" plan --catch-up --from 2025-08-05 --to 2025-08-06 --absent "$work/ill.csv" --out "$work/catch2.csv"
grep -q '^M3,LD.A.C1,S1,.*,home_visit$' "$work/catch2.csv" && ok || fail "an ill member is not visited at home: $(cat "$work/catch2.csv")"
printf 'member_no,reason\nM9,busy\nM1,ill\nM3,lazy\nM4,busy\nM4,ill\n' > "$work/absent_bad.csv"
expect nonzero "absent_bad.csv:2: member_no: no member has this number" -- "$cardex" --db "$db" plan --catch-up --from 2025-08-05 --to 2025-08-06 --absent "$work/absent_bad.csv" --out "$work/catch3.csv"
expect nonzero "absent_bad.csv:3: member_no: the member is not to be received" -- "$cardex" --db "$db" plan --catch-up --from 2025-08-05 --to 2025-08-06 --absent "$work/absent_bad.csv" --out "$work/catch3.csv"
expect nonzero "absent_bad.csv:4: reason: is not one of the allowed values; expected busy, ill, wrong_data" -- "$cardex" --db "$db" plan --catch-up --from 2025-08-05 --to 2025-08-06 --absent "$work/absent_bad.csv" --out "$work/catch3.csv"
expect nonzero "absent_bad.csv:6: member_no: the member appears twice in the file \(first on line 5\)" -- "$cardex" --db "$db" plan --catch-up --from 2025-08-05 --to 2025-08-06 --absent "$work/absent_bad.csv" --out "$work/catch3.csv"
[ -e "$work/catch3.csv" ] && fail "a refused absence file wrote a schedule" || ok
expect nonzero "needs --absent" -- "$cardex" --db "$db" plan --catch-up --from 2025-08-05 --to 2025-08-06 --out "$work/catch3.csv"

expect 0 "wrote invitations for 3 members" -- "$cardex" --db "$db" invitations --unit LD.A.C1 --out "$work/inv"
head -1 "$work/inv/LD.A.C1.csv" | grep -qx "member_no,full_name,station_name,station_code,date,start,end,mode,invitation_code" && ok || fail "invitation list header"
grep -q '^M3,Lê Văn An,Công an xã Hàm Tiến,S1,2025-08-0' "$work/inv/LD.A.C1.csv" && ok || fail "invitation list: $(cat "$work/inv/LD.A.C1.csv")"
grep -q $'^BEGIN:VEVENT\r$' "$work/inv/M3.ics" && grep -q $'^SUMMARY:Đổi thẻ đảng viên — Công an xã Hàm Tiến\r$' "$work/inv/M3.ics" && ok || fail "M3.ics: $(cat "$work/inv/M3.ics")"
[ -e "$work/inv/M1.ics" ] && fail "an invitation for a member not planned" || ok
expect nonzero "no unit has the code LD.X" -- "$cardex" --db "$db" invitations --unit LD.X --out "$work/inv2"

# Accounts: passwords only from a file or stdin; the audit chain.
printf 'a long enough password\n' > "$work/pw"
expect 0 "added root \(administrator, scope everything\)" -- "$cardex" --db "$db" user add root --role administrator --password-file "$work/pw"
expect 0 "added desk1 \(station_officer, scope S1\)" -- bash -c "printf 'another long password\n' | '$cardex' --db '$db' user add desk1 --role station_officer --scope S1 --name 'Trần Văn Bình'"
expect 0 "added cell1" -- "$cardex" --db "$db" user add cell1 --role cell_secretary --scope LD.A.C1 --password-file "$work/pw"
expect nonzero "login: root exists already" -- "$cardex" --db "$db" user add root --role administrator --password-file "$work/pw"
expect nonzero "role: boss is not a role; expected one of administrator" -- "$cardex" --db "$db" user add boss --role boss --password-file "$work/pw"
expect nonzero "scope: no station has the code S9" -- "$cardex" --db "$db" user add desk9 --role station_officer --scope S9 --password-file "$work/pw"
expect nonzero "scope: a cell_secretary needs a unit code" -- "$cardex" --db "$db" user add cell2 --role cell_secretary --password-file "$work/pw"
expect nonzero "password: must be at least 10 characters" -- bash -c "printf 'short\n' | '$cardex' --db '$db' user add shorty --role inspector --scope LD"
expect nonzero "password" -- "$cardex" --db "$db" user add pw --role inspector --password 'on the command line'
expect 0 "changed the password of desk1" -- bash -c "printf 'a brand new password\n' | '$cardex' --db '$db' user passwd desk1"
expect nonzero "no account has the login nobody" -- "$cardex" --db "$db" user passwd nobody --password-file "$work/pw"
expect 0 "disabled cell1" -- "$cardex" --db "$db" user disable cell1
expect nonzero "no account has the login nobody" -- "$cardex" --db "$db" user disable nobody
users_expected=$'login,role,scope,status,name\ncell1,cell_secretary,LD.A.C1,disabled,\ndesk1,station_officer,S1,active,Trần Văn Bình\nroot,administrator,,active,'
[ "$("$cardex" --db "$db" user list)" = "$users_expected" ] && ok || fail "user list: $("$cardex" --db "$db" user list)"
"$cardex" --db "$db" user list | grep -q argon2 && fail "user list shows password hashes" || ok
# Working groups, inspections, follow-ups: each change audited.
expect 0 "added working group TKT1 \(unit LD\)" -- "$cardex" --db "$db" group add TKT1 --name "Tổ kiểm tra 1" --unit LD --leader "Đ/c Hùng"
expect nonzero "group TKT1 exists already" -- "$cardex" --db "$db" group add TKT1 --name x --unit LD
expect 0 "working group TKT1: 1 units assigned" -- "$cardex" --db "$db" group assign TKT1 LD.A
expect nonzero "no unit LD.Z" -- "$cardex" --db "$db" group assign TKT1 LD.Z
expect 0 "working group TKT1: 1 members added" -- "$cardex" --db "$db" group member TKT1 desk1
expect nonzero "no account ghost" -- "$cardex" --db "$db" group member TKT1 ghost
groups_expected=$'group_code,name,leader,unit_code,units,members\nTKT1,Tổ kiểm tra 1,Đ/c Hùng,LD,LD.A,desk1'
[ "$("$cardex" --db "$db" group list)" = "$groups_expected" ] && ok || fail "group list: $("$cardex" --db "$db" group list)"
expect 0 "recorded inspection 1 of LD.A.C1 \(1 follow-ups\)" -- "$cardex" --db "$db" inspection add TKT1 --unit LD.A.C1 --date 2025-08-06 --findings "Thiếu ảnh, cần bổ sung" --follow-up "Chụp lại ảnh|desk1|2025-08-08"
expect nonzero "follow-up: expected" -- "$cardex" --db "$db" inspection add TKT1 --unit LD.A.C1 --date 2025-08-06 --findings x --follow-up "no bars"
expect nonzero "date: " -- "$cardex" --db "$db" inspection add TKT1 --unit LD.A.C1 --date 2025-13-01 --findings x
expect 0 '^1,TKT1,LD.A.C1,2025-08-06,cli:[^,]*,1,"Thiếu ảnh, cần bổ sung"$' -- "$cardex" --db "$db" inspection list TKT1
expect 0 '^1,1,TKT1,LD.A.C1,desk1,2025-08-08,open,,,Chụp lại ảnh$' -- "$cardex" --db "$db" follow-up list --owner desk1
expect 0 "closed follow-up 1" -- "$cardex" --db "$db" follow-up close 1
expect nonzero "follow-up 1 was closed by" -- "$cardex" --db "$db" follow-up close 1
expect 0 "audit log intact: [0-9]+ chained entries" -- "$cardex" --db "$db" audit verify
expect 0 "head: seq [0-9]+ hash [0-9a-f]{64}" -- "$cardex" --db "$db" audit verify
# Signed checkpoints outside the database: the newest entries deleted and
# the head moved back pass the chain alone, not the checkpoints.
sql() { if [ $# -ge 3 ]; then psql -qAt "$db" -c "$1"; else sqlite3 "$db" "$1"; fi; }
"$cardex" audit keygen --out "$work/audit.key" | sed -n 's/^public key: //p' > "$work/audit.pub"
grep -qE '^[0-9a-f]{64}$' "$work/audit.pub" && ok || fail "audit keygen printed no public key"
expect nonzero "never overwritten" -- "$cardex" audit keygen --out "$work/audit.key"
"$cardex" audit keygen --out "$work/other_audit.key" | sed -n 's/^public key: //p' > "$work/other_audit.pub"
expect 0 "checkpoint: seq [0-9]+ hash [0-9a-f]{64} signed by key [0-9a-f]{16}" -- "$cardex" --db "$db" audit checkpoint --key "$work/audit.key" --out "$work/audit.ckpt"
expect 0 "checkpoints: 1 signed, every checkpointed entry present and unchanged" -- "$cardex" --db "$db" audit verify --checkpoints "$work/audit.ckpt" --public-key "$work/audit.pub"
cut=$(( $(sql "SELECT seq FROM audit_head" "$@") - 2 ))
sql "DELETE FROM audit_log WHERE seq > $cut" "$@" >/dev/null
sql "UPDATE audit_head SET seq = $cut, hash = (SELECT entry_hash FROM audit_log WHERE seq = $cut)" "$@" >/dev/null
expect 0 "audit log intact" -- "$cardex" --db "$db" audit verify
expect 1 "audit log broken at seq $((cut + 1)): .*cut short" -- "$cardex" --db "$db" audit verify --checkpoints "$work/audit.ckpt" --public-key "$work/audit.pub"
expect 1 "audit.ckpt:1: signed by key" -- "$cardex" --db "$db" audit verify --checkpoints "$work/audit.ckpt" --public-key "$work/other_audit.pub"
tamper="UPDATE audit_log SET actor = 'intruder' WHERE seq = 2"
if [ $# -ge 2 ]; then psql -q "$db" -c "$tamper"; else sqlite3 "$db" "$tamper"; fi
expect 1 "audit log broken at seq 2: entry 2 does not match its hash: edited" -- "$cardex" --db "$db" audit verify

# Invitations for people: a spreadsheet and a printable PDF whose cards
# carry the member's invitation code as a QR code; no citizen id in them.
[ -s "$work/inv/LD.A.C1.xlsx" ] && [ -s "$work/inv/LD.A.C1.pdf" ] && ok || fail "invitation xlsx/pdf missing: $(ls "$work/inv")"
inv_sheet=$(unzip -p "$work/inv/LD.A.C1.xlsx" xl/worksheets/sheet1.xml)
grep -q '<t>Họ và tên</t>' <<< "$inv_sheet" && grep -q '<t>Lê Văn An</t>' <<< "$inv_sheet" && ok || fail "invitation xlsx: $inv_sheet"
inv_text=$(pdftotext -enc UTF-8 "$work/inv/LD.A.C1.pdf" -)
grep -q 'GIẤY MỜI ĐỔI THẺ ĐẢNG VIÊN' <<< "$inv_text" && grep -q 'Kính gửi đồng chí: Lê Văn An' <<< "$inv_text" && grep -q 'Mang theo: Thẻ đảng viên cũ, Căn cước công dân' <<< "$inv_text" && ok || fail "invitation pdf text: $inv_text"
grep -q '068085001239' <<< "$inv_text$inv_sheet" && fail "a citizen id on an invitation" || ok
m3_code=$(grep '^M3,' "$work/inv/LD.A.C1.csv" | cut -d, -f9)
pdftoppm -r 150 -png "$work/inv/LD.A.C1.pdf" "$work/inv/page"
scanned=$(zbarimg --quiet --raw "$work"/inv/page-*.png 2>/dev/null)
grep -qxF "$m3_code" <<< "$scanned" && ok || fail "M3's QR code ($m3_code) does not scan: $scanned"

# The reconciliation report for people, beside the CSV.
expect 0 "wrote $work/reconcile2.xlsx" -- "$cardex" --db "$db" reconcile --out "$work/reconcile2.csv" --out "$work/reconcile2.xlsx"
grep -qE '^M2,invalid_id,,068185001234(,|$)' "$work/reconcile2.csv" && ok || fail "reconcile2.csv: $(cat "$work/reconcile2.csv")"
rec_sheet=$(unzip -p "$work/reconcile2.xlsx" xl/worksheets/sheet1.xml)
for text in '<t>Số thẻ đảng viên</t>' '<t>Số CCCD không hợp lệ</t>' '<t>invalid_id</t>' '<t>068*****123</t>' '<t>Đã từ trần (theo CSDL dân cư)</t>'; do
  grep -qF "$text" <<< "$rec_sheet" && ok || fail "reconcile2.xlsx lacks $text"
done
grep -q '<t>068085001234</t>' <<< "$rec_sheet" && fail "a recorded citizen id in clear in reconcile2.xlsx" || ok
grep -q '<t>068185001234</t>' <<< "$rec_sheet" && fail "a suggested citizen id in clear in reconcile2.xlsx" || ok
grep -qF '<t>Khớp (match)</t>' <<< "$(unzip -p "$work/reconcile2.xlsx" xl/worksheets/sheet2.xml)" && ok || fail "reconcile2.xlsx: no counts per unit"
expect nonzero "cannot write" -- "$cardex" --db "$db" reconcile --out "$work/no/such/dir/r.xlsx"

# Cards: the desk is HTTP-only, so members reach `submitted` by SQL here
# (the C++ tests take them there step by step). Produce, verify offline,
# deliver, hand over, revoke, list.
run_sql() {
  case "$db" in
    postgres://*|postgresql://*) psql -qAt "$db" -c "$1" ;;
    *) sqlite3 "$db" "$1" ;;
  esac
}
# Every state-changing command is in the hash-chained audit log, with ids
# and counts only (issue 14): imports, reconcile runs, plans.
for action in import.units import.members import.stations import.shifts import.citizens reconcile.run plan.store; do
  [ "$(run_sql "SELECT count(*) FROM audit_log WHERE action = '$action'")" -ge 1 ] && ok || fail "no $action in the audit log"
done
[ "$(run_sql "SELECT count(*) FROM audit_log WHERE action LIKE 'import.%' AND (before_value LIKE '%Nguy%' OR after_value LIKE '%Nguy%' OR after_value LIKE '%0790%')")" = 0 ] && ok || fail "personal data in an import's audit entry"
for m in M2 M3; do
  run_sql "INSERT INTO exchange (member_no, unit_code, state, updated_at, updated_by, version) VALUES ('$m', 'LD.A.C1', 'submitted', '2025-08-05T01:00:00Z', 'desk', 5)" > /dev/null
done
expect nonzero "no unit LD.X" -- "$cardex" --db "$db" card produce --commune LD.X
expect nonzero "cards are produced per commune" -- "$cardex" --db "$db" card produce --commune LD.A.C1
# No card with data the registry contradicts (issue 14): M2's recorded id
# is invalid and M3's is not in the registry, so both are skipped and
# listed with the reason; no batch is made.
expect 0 "skipped 2 submitted members, not cleanly standardised" -- "$cardex" --db "$db" card produce --commune LD.A --issue-date 2025-08-20 --actor tester
expect 0 "M3: the citizen id is wrong or someone else's \(ID not in the registry\)" -- "$cardex" --db "$db" card produce --commune LD.A --issue-date 2025-08-20 --actor tester
[ "$(run_sql "SELECT count(*) FROM card_batches")" = 0 ] && ok || fail "a batch was made of members not cleanly standardised"
# M2's suggested id is accepted; M3's record is found in a registry update
# (the unit's correction): both are then clean and produced.
expect 0 "M2" -- "$cardex" --db "$db" resolve --accept M2 --actor tester
printf 'citizen_id,full_name,birth_date,gender,origin,deceased_on\n068085001239,Lê Văn An,1970-05-05,M,Lâm Đồng,\n' > "$work/citizens_m3.csv"
expect 0 "imported 1 citizens" -- "$cardex" --db "$db" import citizens "$work/citizens_m3.csv"
expect 0 "" -- "$cardex" --db "$db" reconcile --full --out "$work/reconcile3.csv"
# The recorded "1970" differs from the registry's date in form only (fixable):
# clean, and the card carries the registry's 1970-05-05.
grep -q '^M3,fixable,birth_date,' "$work/reconcile3.csv" && ok || fail "reconcile3.csv: $(cat "$work/reconcile3.csv")"
expect 0 "batch B000001: 2 cards for LD.A, issued on 2025-08-20" -- "$cardex" --db "$db" card produce --commune LD.A --issue-date 2025-08-20 --actor tester
expect 0 "nothing to produce" -- "$cardex" --db "$db" card produce --commune LD.A
expect 0 "^[0-9a-f]{64}$" -- "$cardex" --db "$db" card public-key
expect 0 "wrote .*pub.txt" -- "$cardex" --db "$db" card public-key --out "$work/pub.txt"
card2=$(run_sql "SELECT card_no FROM cards WHERE member_no = 'M2'")
card3=$(run_sql "SELECT card_no FROM cards WHERE member_no = 'M3'")
run_sql "SELECT payload FROM cards WHERE member_no = 'M2'" > "$work/card2.txt"
run_sql "SELECT payload FROM cards WHERE member_no = 'M3'" > "$work/card3.txt"
[[ "$card2" =~ ^LD-[0-9]{9}$ ]] && ok || fail "card number of M2: $card2"
expect 0 "card_no: $card2" -- "$cardex" --db /nonexistent/dir/x.db card verify "$work/card2.txt" --public-key "$work/pub.txt"
expect 0 "member_no: M2" -- "$cardex" card verify "$(cat "$work/card2.txt")" --public-key "$(cat "$work/pub.txt")"
payload=$(cat "$work/card2.txt")
body=${payload#CDX1.}; body=${body%%.*}; sig=${payload##*.}
b64url_decode() {
  local s; s=$(printf '%s' "$1" | tr -- '-_' '+/')
  while [ $(( ${#s} % 4 )) -ne 0 ]; do s="$s="; done
  printf '%s' "$s" | base64 -d
}
tampered_body=$(b64url_decode "$body" | sed 's/M2/M9/' | base64 -w0 | tr -- '+/' '-_' | tr -d '=')
expect 1 "bad signature: the card data was changed" -- "$cardex" card verify "CDX1.$tampered_body.$sig" --public-key "$work/pub.txt"
expect 1 "unknown payload version \(this cardex reads CDX1\)" -- "$cardex" card verify "CDX2.${payload#CDX1.}" --public-key "$work/pub.txt"
# Errors never print a payload's data (docs/cards.md): not a malformed one,
# not one under another version tag, not text that is no payload at all.
for bad in "CDX2.${payload#CDX1.}" "079080000001NguyenVanA" "${payload%.*}"; do
  out=$("$cardex" card verify "$bad" --public-key "$work/pub.txt" 2>&1)
  [[ "$out" != *"${bad:5:12}"* && "$out" != *079080000001* ]] && ok || fail "card verify echoed its input: $out"
done
expect 1 "malformed payload" -- "$cardex" card verify "CDX1.abc" --public-key "$work/pub.txt"
expect 1 "nope.txt: no such file, and not a payload" -- "$cardex" card verify "$work/nope.txt" --public-key "$work/pub.txt"
expect 0 "wrote .*other.key: key id [0-9a-f]{16}" -- "$cardex" card keygen --out "$work/other.key"
expect nonzero "never overwritten" -- "$cardex" card keygen --out "$work/other.key"
expect 0 "wrote" -- "$cardex" card public-key --signing-key "$work/other.key" --out "$work/other.pub"
expect 1 "bad signature: the payload names key" -- "$cardex" card verify "$work/card2.txt" --public-key "$work/other.pub"
expect 1 "64 hex digits" -- "$cardex" card verify "$work/card2.txt" --public-key "$work/card2.txt"
expect nonzero "has not been delivered" -- "$cardex" --db "$db" card hand-over --member M2 --card "$card2"
expect 0 "batch B000001 delivered: 2 cards" -- "$cardex" --db "$db" card deliver --batch B000001
expect nonzero "was delivered at" -- "$cardex" --db "$db" card deliver --batch B000001
expect nonzero "is not member M2's card" -- "$cardex" --db "$db" card hand-over --member M2 --card "$card3"
expect 0 "old card M2 retired" -- "$cardex" --db "$db" card hand-over --member M2 --card "$card2" --station S1
expect nonzero "expected lost, stolen, damaged, misprinted or data_corrected" -- "$cardex" --db "$db" card revoke --card "$card3" --reason "lost in the post"
expect 0 "member M3 is submitted again" -- "$cardex" --db "$db" card revoke --card "$card3" --reason lost --note "in the post"
expect nonzero "already revoked" -- "$cardex" --db "$db" card revoke --card "$card3" --reason lost
[ "$(run_sql "SELECT state FROM exchange WHERE member_no = 'M3'")" = submitted ] && ok || fail "M3 is not submitted again after the revocation"
expect 0 "list #1 issued at [-0-9T:]+Z, 1 revoked cards, 1 retired old numbers" -- "$cardex" --db "$db" card revocations --out "$work/revocations.csv"
expected=$(printf '#CDXREV1 issued_at=[-0-9T:]+Z sequence=1 key_id=[0-9a-f]{16}\ncard_no,kind,reason,at\n%s,revoked,lost,.*\nM2,retired,replaced by %s,.*' "$card3" "$card2")
[[ "$(cat "$work/revocations.csv")" =~ ^$expected$ ]] && ok || fail "revocations.csv: $(cat "$work/revocations.csv")"
expect 1 "REVOKED: card $card3 is on the revocation list" -- "$cardex" card verify "$work/card3.txt" --public-key "$work/pub.txt" --revocations "$work/revocations.csv"
# A revoked card is never called valid, and its data is not shown.
out=$("$cardex" card verify "$work/card3.txt" --public-key "$work/pub.txt" --revocations "$work/revocations.csv" 2>&1)
[[ "$out" != *valid* && "$out" != *citizen_id* && "$out" != *member_no:* ]] && ok || fail "card verify of a revoked card: $out"
expect 0 "not on the revocation list" -- "$cardex" card verify "$work/card2.txt" --public-key "$work/pub.txt" --revocations "$work/revocations.csv"
expect 0 "revocation list #1 issued at [-0-9T:]+Z, [0-9]+ (s|min) old, signed by key" -- "$cardex" card verify "$work/card2.txt" --public-key "$work/pub.txt" --revocations "$work/revocations.csv"
sed 's/,revoked,lost,/,revoked,found,/' "$work/revocations.csv" > "$work/forged.csv"; cp "$work/revocations.csv.sig" "$work/forged.csv.sig"
expect 1 "forged.csv: file signature does not match: the file was changed" -- "$cardex" card verify "$work/card3.txt" --public-key "$work/pub.txt" --revocations "$work/forged.csv"
# A re-dated list (to pass for fresh) breaks the signature too.
sed '1s/issued_at=[0-9]*/issued_at=2099/' "$work/revocations.csv" > "$work/forged.csv"
expect 1 "forged.csv: file signature does not match" -- "$cardex" card verify "$work/card2.txt" --public-key "$work/pub.txt" --revocations "$work/forged.csv"
rm "$work/forged.csv.sig"
expect 1 "forged.csv.sig: missing" -- "$cardex" card verify "$work/card3.txt" --public-key "$work/pub.txt" --revocations "$work/forged.csv"
# Stale: four days after issue the default --max-list-age (72 h) refuses it.
issued=$(head -1 "$work/revocations.csv" | sed 's/.*issued_at=\([^ ]*\).*/\1/')
later=$(date -u -d "@$(( $(date -u -d "${issued/T/ }" +%s) + 4 * 86400 ))" +%Y-%m-%dT%H:%M:%SZ)
expect 1 "stale revocation list, issued 4 d 0 h ago" -- "$cardex" card verify "$work/card2.txt" --public-key "$work/pub.txt" --revocations "$work/revocations.csv" --at "$later"
expect 0 "4 d 0 h old" -- "$cardex" card verify "$work/card2.txt" --public-key "$work/pub.txt" --revocations "$work/revocations.csv" --at "$later" --max-list-age 120
expect 1 "revocation list #1 is older than #2" -- "$cardex" card verify "$work/card2.txt" --public-key "$work/pub.txt" --revocations "$work/revocations.csv" --min-list-sequence 2
expect 0 "list #2 issued at" -- "$cardex" --db "$db" card revocations --out "$work/revocations.csv"
expect 0 "revocation list #2" -- "$cardex" card verify "$work/card2.txt" --public-key "$work/pub.txt" --revocations "$work/revocations.csv" --min-list-sequence 2
[ "$(run_sql "SELECT state FROM exchange WHERE member_no = 'M2'")" = handed_over ] && ok || fail "M2 is not handed_over"
[ "$(run_sql "SELECT count(*) FROM audit_log WHERE subject = '$card2'")" = 3 ] && ok || fail "card $card2 audit entries"

# Progress: M1 is deceased by the registry, M2 holds the new card, M3's
# card is delivered, M4 has not come: 3 to exchange, 2 received, 1 handed
# over. The first report rebuilds the roll-ups (exchange rows written by
# SQL above bypassed them); XLSX and PDF carry the same figures.
expect 0 "wrote the progress of 3 units" -- "$cardex" --db "$db" report progress --out "$work/progress.csv"
progress_expected=$'unit_code,unit_name,kind,official_members,received,handed_over,percent_received\nLD,Tỉnh Lâm Đồng,province,3,2,1,66.7\nLD.A,Xã Hàm Tiến,commune,3,2,1,66.7\nLD.A.C1,Chi bộ thôn 1,cell,3,2,1,66.7'
[ "$(cat "$work/progress.csv")" = "$progress_expected" ] && ok || fail "progress.csv: $(cat "$work/progress.csv")"
expect 0 "wrote the progress of 1 units" -- "$cardex" --db "$db" report progress --unit LD.A.C1 --out "$work/progress_cell.csv"
[ "$(tail -n +2 "$work/progress_cell.csv")" = "LD.A.C1,Chi bộ thôn 1,cell,3,2,1,66.7" ] && ok || fail "progress_cell.csv: $(cat "$work/progress_cell.csv")"
expect nonzero "no unit LD.X" -- "$cardex" --db "$db" report progress --unit LD.X --out "$work/progress_x.csv"
expect nonzero "written as .csv, .xlsx or .pdf" -- "$cardex" --db "$db" report progress --out "$work/progress.txt"
expect 0 "wrote the progress of 3 units" -- "$cardex" --db "$db" report progress --out "$work/progress.xlsx"
prog_sheet=$(unzip -p "$work/progress.xlsx" xl/worksheets/sheet1.xml)
for text in 'Tiến độ đổi thẻ đảng viên — Tỉnh Lâm Đồng — ngày ' '<t>Số đảng viên phải đổi thẻ</t>' '<t>Đã nhận hồ sơ</t>' '<t>Đã trao thẻ</t>' '<t>LD.A.C1</t>' 'Chi bộ thôn 1</t>'; do
  grep -qF "$text" <<< "$prog_sheet" && ok || fail "progress.xlsx lacks $text"
done
prog_cells=$(unzip -p "$work/progress.xlsx" xl/worksheets/sheet2.xml)
grep -qF '<t>Tổng cộng</t>' <<< "$prog_cells" && grep -qF '<f>SUM(' <<< "$prog_cells" && ok || fail "progress.xlsx: no totals on the cells sheet"
expect 0 "wrote the progress of 3 units" -- "$cardex" --db "$db" report progress --out "$work/progress.pdf"
prog_pdf=$(pdftotext -layout "$work/progress.pdf" - 2>&1)
for text in 'Tiến độ đổi thẻ đảng viên' 'Đơn vị: Tỉnh Lâm Đồng' 'Tỷ lệ đã nhận hồ sơ và đã trao thẻ' 'Chi bộ thôn 1' '66,7' 'Tóm tắt cho Ban Chỉ đạo' 'Đánh giá:' 'Trang 2/2'; do
  grep -qF "$text" <<< "$prog_pdf" && ok || fail "progress.pdf lacks $text: $prog_pdf"
done

if [ $# -lt 2 ]; then
  # Databases that cannot be opened.
  expect nonzero "/nonexistent/dir/x.db" -- "$cardex" --db /nonexistent/dir/x.db init
  expect nonzero "cannot connect to PostgreSQL" -- "$cardex" --db "postgresql://cardex@127.0.0.1:1/none" init
  mkdir "$work/ro" && cp "$db" "$work/ro/ro.db" && chmod 0444 "$work/ro/ro.db"
  if [ "$(id -u)" -ne 0 ]; then  # root writes read-only files anyway
    expect nonzero "ro.db" -- "$cardex" --db "$work/ro/ro.db" import units "$work/units.csv"
  fi
fi

echo "$passed passed, $failures failed"
[ $failures -eq 0 ]
