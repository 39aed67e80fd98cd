// The station's side of a push: the outbox in seq order, in batches; each
// answer settles the steps it names in one local transaction, so a push cut
// anywhere (line, crash) is simply sent again and the central answers the
// steps it already has from its record.
#include <boost/json.hpp>

#include "cardex/station/sync.h"

namespace cardex::station {

namespace {

constexpr int64_t kBatch = 200;

Result<std::string> PendingBatch(Store& store, int64_t* count) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows r, store.Query("SELECT o.seq, o.member_no, o.step, o.reason, o.note, o.station_code, "
                             "o.actor, o.at, o.base_version, o.data_seen, o.photo_sha256, o.detail, "
                             "(SELECT p.sha256 FROM photos p WHERE p.member_no = o.member_no) "
                             "FROM station_outbox o WHERE o.outcome = 'pending' ORDER BY o.seq LIMIT ?",
                             {kBatch}));
  CARDEX_ASSIGN_OR_RETURN(SqlRows depth,
                          store.Query("SELECT count(*) FROM station_outbox WHERE outcome = 'pending'"));
  boost::json::array steps;
  for (size_t i = 0; i < r.size(); ++i) {
    std::string photo(r.Text(i, 10));
    // A photo taken again before the push replaced the first one: the
    // capture goes with the photo the member has now.
    if (!photo.empty() && !r.IsNull(i, 12)) photo = std::string(r.Text(i, 12));
    steps.push_back(boost::json::object{{"seq", r.Int(i, 0)},
                                        {"member_no", r.Text(i, 1)},
                                        {"step", r.Text(i, 2)},
                                        {"reason", r.Text(i, 3)},
                                        {"note", r.Text(i, 4)},
                                        {"station", r.Text(i, 5)},
                                        {"actor", r.Text(i, 6)},
                                        {"at", r.Text(i, 7)},
                                        {"base_version", r.Int(i, 8)},
                                        {"data_seen", r.Text(i, 9)},
                                        {"photo_sha256", photo},
                                        {"detail", r.Text(i, 11)}});
  }
  *count = static_cast<int64_t>(r.size());
  boost::json::object body{{"depth", depth.Int(0, 0)}, {"steps", std::move(steps)}};
  return boost::json::serialize(body);
}

// Sends the photos named, a few MiB a request (the server's body limit is
// 4 MiB), framed as ServePhotos reads them.
Result<int64_t> SendPhotos(Store& store, Central& central, const boost::json::array& hashes) {
  constexpr size_t kRequestBytes = 3 * 1024 * 1024;
  std::string body;
  int64_t sent = 0;
  auto flush = [&]() -> Status {
    if (body.empty()) return Status::Ok();
    CARDEX_RETURN_IF_ERROR(central.Post("/api/sync/photos", "application/vnd.cardex.photos", body).status());
    body.clear();
    return Status::Ok();
  };
  for (const auto& h : hashes) {
    if (!h.is_string()) continue;
    std::string_view sha = h.as_string();
    CARDEX_ASSIGN_OR_RETURN(SqlRows photo, store.Query("SELECT bytes FROM photos WHERE sha256 = ?", {sha}));
    if (photo.empty()) return Status::Internal("push: photo " + std::string(sha) + " is no longer here");
    std::string bytes = photo.Blob(0, 0);
    if (!body.empty() && body.size() + bytes.size() > kRequestBytes) CARDEX_RETURN_IF_ERROR(flush());
    body += std::string(sha) + " " + std::to_string(bytes.size()) + "\n" + bytes;
    ++sent;
  }
  CARDEX_RETURN_IF_ERROR(flush());
  return sent;
}

}  // namespace

Result<PushReport> Push(Store& store, Central& central, std::string_view now) {
  CARDEX_ASSIGN_OR_RETURN(StationSelf self, LoadSelf(store));
  PushReport report;
  report.acked_seq = self.acked_seq;
  int photo_rounds = 0;
  for (;;) {
    int64_t count = 0;
    CARDEX_ASSIGN_OR_RETURN(std::string body, PendingBatch(store, &count));
    if (count == 0) break;
    CARDEX_ASSIGN_OR_RETURN(std::string answer,
                            central.Post("/api/sync/push", "application/json", body));
    boost::system::error_code ec;
    boost::json::value doc = boost::json::parse(answer, ec);
    if (ec || !doc.is_object() || !doc.as_object().if_contains("results")) {
      return Status::Internal("push: the central's answer is not a push result");
    }
    const auto& o = doc.as_object();
    int64_t settled = 0;
    {
      Transaction tx(store);
      CARDEX_RETURN_IF_ERROR(tx.Begin());
      for (const auto& v : o.at("results").as_array()) {
        const auto& res = v.as_object();
        std::string_view outcome = res.at("outcome").as_string();
        // Settled steps drop the data they carried for the central.
        CARDEX_ASSIGN_OR_RETURN(
            SqlRows done,
            store.Query("UPDATE station_outbox SET outcome = ?, outcome_reason = ?, settled_at = ?, "
                        "data_seen = '' WHERE seq = ? AND outcome = 'pending'",
                        {outcome, std::string_view(res.at("reason").as_string()), now,
                         res.at("seq").as_int64()}));
        if (done.affected() == 0) continue;
        ++settled;
        if (outcome == "accepted") ++report.accepted;
        else if (outcome == "conflict") ++report.conflicts;
        else ++report.held;
      }
      report.acked_seq = o.at("acked").as_int64();
      CARDEX_RETURN_IF_ERROR(store.Exec("UPDATE station_self SET acked_seq = ?, last_push_at = ?",
                                        {report.acked_seq, now}));
      CARDEX_RETURN_IF_ERROR(tx.Commit());
    }
    report.sent += settled;
    if (const auto* need = o.if_contains("need_photos"); need && need->is_array()) {
      CARDEX_ASSIGN_OR_RETURN(int64_t sent, SendPhotos(store, central, need->as_array()));
      if (sent == 0 || ++photo_rounds > 3) {
        return Status::Internal("push: the central keeps asking for photos it was sent");
      }
      report.photos += sent;
      continue;
    }
    photo_rounds = 0;
    if (settled == 0) {
      return Status::Internal("push: the central settled none of the steps sent");
    }
  }
  return report;
}

}  // namespace cardex::station
