// Records sent on to the central commission (cardex/centre/centre.h).
#include "cardex/centre/centre.h"

#include <boost/json.hpp>
#include <map>
#include <unordered_map>

#include "cardex/core/dates.h"
#include "cardex/reconcile/resolve.h"
#include "cardex/store/audit_chain.h"
#include "cardex/store/sql.h"

namespace cardex::centre {
namespace json = boost::json;
namespace {

// The records to send: submitted, never sent, or refused and corrected
// since (no open correction left).
constexpr std::string_view kToSend = R"sql(
SELECT e.member_no, e.updated_at, m.unit_code,
       COALESCE(s.citizen_id, m.citizen_id), COALESCE(s.full_name, m.full_name),
       COALESCE(s.birth_date, m.birth_date), COALESCE(s.gender, m.gender),
       COALESCE(p.sha256, ''), COALESCE(v.actor, ''), COALESCE(v.at, ''), COALESCE(v.event_id, 0)
FROM exchange e
JOIN members m ON m.member_no = e.member_no
LEFT JOIN member_standard s ON s.member_no = e.member_no
LEFT JOIN photos p ON p.member_no = e.member_no
LEFT JOIN exchange_events v ON v.event_id =
  (SELECT MAX(x.event_id) FROM exchange_events x
   WHERE x.member_no = e.member_no AND x.to_state = 'confirmed')
LEFT JOIN centre_records c ON c.member_no = e.member_no
WHERE e.state = 'submitted'
  AND (c.member_no IS NULL OR (c.status = 'refused' AND NOT EXISTS
       (SELECT 1 FROM corrections k WHERE k.member_no = e.member_no AND k.closed_at = '')))
ORDER BY e.member_no)sql";

std::string Hex(std::string_view bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

// "YYYY-MM-DD HH:MM:SS", as corrections are stamped.
std::string CorrectionTime() {
  std::string t = UtcNowText();
  return t.substr(0, 10) + " " + t.substr(11, 8);
}

Result<std::map<std::string, std::pair<std::string, std::string>>> LoadUnits(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows rows, store.Query("SELECT code, parent_code, kind FROM units"));
  std::map<std::string, std::pair<std::string, std::string>> units;
  for (size_t r = 0; r < rows.size(); ++r) {
    units[std::string(rows.Text(r, 0))] = {std::string(rows.Text(r, 1)),
                                           std::string(rows.Text(r, 2))};
  }
  return units;
}

std::string CommuneOf(const std::map<std::string, std::pair<std::string, std::string>>& units,
                      std::string code) {
  for (int depth = 0; depth < 32 && !code.empty(); ++depth) {
    auto it = units.find(code);
    if (it == units.end()) break;
    if (it->second.second == "commune") return code;
    code = it->second.first;
  }
  return "";
}

std::string Str(const json::value& v) {
  return v.is_string() ? std::string(v.get_string().data(), v.get_string().size()) : "";
}

}  // namespace

