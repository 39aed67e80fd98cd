#include "cardex/core/dates.h"
#include "cardex/progress/daily.h"

#include <map>
#include <tuple>

#include "counted.h"
#include "daily_internal.h"

namespace cardex::progress {
namespace {

constexpr std::string_view kReceived = "received";
constexpr std::string_view kHandedOver = "handed_over";

using internal::kToExchange;

using Key = internal::DailyKey;

// Multi-row upserts of 400 rows (2,000 parameters, far below both engines'
// limits), each key once, so PostgreSQL's ON CONFLICT never meets a row
// twice, in key order like the counter rows. Zero values are left out.
Status UpsertAll(Store& store, const std::map<Key, int64_t>& rows, bool add) {
  constexpr size_t kBatch = 400;
  auto it = rows.begin();
  while (it != rows.end()) {
    std::string sql = "INSERT INTO progress_daily (scope, code, day, metric, value) VALUES ";
    std::vector<SqlParam> params;
    for (size_t n = 0; it != rows.end() && n < kBatch; ++it) {
      const auto& [key, value] = *it;
      if (value == 0) continue;
      sql += n++ == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)";
      params.emplace_back(std::string_view(std::get<0>(key)));
      params.emplace_back(std::string_view(std::get<1>(key)));
      params.emplace_back(std::string_view(std::get<2>(key)));
      params.emplace_back(std::get<3>(key));
      params.emplace_back(value);
    }
    if (params.empty()) continue;
    if (add) {
      sql += " ON CONFLICT (scope, code, day, metric) DO UPDATE SET value = progress_daily.value + excluded.value";
    }
    CARDEX_RETURN_IF_ERROR(store.Query(sql, params).status());
  }
  return Status::Ok();
}

Result<std::vector<DayCount>> ToCounts(const SqlRows& rows, size_t begin, size_t end, size_t day_col) {
  std::vector<DayCount> out;
  for (size_t i = begin; i < end; ++i) {
    CARDEX_ASSIGN_OR_RETURN(const Date day, Date::Parse(rows.Text(i, day_col)));
    if (out.empty() || out.back().day != day) out.push_back(DayCount{day});
    const std::string_view metric = rows.Text(i, day_col + 1);
    if (metric == kReceived) out.back().received += rows.Int(i, day_col + 2);
    if (metric == kHandedOver) out.back().handed_over += rows.Int(i, day_col + 2);
  }
  return out;
}

Result<std::vector<DayCount>> ReadDaily(Store& store, std::string_view scope, std::string_view code) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows, store.Query("SELECT day, metric, value FROM progress_daily WHERE scope = ? AND "
                                "code = ? ORDER BY day, metric",
                                {scope, code}));
  return ToCounts(rows, 0, rows.size(), 0);
}

}  // namespace

std::string CampaignDay(std::string_view utc_at) {
  if (utc_at.size() < 13 || utc_at[10] != 'T') return "";
  auto date = Date::Parse(utc_at.substr(0, 10));
  const char h1 = utc_at[11], h2 = utc_at[12];
  if (!date.ok() || h1 < '0' || h1 > '2' || h2 < '0' || h2 > '9') return "";
  const int minutes = ((h1 - '0') * 10 + (h2 - '0')) * 60 + kCampaignUtcOffsetMinutes;
  return Date::FromDays(date->days() + minutes / (24 * 60)).ToString();
}

Date CampaignToday() {
  auto day = Date::Parse(CampaignDay(UtcNowText()));
  return day.ok() ? *day : Date::Today();
}

Result<std::vector<DayCount>> UnitDaily(Store& store, std::string_view unit_code) {
  return ReadDaily(store, "unit", unit_code);
}

Result<std::vector<DayCount>> StationDaily(Store& store, std::string_view station_code) {
  return ReadDaily(store, "station", station_code);
}

