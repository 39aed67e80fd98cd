// Corrections open (by the day the oldest one opened) and members with an
// appointment: the roll-up figures beside the exchange states (rollup.h).
//
// Corrections move with the rows of `corrections`, which the desk
// (intake::ApplyStep, wrong data) and resolution (reconcile) open and
// close; each of them calls OnCorrectionChange in its transaction.
// progress_corrections remembers under which unit and day each member was
// counted, so a change takes back exactly what was added, whatever
// happened in between. Appointments move with whole plans: Rebuild counts
// them, and the plan run number is part of the stamp (rollup.cc).
#include <map>
#include <optional>
#include <tuple>

#include "cardex/core/dates.h"
#include "cardex/progress/rollup.h"
#include "counted.h"
#include "extra_figures.h"

namespace cardex::progress {
namespace {

constexpr std::string_view kCorrectionPrefix = "corrections_open/";

using internal::kToExchange;

int DaysOf(std::string_view day) {
  auto d = Date::Parse(day);
  return d.ok() ? d->days() : 0;
}

}  // namespace

int64_t Figures::CorrectionsOpen() const {
  int64_t n = 0;
  for (const auto& [day, count] : corrections_by_day) n += count;
  return n;
}

int Figures::OldestCorrectionDays(const Date& today) const {
  for (const auto& [day, count] : corrections_by_day) {
    if (count > 0) return today.days() - DaysOf(day);
  }
  return 0;
}

double Figures::MeanCorrectionDays(const Date& today) const {
  int64_t n = 0;
  double days = 0;
  for (const auto& [day, count] : corrections_by_day) {
    n += count;
    days += static_cast<double>(count) * (today.days() - DaysOf(day));
  }
  return n == 0 ? 0.0 : days / static_cast<double>(n);
}

Status OnCorrectionChange(Store& store, std::string_view member_no) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows now,
      store.Query("SELECT m.unit_code, MIN(c.opened_at) FROM members m"
                  " LEFT JOIN reconcile_results r ON r.member_no = m.member_no"
                  " JOIN corrections c ON c.member_no = m.member_no AND c.closed_at = ''"
                  " WHERE m.member_no = ? AND " + std::string(kToExchange) +
                  " GROUP BY m.unit_code",
                  {member_no}));
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows before,
      store.Query("SELECT unit_code, opened_on FROM progress_corrections WHERE member_no = ?",
                  {member_no}));
  using Counted = std::pair<std::string, std::string>;  // unit, day
  std::optional<Counted> want, had;
  if (!now.empty()) want = Counted(now.Text(0, 0), now.Text(0, 1).substr(0, 10));
  if (!before.empty()) had = Counted(before.Text(0, 0), before.Text(0, 1));
  if (want == had) return Status::Ok();

  // Net deltas in key order, as every counter writer does, so that writers never
  // wait on each other in a cycle.
  std::map<std::tuple<std::string, std::string>, int64_t> deltas;  // (code, metric)
  for (auto [counted, sign] : {std::pair{had, int64_t{-1}}, std::pair{want, int64_t{+1}}}) {
    if (!counted) continue;
    CARDEX_ASSIGN_OR_RETURN(const std::vector<std::string> chain, internal::Chain(store, counted->first));
    const std::string metric = std::string(kCorrectionPrefix) + counted->second;
    for (const std::string& unit : chain) deltas[{unit, metric}] += sign;
  }
  for (const auto& [key, delta] : deltas) {
    if (delta == 0) continue;
    CARDEX_RETURN_IF_ERROR(store.Exec(
        "INSERT INTO progress_counts (scope, code, metric, value) VALUES ('unit', ?, ?, ?) "
        "ON CONFLICT (scope, code, metric) DO UPDATE SET value = progress_counts.value + "
        "excluded.value",
        {std::get<0>(key), std::get<1>(key), delta}));
  }
  if (!want) {
    return store.Exec("DELETE FROM progress_corrections WHERE member_no = ?", {member_no});
  }
  return store.Exec(
      "INSERT INTO progress_corrections (member_no, unit_code, opened_on) VALUES (?, ?, ?) "
      "ON CONFLICT (member_no) DO UPDATE SET unit_code = excluded.unit_code, "
      "opened_on = excluded.opened_on",
      {member_no, want->first, want->second});
}

namespace internal {

Result<std::vector<OwnCount>> RebuildExtraFigures(Store& store) {
  std::vector<OwnCount> out;
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows appointed,
      store.Query("SELECT m.unit_code, COUNT(*) FROM members m"
                  " JOIN appointments a ON a.member_no = m.member_no"
                  " LEFT JOIN reconcile_results r ON r.member_no = m.member_no WHERE " +
                  std::string(kToExchange) + " GROUP BY m.unit_code"));
  for (size_t i = 0; i < appointed.size(); ++i) {
    out.push_back({std::string(appointed.Text(i, 0)), "with_appointment", appointed.Int(i, 1)});
  }
  // One row per member with an open correction: its oldest opening.
  CARDEX_RETURN_IF_ERROR(store.Exec("DELETE FROM progress_corrections"));
  CARDEX_RETURN_IF_ERROR(store.Exec(
      "INSERT INTO progress_corrections (member_no, unit_code, opened_on)"
      " SELECT m.member_no, m.unit_code, SUBSTR(MIN(c.opened_at), 1, 10) FROM members m"
      " JOIN corrections c ON c.member_no = m.member_no AND c.closed_at = ''"
      " LEFT JOIN reconcile_results r ON r.member_no = m.member_no WHERE " +
      std::string(kToExchange) + " GROUP BY m.member_no, m.unit_code"));
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows corrections,
      store.Query("SELECT unit_code, opened_on, COUNT(*) FROM progress_corrections"
                  " GROUP BY unit_code, opened_on"));
  for (size_t i = 0; i < corrections.size(); ++i) {
    out.push_back({std::string(corrections.Text(i, 0)),
                   std::string(kCorrectionPrefix) + std::string(corrections.Text(i, 1)),
                   corrections.Int(i, 2)});
  }
  return out;
}

}  // namespace internal
}  // namespace cardex::progress
