#!/usr/bin/env bash
# One bad row among a million: `cardex import` must exit non-zero, name the
# line and column, and import nothing. Prints what happened and how long the
# refusal took (it still reads the whole file to report every bad row).
#
#   bench/import_refusal.sh BUILD_DIR DATA_DIR [BAD_LINE]
set -euo pipefail
build=${1:-build/release}
data=${2:?usage: import_refusal.sh BUILD_DIR DATA_DIR [BAD_LINE]}
bad_line=${3:-654321}
root=$(cd "$(dirname "$0")/.." && pwd)
cardex="$root/$build/cardex"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The member on BAD_LINE gets a birth date that does not exist.
awk -F, -v OFS=, -v n="$bad_line" 'NR == n { $4 = "1980-02-31" } { print }' \
  "$data/members.csv" > "$work/members.csv"
db="$work/cardex.db"
"$cardex" --db "$db" init >/dev/null
"$cardex" --db "$db" import units "$data/units.csv" >/dev/null
start=$(date +%s.%N)
set +e
message=$("$cardex" --db "$db" import members "$work/members.csv" 2>&1)
status=$?
set -e
seconds=$(echo "$(date +%s.%N) - $start" | bc -l)
rows=$(sqlite3 "$db" "SELECT count(*) FROM members")
lines=$(($(wc -l < "$work/members.csv") - 1))
echo "| rows in file | bad line | exit status | first message | members stored after | seconds |"
echo "| ---: | ---: | ---: | --- | ---: | ---: |"
printf '| %d | %d | %d | `%s` | %d | %.1f |\n' "$lines" "$bad_line" "$status" \
  "$(echo "$message" | head -1 | sed "s|$work/||")" "$rows" "$seconds"
[ "$status" -ne 0 ] && [ "$rows" -eq 0 ] && echo "$message" | grep -q "members.csv:$bad_line: birth_date:"