Result<std::map<std::string, std::vector<DayCount>, std::less<>>> UnitsDaily(
    Store& store, std::span<const std::string> unit_codes) {
  std::map<std::string, std::vector<DayCount>, std::less<>> out;
  for (const std::string& code : unit_codes) out[code];
  CARDEX_RETURN_IF_ERROR(internal::ForEachCodeRun(
      store, "SELECT code, day, metric, value FROM progress_daily WHERE scope = 'unit' AND code IN (",
      ", day, metric", unit_codes, [&](const SqlRows& rows, size_t begin, size_t end) -> Status {
        CARDEX_ASSIGN_OR_RETURN(out[std::string(rows.Text(begin, 0))], ToCounts(rows, begin, end, 1));
        return Status::Ok();
      }));
  return out;
}

Result<std::optional<CampaignWindow>> LoadCampaignWindow(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(std::optional<std::string> from, store.GetSetting("plan_window_from"));
  CARDEX_ASSIGN_OR_RETURN(std::optional<std::string> to, store.GetSetting("plan_window_to"));
  if (!from || !to) return std::optional<CampaignWindow>();
  auto f = Date::Parse(*from);
  auto t = Date::Parse(*to);
  if (!f.ok() || !t.ok()) return Status::Internal("settings hold a malformed plan window");
  return std::optional<CampaignWindow>(CampaignWindow{*f, *t});
}

Status SaveCampaignWindow(Store& store, Date from, Date to) {
  const std::string f = from.ToString(), t = to.ToString();
  return store.Exec(
      "INSERT INTO settings (key, value) VALUES ('plan_window_from', ?), ('plan_window_to', ?) "
      "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      {std::string_view(f), std::string_view(t)});
}

namespace internal {

// Net flows: a step into received / handed-over counts +1 on its day, a
// step out of it (reissue_card after a revoked card was handed over) -1, so
// a unit's days always sum to its current figures.
static int Flow(std::optional<ExchangeState> from, ExchangeState to, bool (*in)(ExchangeState)) {
  const bool was = from && in(*from), is = in(to);
  return is == was ? 0 : is ? 1 : -1;
}

void AddDailyFlows(DailyDeltas& deltas, std::optional<ExchangeState> from, ExchangeState to,
                   std::string_view day, std::string_view station, const std::vector<std::string>& chain,
                   int64_t count) {
  auto add = [&](std::string_view metric, int sign) {
    if (sign == 0) return;
    for (const std::string& unit : chain) deltas[{"unit", unit, std::string(day), metric}] += sign * count;
    if (!station.empty()) deltas[{"station", std::string(station), std::string(day), metric}] += sign * count;
  };
  add(kReceived, Flow(from, to, IsReceived));
  add(kHandedOver, Flow(from, to, IsHandedOver));
}

Status AddDaily(Store& store, const DailyDeltas& deltas) { return UpsertAll(store, deltas, /*add=*/true); }

Status RebuildDaily(Store& store, const ChainOf& chain_of) {
  CARDEX_RETURN_IF_ERROR(store.Exec("DELETE FROM progress_daily"));
  // By the hour of the step: the offset is whole hours, so the hour decides
  // the campaign day, and far fewer groups than steps come back.
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows events,
      store.Query("SELECT m.unit_code, e.station_code, substr(e.at, 1, 13), e.from_state, e.to_state, "
                  "COUNT(*) FROM exchange_events e JOIN members m ON m.member_no = e.member_no "
                  "LEFT JOIN reconcile_results r ON r.member_no = m.member_no WHERE " +
                  std::string(kToExchange) +
                  " AND (e.to_state IN ('submitted', 'card_produced', 'card_delivered', 'handed_over')"
                  " OR e.from_state = 'handed_over')"
                  " GROUP BY m.unit_code, e.station_code, substr(e.at, 1, 13), e.from_state, e.to_state"));
  DailyDeltas rows;
  for (size_t i = 0; i < events.size(); ++i) {
    auto from = ParseState(events.Text(i, 3));
    auto to = ParseState(events.Text(i, 4));
    if (!from || !to) return Status::Internal("exchange_events holds an unknown state");
    const std::string day = CampaignDay(events.Text(i, 2));
    if (day.empty()) return Status::Internal("exchange_events holds a malformed time");
    AddDailyFlows(rows, *from, *to, day, events.Text(i, 1), chain_of(events.Text(i, 0)), events.Int(i, 5));
  }
  // Plain inserts: the table was just emptied.
  return UpsertAll(store, rows, /*add=*/false);
}

}  // namespace internal
}  // namespace cardex::progress
