#!/usr/bin/env bash
# Suggestion precision and recall of a reconciliation report against the
# generator's truth.csv (same members, member_no order), at several
# probability thresholds: run `cardex reconcile` once with a low
# --suggest-probability and read the curve off the report's
# suggestion_probability column.
#
#   bench/suggestion_quality.sh REPORT.csv TRUTH.csv [THRESHOLDS...]
#
# Among the members whose verdict asks for a suggestion (invalid_id,
# id_not_found, wrong_person):
#   precision  suggestions equal to truth's suggested_citizen_id / suggestions
#   recall     of the members with a right suggestion in truth (the person
#              meant is alive, not already named by the recorded id, and has
#              no namesake born the same day), the share suggested rightly
#   verdicts   share of all members whose verdict and fields equal truth's
# Prints a markdown table.
set -euo pipefail
report=$1
truth=$2
shift 2
thresholds=("$@")
[ ${#thresholds[@]} -gt 0 ] || thresholds=(0.9 0.99 0.999 0.9999 0.99999)
echo "| min probability | suggestions | right | wrong | precision | recall | verdicts |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for t in "${thresholds[@]}"; do
  paste -d'\t' <(tail -n +2 "$report") <(tail -n +2 "$truth") | awk -F'\t' -v t="$t" '
    {
      split($1, r, ","); split($2, g, ",")
      total++
      if (r[1] == g[1] && r[2] == g[2] && r[3] == g[3]) verdicts++
      if (g[4] != "") wanted++
      if (r[4] != "" && r[5] + 0 >= t) {
        made++
        if (r[4] == g[4]) right++; else wrong++
      }
    }
    END {
      printf "| %s | %d | %d | %d | %.2f %% | %.2f %% | %.3f %% |\n", t, made, right, wrong,
        made ? 100 * right / made : 100, wanted ? 100 * right / wanted : 100,
        100 * verdicts / total
    }'
done
