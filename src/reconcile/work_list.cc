// The corrections work list (work_list.h).
#include "cardex/reconcile/work_list.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <unordered_map>

#include "cardex/core/dates.h"
#include "cardex/core/unit_tree.h"
#include "cardex/core/verdict.h"
#include "cardex/core/vn_name.h"
#include "cardex/reconcile/resolve.h"
#include "cardex/store/lookups.h"
#include "cardex/store/sql.h"

namespace cardex::reconcile {
namespace {

// The differences a unit can act on; match and deceased leave nothing to
// correct in the record.
constexpr std::string_view kOpenVerdicts =
    "('invalid_id', 'duplicate_id', 'id_not_found', 'wrong_person', 'mismatch', 'fixable')";

bool Digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// The registry's values for each suggested citizen (one indexed read each).
Status FillSuggestions(Store& store, std::vector<WorkItem>& items) {
  for (WorkItem& w : items) {
    if (w.suggested_citizen_id.empty() || w.suggested_citizen_id.size() > 18 ||
        !Digits(w.suggested_citizen_id)) {
      continue;
    }
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows c, store.Query("SELECT full_name, birth_date, gender FROM citizens WHERE "
                               "citizen_id = ?",
                               {static_cast<int64_t>(std::stoll(w.suggested_citizen_id))}));
    if (c.empty()) continue;
    w.suggested_full_name = c.Text(0, 0);
    w.suggested_birth_date = c.Text(0, 1);
    w.suggested_gender = c.Text(0, 2);
  }
  return Status::Ok();
}

void Count(UnitBacklog& b, const WorkItem& w) {
  ++b.open;
  b.fixable += w.fixable();
  b.corrections += w.correction_open();
  b.oldest_days = std::max(b.oldest_days, w.age_days);
  b.mean_days += w.age_days;  // a sum until Finish
}

void Finish(UnitBacklog& b) {
  if (b.open > 0) b.mean_days /= static_cast<double>(b.open);
}

}  // namespace

std::string UtcText(std::string_view s) {
  if (s.size() < 19) return "";
  auto date = Date::Parse(s.substr(0, 10));
  auto time = TimeOfDay::Parse(s.substr(11, 5));
  if (!date.ok() || !time.ok() || !Digits(s.substr(17, 2))) return "";
  int64_t seconds = date->days() * 86400LL + time->minutes() * 60LL + (s[17] - '0') * 10 + (s[18] - '0');
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  }
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    const int sign = s[i] == '+' ? 1 : -1;
    std::string_view off = s.substr(i + 1);
    if (off.size() < 2 || !Digits(off.substr(0, 2))) return "";
    int minutes = ((off[0] - '0') * 10 + (off[1] - '0')) * 60;
    if (off.size() >= 5 && off[2] == ':' && Digits(off.substr(3, 2))) {
      minutes += (off[3] - '0') * 10 + (off[4] - '0');
    }
    seconds -= sign * minutes * 60LL;  // local = UTC + offset
  } else if (i < s.size() && s[i] != 'Z') {
    return "";
  }
  const int64_t day = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  const int64_t rest = seconds - day * 86400;
  char hms[16];
  std::snprintf(hms, sizeof hms, " %02d:%02d:%02d", static_cast<int>(rest / 3600),
                static_cast<int>(rest / 60 % 60), static_cast<int>(rest % 60));
  return Date::FromDays(static_cast<int>(day)).ToString() + hms;
}

