#!/usr/bin/env bash
# The demonstration behind `make demo`: generates the Lâm Đồng province
# (the communes, cells, members, stations and shifts of the 2025 campaign,
# and a registry around them), loads it into a fresh database, shows the
# round trip, reconciles the members with the registry and plans reception.
set -euo pipefail
cardex=${1:-build/release/cardex}
out=${DEMO_DIR:-demo}
db="$out/cardex.db"
rm -rf "$out" && mkdir -p "$out"

echo "== generating the lam-dong province into $out/data"
"$cardex" gen --preset lam-dong --out "$out/data"
echo "== loading it into $db"
"$cardex" --db "$db" init
for kind in units members citizens stations shifts; do
  "$cardex" --db "$db" import "$kind" "$out/data/$kind.csv"
done
echo "== exporting members and comparing with what was imported"
"$cardex" --db "$db" export members "$out/members.export.csv"
if cmp -s <(tail -n +2 "$out/data/members.csv" | LC_ALL=C sort) <(tail -n +2 "$out/members.export.csv" | LC_ALL=C sort); then
  echo "round trip: identical ($(($(wc -l < "$out/members.export.csv") - 1)) members)"
else
  echo "round trip: DIFFERENT" >&2; exit 1
fi
echo "== reconciling the members with the registry"
"$cardex" --db "$db" reconcile --full --out "$out/reconcile.csv" --by-unit "$out/verdicts_by_unit.csv"
if cmp -s "$out/reconcile.csv" <(cut -d, -f1-4 "$out/data/truth.csv"); then
  echo "reconcile.csv equals the generator's truth for all $(($(wc -l < "$out/reconcile.csv") - 1)) members"
else
  echo "reconcile.csv DIFFERS from the generator's truth" >&2; exit 1
fi
cut -d, -f2 "$out/reconcile.csv" | tail -n +2 | sort | uniq -c | sort -rn | sed 's/^/  /'
echo "== applying the registry's values to every fixable member"
"$cardex" --db "$db" resolve --all-fixable
echo "== planning reception for 5-14 August 2025"
"$cardex" --db "$db" plan --from 2025-08-05 --to 2025-08-14 --out "$out/schedule.csv" --check
echo "Hàm Thạnh's first invitations (served by the Hàm Thuận Nam police station):"
awk -F, '$2 ~ /^LD[.]HAMTHANH[.]/ && n++ < 5 { print "  " $0 }' "$out/schedule.csv"
echo "== a file with one bad row is refused and changes nothing"
awk -F, -v OFS=, 'NR == 5 { $4 = "1980-02-31" } { print }' "$out/data/members.csv" > "$out/members.bad.csv"
if "$cardex" --db "$db" import members "$out/members.bad.csv"; then
  echo "expected a refusal" >&2; exit 1
fi
echo
echo "Database: $db   (try: $cardex --db $db export units units.csv)"