Result<std::vector<PreparedBatch>> PrepareBatches(Store& store, const cards::SigningKey& key,
                                                  const PrepareOptions& options) {
  if (options.max_records < 1) return Status::InvalidArgument("batch size: at least 1");
  Transaction txn(store);
  CARDEX_RETURN_IF_ERROR(txn.Begin());
  CARDEX_ASSIGN_OR_RETURN(auto units, LoadUnits(store));
  CARDEX_ASSIGN_OR_RETURN(SqlRows rows, store.Query(kToSend));
  // (commune, day) -> row indexes, member_no order within.
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> groups;
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::string commune = CommuneOf(units, std::string(rows.Text(r, 2)));
    if (commune.empty()) {
      return Status::FailedPrecondition("member " + std::string(rows.Text(r, 0)) +
                                        ": its unit lies in no commune");
    }
    groups[{commune, std::string(rows.Text(r, 1).substr(0, 10))}].push_back(r);
  }
  const std::string now = UtcNowText();
  std::vector<PreparedBatch> made;
  for (const auto& [where, members] : groups) {
    const auto& [commune, day] = where;
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows last, store.Query("SELECT COALESCE(MAX(seq), 0) FROM centre_batches WHERE "
                                  "commune_code = ? AND day = ?",
                                  {std::string_view(commune), std::string_view(day)}));
    int64_t seq = last.Int(0, 0);
    for (size_t at = 0; at < members.size(); at += options.max_records) {
      const size_t n = std::min(options.max_records, members.size() - at);
      ++seq;
      char number[24];
      std::snprintf(number, sizeof number, "%03lld", static_cast<long long>(seq));
      std::string compact_day = day;
      compact_day.erase(std::remove(compact_day.begin(), compact_day.end(), '-'), compact_day.end());
      PreparedBatch batch{commune + "-" + compact_day + "-" + number, commune, day, seq,
                          static_cast<int64_t>(n)};
      json::array records;
      json::array member_nos;
      for (size_t k = at; k < at + n; ++k) {
        const size_t r = members[k];
        json::object rec;
        rec["member_no"] = rows.Text(r, 0);
        rec["citizen_id"] = rows.Text(r, 3);
        rec["full_name"] = rows.Text(r, 4);
        rec["birth_date"] = rows.Text(r, 5);
        rec["gender"] = rows.Text(r, 6);
        rec["unit_code"] = rows.Text(r, 2);
        rec["photo_sha256"] = rows.Text(r, 7);
        json::object confirmation;
        confirmation["by"] = rows.Text(r, 8);
        confirmation["at"] = rows.Text(r, 9);
        confirmation["audit_seq"] = rows.Int(r, 10);
        rec["confirmation"] = std::move(confirmation);
        records.emplace_back(std::move(rec));
        member_nos.emplace_back(rows.Text(r, 0));
      }
      json::object manifest;
      manifest["records"] = static_cast<int64_t>(n);
      manifest["member_nos"] = std::move(member_nos);
      manifest["records_sha256"] = Sha256Hex(json::serialize(records));
      json::object doc;
      doc["format"] = kFormat;
      doc["batch_id"] = batch.batch_id;
      doc["commune_code"] = commune;
      doc["day"] = day;
      doc["seq"] = seq;
      doc["prepared_at"] = now;
      doc["key_id"] = key.key_id();
      doc["manifest"] = std::move(manifest);
      doc["records"] = std::move(records);
      const std::string body = json::serialize(doc);
      const std::string signature = Hex(key.Sign(body));
      CARDEX_RETURN_IF_ERROR(store.Exec(
          "INSERT INTO centre_batches (batch_id, commune_code, day, seq, records, sha256, key_id, "
          "signature, body, prepared_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {std::string_view(batch.batch_id), std::string_view(commune), std::string_view(day),
           seq, batch.records, std::string_view(Sha256Hex(body)), std::string_view(key.key_id()),
           std::string_view(signature), std::string_view(body), std::string_view(now)}));
      for (size_t k = at; k < at + n; ++k) {
        CARDEX_RETURN_IF_ERROR(store.Exec(
            "INSERT INTO centre_records (member_no, batch_id, status) VALUES (?, ?, 'sent') "
            "ON CONFLICT (member_no) DO UPDATE SET batch_id = excluded.batch_id, status = 'sent', "
            "reason = '', answered_at = ''",
            {rows.Text(members[k], 0), std::string_view(batch.batch_id)}));
      }
      AuditEntry audit{"", options.actor, "centre.batch.prepare", "centre_batch:" + batch.batch_id,
                       "", std::to_string(n) + " records, sha256 " + Sha256Hex(body)};
      CARDEX_RETURN_IF_ERROR(store.AppendAudit({&audit, 1}));
      made.push_back(std::move(batch));
    }
  }
  if (!made.empty()) {
    CARDEX_RETURN_IF_ERROR(store.PutSettingIfAbsent(kAcknowledgementRequired, "1").status());
  }
  CARDEX_RETURN_IF_ERROR(txn.Commit());
  return made;
}