Result<WorkList> LoadWorkList(Store& store, const std::string& unit_code, const WorkFilter& filter,
                              std::string now) {
  if (!filter.verdict.empty() && filter.verdict != "correction" && !ParseVerdict(filter.verdict)) {
    return Status::Coded(StatusCode::kInvalidArgument, "corrections.bad_verdict", {filter.verdict});
  }
  if (now.empty()) now = UtcNow();
  CARDEX_ASSIGN_OR_RETURN(const UnitTree tree, LoadUnitTree(store));
  const size_t root = unit_code.empty() ? UnitTree::kNone : tree.Find(unit_code);
  if (!unit_code.empty() && root == UnitTree::kNone) {
    return Status::Coded(StatusCode::kNotFound, "unit.unknown", {unit_code});
  }

  std::string sql =
      "SELECT m.member_no, m.unit_code, m.citizen_id, m.full_name, m.birth_date, m.gender, "
      "r.verdict, r.fields, r.suggested_citizen_id, r.registry_full_name, r.registry_birth_date, "
      "r.registry_gender, r.run_id, s.member_no ";
  std::string where =
      "LEFT JOIN reconcile_results r ON r.member_no = m.member_no "
      "LEFT JOIN member_standard s ON s.member_no = m.member_no "
      "WHERE (s.member_no IS NULL AND r.verdict IN " + std::string(kOpenVerdicts) + ") OR "
      "m.member_no IN (SELECT c.member_no FROM corrections c WHERE c.closed_at = '')";
  Result<SqlRows> rows = Status::Ok();
  if (unit_code.empty()) {
    rows = store.Query(sql + "FROM members m " + where);
  } else {
    rows = store.Query(
        "WITH RECURSIVE sub(code) AS (SELECT code FROM units WHERE code = ? UNION ALL "
        "SELECT u.code FROM units u JOIN sub ON u.parent_code = sub.code) " + sql +
            "FROM sub JOIN members m ON m.unit_code = sub.code " + where,
        {unit_code});
  }
  if (!rows.ok()) return rows.status();

  CARDEX_ASSIGN_OR_RETURN(SqlRows runs, store.Query("SELECT run_id, started_at FROM reconcile_runs"));
  std::unordered_map<int64_t, std::string> run_start;
  for (size_t i = 0; i < runs.size(); ++i) run_start[runs.Int(i, 0)] = UtcText(runs.Text(i, 1));

  std::vector<WorkItem> items;
  items.reserve(rows->size());
  std::unordered_map<std::string, size_t> by_member;
  for (size_t i = 0; i < rows->size(); ++i) {
    WorkItem w;
    w.member_no = rows->Text(i, 0);
    w.unit_code = rows->Text(i, 1);
    w.citizen_id = rows->Text(i, 2);
    w.full_name = rows->Text(i, 3);
    w.birth_date = rows->Text(i, 4);
    w.gender = rows->Text(i, 5);
    w.verdict = rows->Text(i, 6);
    w.fields = ParseFields(rows->Text(i, 7)).value_or(0);
    w.suggested_citizen_id = rows->Text(i, 8);
    w.registry_full_name = rows->Text(i, 9);
    w.registry_birth_date = rows->Text(i, 10);
    w.registry_gender = rows->Text(i, 11);
    const bool standardised = !rows->IsNull(i, 13);
    w.difference_open = !standardised && kOpenVerdicts.find("'" + w.verdict + "'") != std::string_view::npos &&
                        !w.verdict.empty();
    if (w.difference_open) {
      w.found_at = run_start[rows->Int(i, 12)];
      w.age_days = std::max(0.0, DaysBetween(w.found_at, now));
    }
    if (size_t u = tree.Find(w.unit_code); u != UnitTree::kNone) w.unit_name = tree.units()[u].name;
    by_member.emplace(w.member_no, items.size());
    items.push_back(std::move(w));
  }
  // The oldest open correction of each listed member (ScanCorrections goes
  // in correction_id order, the order they were opened).
  CARDEX_RETURN_IF_ERROR(store.ScanCorrections(/*open_only=*/true, [&](const Correction& c) {
    auto it = by_member.find(c.member_no);
    if (it == by_member.end()) return Status::Ok();
    WorkItem& w = items[it->second];
    if (!w.correction_opened_at.empty()) return Status::Ok();
    w.correction_opened_at = c.opened_at;
    w.correction_opened_by = c.opened_by;
    w.correction_note = c.note;
    w.age_days = std::max(w.age_days, std::max(0.0, DaysBetween(c.opened_at, now)));
    return Status::Ok();
  }));

  // Each unit's backlog: the root's children, or the root alone when it has
  // none (a cell); "" groups by the roots.
  WorkList out;
  std::vector<size_t> groups;
  if (root == UnitTree::kNone) {
    groups = tree.Roots();
  } else if (tree.Children(root).empty()) {
    groups = {root};
  } else {
    groups = tree.Children(root);
  }
  std::map<size_t, size_t> slot;  // tree index of a group -> out.units index
  for (size_t g : groups) {
    slot[g] = out.units.size();
    const Unit& u = tree.units()[g];
    out.units.push_back({u.code, u.name, u.kind});
  }
  if (root != UnitTree::kNone) {
    const Unit& u = tree.units()[root];
    out.total = {u.code, u.name, u.kind};
  }
  for (const WorkItem& w : items) {
    Count(out.total, w);
    size_t at = tree.Find(w.unit_code);
    while (at != UnitTree::kNone && !slot.count(at)) at = tree.Parent(at);
    if (at != UnitTree::kNone) Count(out.units[slot[at]], w);
  }
  Finish(out.total);
  for (UnitBacklog& b : out.units) Finish(b);
  std::vector<std::pair<std::string, size_t>> unit_keys;
  for (size_t i = 0; i < out.units.size(); ++i) unit_keys.emplace_back(vn_name::UnitSortKey(out.units[i].unit_name), i);
  std::stable_sort(unit_keys.begin(), unit_keys.end());
  std::vector<UnitBacklog> units;
  for (const auto& [key, i] : unit_keys) units.push_back(std::move(out.units[i]));
  out.units = std::move(units);

  // The filter, then Vietnamese order by given name (member_no breaks ties).
  std::vector<std::pair<std::string, size_t>> keys;
  for (size_t i = 0; i < items.size(); ++i) {
    const WorkItem& w = items[i];
    if (filter.verdict == "correction" && !w.correction_open()) continue;
    if (!filter.verdict.empty() && filter.verdict != "correction" &&
        !(w.difference_open && w.verdict == filter.verdict)) {
      continue;
    }
    if (w.age_days < filter.min_age_days) continue;
    keys.emplace_back(vn_name::PersonSortKey(w.full_name) + '\x01' + w.member_no, i);
  }
  std::sort(keys.begin(), keys.end());
  out.items.reserve(keys.size());
  for (const auto& [key, i] : keys) out.items.push_back(std::move(items[i]));
  CARDEX_RETURN_IF_ERROR(FillSuggestions(store, out.items));
  return out;
}

}  // namespace cardex::reconcile
