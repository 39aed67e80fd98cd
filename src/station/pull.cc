// The station's side of a pull: check the snapshot's MAC, then replace the
// copy in one transaction, keeping the members whose steps are not pushed
// yet as the station has them.
#include <algorithm>

#include <boost/json.hpp>

#include "cardex/station/sync.h"
#include "snapshot_tables.h"

namespace cardex::station {

namespace {

constexpr std::string_view kPending =
    "(SELECT member_no FROM station_outbox WHERE outcome = 'pending')";

std::string Placeholders(std::string_view columns) {
  size_t n = 1 + static_cast<size_t>(std::count(columns.begin(), columns.end(), ','));
  std::string out = "?";
  for (size_t i = 1; i < n; ++i) out += ", ?";
  return out;
}

Status InsertRows(Store& store, const SnapshotTable& t, const boost::json::array& rows) {
  std::string sql = "INSERT INTO " + std::string(t.name) + " (" + std::string(t.columns) +
                    ") VALUES (" + Placeholders(t.columns) + ")";
  if (t.keep == Keep::kUsers) {
    // The lock-out (failed_logins, locked_until) stays the station's own:
    // an officer locked out offline stays locked out.
    sql += " ON CONFLICT (login) DO UPDATE SET display_name = excluded.display_name, "
           "role = excluded.role, scope = excluded.scope, password_hash = excluded.password_hash, "
           "disabled = excluded.disabled, password_changed_at = excluded.password_changed_at";
  } else if (t.keep == Keep::kSettings) {
    sql += " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
  } else {
    sql += " ON CONFLICT DO NOTHING";  // a member kept local keeps its rows
  }
  std::vector<SqlParam> params;
  for (const auto& v : rows) {
    if (!v.is_array()) return Status::InvalidArgument("snapshot: a row of " + std::string(t.name) + " is not a list");
    const auto& row = v.as_array();
    params.clear();
    for (const auto& cell : row) {
      if (cell.is_null()) {
        params.emplace_back(nullptr);
      } else if (cell.is_string()) {
        params.emplace_back(std::string_view(cell.as_string()));
      } else {
        return Status::InvalidArgument("snapshot: a cell of " + std::string(t.name) + " is not text");
      }
    }
    CARDEX_RETURN_IF_ERROR(store.Query(sql, params).status());
  }
  return Status::Ok();
}

Result<PullReport> ApplySnapshot(Store& store, const StationSelf& self, std::string_view answer,
                                 std::string_view now) {
  size_t nl = answer.find('\n');
  if (nl == std::string_view::npos) return Status::InvalidArgument("snapshot: no MAC line");
  std::string_view mac = answer.substr(0, nl), json = answer.substr(nl + 1);
  if (SnapshotMac(MacKeyOfToken(self.token), json) != mac) {
    return Status::PermissionDenied("snapshot: the MAC does not match this station's credential");
  }
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(json, ec);
  if (ec || !doc.is_object()) return Status::InvalidArgument("snapshot: not a JSON object");
  const auto& o = doc.as_object();
  const auto* tables = o.if_contains("tables");
  const auto* station = o.if_contains("station");
  if (!tables || !tables->is_object() || !station || !station->is_string()) {
    return Status::InvalidArgument("snapshot: station and tables are required");
  }
  PullReport report;
  report.station_code = std::string(station->as_string());
  if (!self.station_code.empty() && self.station_code != report.station_code) {
    return Status::FailedPrecondition("snapshot of station " + report.station_code +
                                      " for the copy of " + self.station_code);
  }
  Transaction tx(store);
  CARDEX_RETURN_IF_ERROR(tx.Begin());
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows kept, store.Query("SELECT count(DISTINCT member_no) FROM station_outbox WHERE outcome = 'pending'"));
  report.kept_local = kept.Int(0, 0);
  CARDEX_ASSIGN_OR_RETURN(SqlRows before, store.Query("SELECT count(*) FROM members"));
  for (const SnapshotTable& t : kSnapshotTables) {
    const auto* rows = tables->as_object().if_contains(t.name);
    if (!rows || !rows->is_array()) {
      return Status::InvalidArgument("snapshot: table " + std::string(t.name) + " is missing");
    }
    std::string name(t.name);
    switch (t.keep) {
      case Keep::kReplace:
        CARDEX_RETURN_IF_ERROR(store.Exec("DELETE FROM " + name));
        break;
      case Keep::kPendingLocal:
        CARDEX_RETURN_IF_ERROR(
            store.Exec("DELETE FROM " + name + " WHERE member_no NOT IN " + std::string(kPending)));
        break;
      case Keep::kUsers:
      case Keep::kSettings:
        break;
    }
    CARDEX_RETURN_IF_ERROR(InsertRows(store, t, rows->as_array()));
    if (t.keep == Keep::kUsers) {
      // Accounts the central no longer gives this station go, sessions too.
      std::string logins = "(";
      for (size_t i = 0; i < rows->as_array().size(); ++i) logins += i ? ", ?" : "?";
      logins += ")";
      std::vector<SqlParam> params;
      for (const auto& r : rows->as_array()) params.emplace_back(std::string_view(r.as_array()[0].as_string()));
      std::string keep = rows->as_array().empty() ? "" : " WHERE login NOT IN " + logins;
      CARDEX_RETURN_IF_ERROR(store.Query("DELETE FROM users" + keep, params).status());
      CARDEX_RETURN_IF_ERROR(store.Exec("DELETE FROM sessions WHERE login NOT IN (SELECT login FROM users)"));
      report.users = static_cast<int64_t>(rows->as_array().size());
    }
    if (t.name == "members") report.members = static_cast<int64_t>(rows->as_array().size());
  }
  // Purge: photos and events of members the copy no longer needs (the
  // central has them once their steps are pushed).
  CARDEX_RETURN_IF_ERROR(store.Exec("DELETE FROM photos WHERE member_no NOT IN " + std::string(kPending)));
  CARDEX_RETURN_IF_ERROR(
      store.Exec("DELETE FROM exchange_events WHERE member_no NOT IN (SELECT member_no FROM members)"));
  CARDEX_ASSIGN_OR_RETURN(SqlRows after, store.Query("SELECT count(*) FROM members"));
  report.purged = std::max<int64_t>(0, before.Int(0, 0) - after.Int(0, 0));
  const auto* from = o.if_contains("window_from");
  const auto* to = o.if_contains("window_to");
  const auto* key = o.if_contains("card_public_key");
  CARDEX_RETURN_IF_ERROR(store.Exec(
      "UPDATE station_self SET station_code = ?, window_from = ?, window_to = ?, last_pull_at = ?",
      {report.station_code, from && from->is_string() ? std::string_view(from->as_string()) : "",
       to && to->is_string() ? std::string_view(to->as_string()) : "", now}));
  if (key && key->is_string() && !key->as_string().empty()) {
    CARDEX_RETURN_IF_ERROR(store.Exec(
        "INSERT INTO settings (key, value) VALUES ('card_public_key', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        {std::string_view(key->as_string())}));
  }
  CARDEX_RETURN_IF_ERROR(tx.Commit());
  return report;
}

std::string PullBody(const PullWindow& window) {
  boost::json::object o{{"from", window.from}, {"days", window.days}};
  return boost::json::serialize(o);
}

}  // namespace

Result<StationSelf> LoadSelf(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows r, store.Query("SELECT station_code, join_id, central_url, secret, joined_at, window_from, "
                             "window_to, last_pull_at, last_push_at, acked_seq FROM station_self"));
  if (r.empty()) {
    return Status::FailedPrecondition("this database is not a station's copy (cardex station join)");
  }
  StationSelf s;
  std::string* cols[] = {&s.station_code, &s.join_id,     &s.central_url,  &s.token,
                         &s.joined_at,    &s.window_from, &s.window_to,    &s.last_pull_at,
                         &s.last_push_at};
  for (size_t c = 0; c < std::size(cols); ++c) *cols[c] = r.Text(0, c);
  s.acked_seq = r.Int(0, 9);
  return s;
}

Result<PullReport> Pull(Store& store, Central& central, const PullWindow& window,
                        std::string_view now) {
  CARDEX_ASSIGN_OR_RETURN(StationSelf self, LoadSelf(store));
  CARDEX_ASSIGN_OR_RETURN(std::string answer,
                          central.Post("/api/sync/pull", "application/json", PullBody(window)));
  return ApplySnapshot(store, self, answer, now);
}

Result<PullReport> Join(Store& store, Central& central, std::string_view central_url,
                        std::string_view token, const PullWindow& window, std::string_view now) {
  size_t dot = token.find('.');
  if (dot == std::string_view::npos) return Status::InvalidArgument("credential: JOIN_ID.SECRET");
  std::string join_id(token.substr(0, dot));
  auto self = LoadSelf(store);
  if (self.ok() && self->join_id != join_id) {
    return Status::FailedPrecondition("this database is already the copy of station " +
                                      self->station_code + " (join " + self->join_id + ")");
  }
  if (!self.ok()) {
    CARDEX_RETURN_IF_ERROR(store.Exec(
        "INSERT INTO station_self (id, station_code, join_id, central_url, secret, joined_at) "
        "VALUES (1, '', ?, ?, ?, ?)",
        {join_id, central_url, token, now}));
  }
  return Pull(store, central, window, now);
}

}  // namespace cardex::station
