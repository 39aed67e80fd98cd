// Per-unit views of reconciliation: the open corrections of a unit's
// subtree, its backlog, and verdict counts for every unit (resolve.h).
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/io/csv.h"
#include "cardex/core/unit_tree.h"
#include "cardex/reconcile/resolve.h"
#include "cardex/store/lookups.h"
#include "unit_counts.h"

namespace cardex::reconcile {
namespace {

// Seconds since 1970 of "YYYY-MM-DD HH:MM:SS"; false when unreadable.
bool Seconds(std::string_view text, double* out) {
  if (text.size() < 19) return false;
  auto date = Date::Parse(text.substr(0, 10));
  auto time = TimeOfDay::Parse(text.substr(11, 5));
  if (!date.ok() || !time.ok()) return false;
  const int seconds = (text[17] - '0') * 10 + (text[18] - '0');
  *out = date->days() * 86400.0 + time->minutes() * 60.0 + seconds;
  return true;
}

}  // namespace

double DaysBetween(std::string_view from, std::string_view to) {
  double a, b;
  if (!Seconds(from, &a) || !Seconds(to, &b)) return 0;
  return (b - a) / 86400.0;
}

Result<std::vector<Correction>> OpenCorrections(Store& store, const std::string& unit_code) {
  CARDEX_ASSIGN_OR_RETURN(const UnitTree tree, LoadUnitTree(store));
  const size_t root = tree.Find(unit_code);
  if (root == UnitTree::kNone) return Status::NotFound("no unit " + unit_code);
  std::set<std::string> subtree;
  for (size_t u : tree.Subtree(root)) subtree.insert(tree.units()[u].code);
  std::vector<Correction> open;
  CARDEX_RETURN_IF_ERROR(store.ScanCorrections(/*open_only=*/true, [&](const Correction& c) {
    if (subtree.count(c.unit_code)) open.push_back(c);
    return Status::Ok();
  }));
  std::stable_sort(open.begin(), open.end(), [](const Correction& a, const Correction& b) {
    return a.opened_at < b.opened_at;
  });
  return open;
}

Result<Backlog> BacklogOf(Store& store, const std::string& unit_code, std::string now) {
  if (now.empty()) now = UtcNow();
  CARDEX_ASSIGN_OR_RETURN(std::vector<Correction> open, OpenCorrections(store, unit_code));
  Backlog b;
  b.open = static_cast<int64_t>(open.size());
  double total = 0;
  for (const Correction& c : open) {
    const double age = std::max(0.0, DaysBetween(c.opened_at, now));
    b.oldest_days = std::max(b.oldest_days, age);
    total += age;
  }
  if (b.open > 0) b.mean_days = total / static_cast<double>(b.open);
  return b;
}

Result<std::vector<UnitVerdictCounts>> CountVerdictsByUnit(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(const UnitTree tree, LoadUnitTree(store));
  constexpr size_t kSuggestions = kVerdictCount;
  std::vector<std::array<int64_t, kVerdictCount + 1>> counts(tree.size());
  // Results and members are both in member_no order: a merge gives each
  // result its member's unit.
  std::vector<std::pair<std::string, std::string>> unit_of;  // member_no, unit_code
  CARDEX_RETURN_IF_ERROR(store.ScanMembers([&](const Member& m) {
    unit_of.emplace_back(m.member_no, m.unit_code);
    return Status::Ok();
  }));
  size_t i = 0;
  CARDEX_RETURN_IF_ERROR(store.ScanReconcileResults([&](const ReconcileResultRow& r) {
    while (i < unit_of.size() && unit_of[i].first < r.member_no) ++i;
    if (i == unit_of.size() || unit_of[i].first != r.member_no) return Status::Ok();
    const size_t unit = tree.Find(unit_of[i].second);
    if (unit == UnitTree::kNone) return Status::Ok();
    ++counts[unit][static_cast<size_t>(r.verdict)];
    if (!r.suggested_citizen_id.empty()) ++counts[unit][kSuggestions];
    return Status::Ok();
  }));
  // Children's counts into their parents, deepest first.
  const std::vector<size_t> order = tree.Preorder();
  for (auto it = order.rbegin(); it != order.rend(); ++it) {
    for (size_t child : tree.Children(*it)) {
      for (size_t v = 0; v <= kVerdictCount; ++v) counts[*it][v] += counts[child][v];
    }
  }
  std::vector<UnitVerdictCounts> out;
  out.reserve(order.size());
  for (size_t u : order) {
    UnitVerdictCounts c;
    c.unit = tree.units()[u];
    for (size_t v = 0; v < kVerdictCount; ++v) {
      c.verdicts[v] = counts[u][v];
      c.members += counts[u][v];
    }
    c.suggestions = counts[u][kSuggestions];
    out.push_back(std::move(c));
  }
  return out;
}

Result<int64_t> WriteVerdictCounts(Store& store, const std::string& path) {
  CARDEX_ASSIGN_OR_RETURN(const std::vector<UnitVerdictCounts> units, CountVerdictsByUnit(store));
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out,
                          CsvWriter::OpenFile(path, CsvAudience::kPerson));
  std::vector<std::string> header = {"unit_code", "unit_name", "kind", "members"};
  for (int v = 0; v < kVerdictCount; ++v) header.emplace_back(VerdictName(static_cast<Verdict>(v)));
  header.emplace_back("suggestions");
  std::vector<std::string_view> fields(header.begin(), header.end());
  CARDEX_RETURN_IF_ERROR(out->WriteRow(fields));
  std::vector<std::string> cells;
  for (const UnitVerdictCounts& c : units) {
    cells = {c.unit.code, c.unit.name, c.unit.kind, std::to_string(c.members)};
    for (int64_t n : c.verdicts) cells.push_back(std::to_string(n));
    cells.push_back(std::to_string(c.suggestions));
    fields.assign(cells.begin(), cells.end());
    CARDEX_RETURN_IF_ERROR(out->WriteRow(fields));
  }
  CARDEX_RETURN_IF_ERROR(out->Close());
  return static_cast<int64_t>(units.size());
}

}  // namespace cardex::reconcile
