// The central's side of a pull: one consistent snapshot of a station's
// scope, authenticated with the join's key.
#include <boost/json.hpp>

#include "cardex/core/dates.h"
#include "cardex/station/sync.h"
#include "cardex/store/engine.h"
#include "snapshot_tables.h"

namespace cardex::station {

namespace {

constexpr int kMaxDays = 14;

// Local days [from, from + days) as the slot bounds "YYYY-MM-DD" compare
// with (slot_start is local "YYYY-MM-DDTHH:MM").
Result<std::pair<std::string, std::string>> WindowBounds(std::string_view from, int64_t days) {
  CARDEX_ASSIGN_OR_RETURN(Date start, Date::Parse(from));
  if (days < 1 || days > kMaxDays) {
    return Status::InvalidArgument("days: from 1 to " + std::to_string(kMaxDays));
  }
  return std::pair{start.ToString(), Date::FromDays(start.days() + static_cast<int>(days)).ToString()};
}

}  // namespace

Result<std::string> ServePull(Store& store, const SyncPeer& peer, std::string_view body,
                              std::string_view card_public_key_hex, std::string_view now) {
  boost::system::error_code ec;
  boost::json::value request = boost::json::parse(body, ec);
  if (ec || !request.is_object()) return Status::InvalidArgument("pull: a JSON object {from, days}");
  const auto& o = request.as_object();
  const auto* from = o.if_contains("from");
  const auto* days = o.if_contains("days");
  if (!from || !from->is_string() || !days || !days->is_int64()) {
    return Status::InvalidArgument("pull: from (YYYY-MM-DD) and days are required");
  }
  CARDEX_ASSIGN_OR_RETURN(auto bounds, WindowBounds(from->as_string(), days->as_int64()));

  boost::json::object snapshot;
  snapshot["format"] = 1;
  snapshot["station"] = peer.station_code;
  snapshot["join_id"] = peer.join_id;
  snapshot["generated_at"] = now;
  snapshot["window_from"] = bounds.first;
  snapshot["window_to"] = bounds.second;
  snapshot["card_public_key"] = card_public_key_hex;
  boost::json::object tables;
  {
    Transaction tx(store);
    CARDEX_RETURN_IF_ERROR(tx.Begin());
    CARDEX_RETURN_IF_ERROR(ReadOneSnapshot(store));
    const std::string& s = peer.station_code;
    for (const SnapshotTable& t : kSnapshotTables) {
      std::string sql = std::string(kScopeCte) + "SELECT " + std::string(t.columns) + " FROM " +
                        std::string(t.name) + " " + std::string(t.where);
      std::vector<SqlParam> params = {std::string_view(s), std::string_view(bounds.first),
                                      std::string_view(bounds.second), std::string_view(s),
                                      std::string_view(s)};
      if (TakesStation(t.where)) params.emplace_back(std::string_view(s));
      CARDEX_ASSIGN_OR_RETURN(SqlRows rows, store.Query(sql, params));
      boost::json::array out;
      out.reserve(rows.size());
      for (size_t r = 0; r < rows.size(); ++r) {
        boost::json::array row;
        size_t cols = 1 + static_cast<size_t>(std::count(t.columns.begin(), t.columns.end(), ','));
        row.reserve(cols);
        for (size_t c = 0; c < cols; ++c) {
          if (rows.IsNull(r, c)) {
            row.emplace_back(nullptr);
          } else {
            row.emplace_back(boost::json::string(rows.Text(r, c)));
          }
        }
        out.emplace_back(std::move(row));
      }
      tables[t.name] = std::move(out);
    }
    CARDEX_RETURN_IF_ERROR(store.Exec("UPDATE sync_credentials SET last_pull_at = ? WHERE join_id = ?",
                                      {now, peer.join_id}));
    CARDEX_RETURN_IF_ERROR(tx.Commit());
  }
  snapshot["tables"] = std::move(tables);
  std::string json = boost::json::serialize(snapshot);
  return SnapshotMac(peer.mac_key, json) + "\n" + json;
}

}  // namespace cardex::station