Result<SendReport> ImportAnswer(Store& store, std::string_view batch_id, std::string_view answer,
                                std::string_view actor) {
  const std::string id(batch_id);
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(answer.data(), answer.size()), ec);
  if (ec || !v.is_object()) return Status::InvalidArgument("centre answer to " + id + ": not a JSON object");
  const json::object& o = v.get_object();
  if (Str(o.contains("batch_id") ? o.at("batch_id") : json::value()) != id) {
    return Status::InvalidArgument("centre answer to " + id + ": `batch_id` is not this batch");
  }
  const json::value* list = o.if_contains("records");
  if (list == nullptr || !list->is_array()) {
    return Status::InvalidArgument("centre answer to " + id + ": `records` missing or not a list");
  }
  Transaction txn(store);
  CARDEX_RETURN_IF_ERROR(txn.Begin());
  CARDEX_ASSIGN_OR_RETURN(SqlRows batch, store.Query("SELECT answered_at FROM centre_batches "
                                                     "WHERE batch_id = ?",
                                                     {std::string_view(id)}));
  if (batch.empty()) return Status::NotFound("no batch " + id);
  SendReport report;
  if (!batch.Text(0, 0).empty()) return report;  // answered before: nothing changes
  CARDEX_ASSIGN_OR_RETURN(SqlRows members, store.Query("SELECT member_no FROM centre_records "
                                                       "WHERE batch_id = ? AND status = 'sent'",
                                                       {std::string_view(id)}));
  std::unordered_map<std::string, int> answered;
  for (size_t r = 0; r < members.size(); ++r) answered[std::string(members.Text(r, 0))] = 0;
  const std::string now = UtcNowText();
  for (size_t i = 0; i < list->get_array().size(); ++i) {
    const json::value& rec = list->get_array()[i];
    const std::string where = "centre answer to " + id + ": records[" + std::to_string(i) + "]";
    if (!rec.is_object()) return Status::InvalidArgument(where + ": not an object");
    const json::object& r = rec.get_object();
    const std::string no = r.contains("member_no") ? Str(r.at("member_no")) : "";
    const std::string status = r.contains("status") ? Str(r.at("status")) : "";
    const std::string reason = r.contains("reason") ? Str(r.at("reason")) : "";
    auto it = answered.find(no);
    if (it == answered.end()) return Status::InvalidArgument(where + ": a member not in the batch");
    if (++it->second > 1) return Status::InvalidArgument(where + ": a member answered twice");
    if (status == "acknowledged") {
      ++report.acknowledged;
    } else if (status == "refused") {
      if (reason.empty()) return Status::InvalidArgument(where + ": a refusal without a reason");
      ++report.refused;
      // Back to the unit's work list with the centre's reason.
      CARDEX_RETURN_IF_ERROR(reconcile::SendToCorrectionInTransaction(
          store, no, "Trung ương trả lại (" + id + "): " + reason, std::string(actor),
          CorrectionTime()));
    } else {
      return Status::InvalidArgument(where + ": `status` is neither acknowledged nor refused");
    }
    CARDEX_RETURN_IF_ERROR(store.Exec(
        "UPDATE centre_records SET status = ?, reason = ?, answered_at = ? WHERE member_no = ? "
        "AND batch_id = ?",
        {std::string_view(status), std::string_view(reason), std::string_view(now),
         std::string_view(no), std::string_view(id)}));
  }
  for (const auto& [no, times] : answered) {
    if (times == 0) {
      return Status::InvalidArgument("centre answer to " + id + ": member " + no +
                                     " is not answered");
    }
  }
  CARDEX_RETURN_IF_ERROR(store.Exec("UPDATE centre_batches SET answered_at = ? WHERE batch_id = ?",
                                    {std::string_view(now), std::string_view(id)}));
  AuditEntry audit{"", std::string(actor), "centre.batch.answer", "centre_batch:" + id, "",
                   std::to_string(report.acknowledged) + " acknowledged, " +
                       std::to_string(report.refused) + " refused"};
  CARDEX_RETURN_IF_ERROR(store.AppendAudit({&audit, 1}));
  CARDEX_RETURN_IF_ERROR(txn.Commit());
  report.batches = 1;
  return report;
}

Result<SendReport> SendBatches(Store& store, const registry::HttpEndpoint& centre,
                               std::string_view actor, std::chrono::milliseconds deadline) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows pending,
      store.Query("SELECT batch_id, body, key_id, signature FROM centre_batches "
                  "WHERE answered_at = '' ORDER BY batch_id"));
  SendReport total;
  total.remaining = static_cast<int64_t>(pending.size());
  std::unique_ptr<registry::HttpConnection> conn = centre.Connect();
  for (size_t r = 0; r < pending.size(); ++r) {
    const std::string id(pending.Text(r, 0));
    const registry::HttpConnection::Headers headers = {
        {"Idempotency-Key", id},
        {"X-Cardex-Signature", "ed25519 key_id=" + std::string(pending.Text(r, 2)) +
                                   " sig=" + std::string(pending.Text(r, 3))}};
    Result<registry::HttpReply> reply =
        conn->Post(kBatchesPath, std::string(pending.Text(r, 1)), deadline, headers);
    Status failed;
    if (!reply.ok()) {
      failed = reply.status();
    } else if (reply->status != 200) {
      failed = Status::Unavailable("HTTP " + std::to_string(reply->status));
    }
    if (!failed.ok()) {
      return failed.WithContext("centre: batch " + id + " not answered; " +
                                std::to_string(total.remaining) +
                                " batches remain to be sent (send again)");
    }
    CARDEX_ASSIGN_OR_RETURN(SendReport one, ImportAnswer(store, id, reply->body, actor));
    total.batches += one.batches;
    total.acknowledged += one.acknowledged;
    total.refused += one.refused;
    --total.remaining;
  }
  return total;
}

}  // namespace cardex::centre
