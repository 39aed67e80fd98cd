#include "cardex/notices/batch_file.h"

#include <filesystem>
#include <map>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/io/csv.h"
#include "cardex/notices/notices.h"
#include "cardex/store/sql.h"

namespace cardex::notices {
namespace {

std::string LocalText(int64_t seconds) { return UtcText(seconds + 7 * 3600).substr(0, 16); }

// The end of the sending window that starts at `now`: the next start of
// the quiet hours.
int64_t QuietStart(const QuietHours& q, int64_t now) {
  if (q.from == q.to) return now + 86400;
  const int m = LocalMinute(now);
  int wait = q.from.minutes() - m;
  if (wait <= 0) wait += 24 * 60;
  return now - (now % 60 + 60) % 60 + static_cast<int64_t>(wait) * 60;
}

constexpr size_t kMaxErrors = 50;

}  // namespace

Result<ExportReport> ExportBatch(Store& store, const std::string& path, const ExportOptions& options) {
  CARDEX_ASSIGN_OR_RETURN(const int64_t now,
                          ParseUtc(options.now.empty() ? UtcNowText() : options.now));
  ExportReport report;
  if (options.quiet.IsQuiet(now)) {
    report.quiet = true;
    report.next_allowed = UtcText(options.quiet.NextAllowed(now));
    return report;
  }
  CARDEX_ASSIGN_OR_RETURN(const auto retired, RetireStale(store, UtcText(now)));
  report.superseded = retired.first;
  report.expired = retired.second;
  report.batch = std::filesystem::path(path).filename().string();
  const std::string now_text = UtcText(now);
  const int64_t window_end = QuietStart(options.quiet, now);

  Transaction txn(store);
  CARDEX_RETURN_IF_ERROR(txn.Begin());
  CARDEX_ASSIGN_OR_RETURN(const std::vector<Outgoing> pending, PendingNotices(store, options.limit));
  if (pending.empty()) return report;
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out, CsvWriter::OpenFile(path));
  CARDEX_RETURN_IF_ERROR(out->WriteRow({"message_id", "to", "text", "kind", "send_from", "send_until"}));
  const std::string from = LocalText(now);
  for (const Outgoing& n : pending) {
    auto slot = ParseLocal(n.slot_start);
    const int64_t until = slot.ok() ? std::min(*slot, window_end) : window_end;
    const std::string until_text = LocalText(until);
    CARDEX_RETURN_IF_ERROR(out->WriteRow({n.message_id, n.phone, n.body, n.kind, from, until_text}));
    CARDEX_ASSIGN_OR_RETURN(const bool changed,
                            FinishPending(store, n.message_id, "exported", now_text, "", report.batch));
    if (changed) ++report.exported;
  }
  // The file is in place before the commit: a failed commit leaves notices
  // pending that the file also holds, and the next batch repeats them
  // under the same ids, which the gateway sends once; the other order
  // could lose them.
  CARDEX_RETURN_IF_ERROR(out->Close());
  CARDEX_RETURN_IF_ERROR(txn.Commit());
  return report;
}

Result<ImportReport> ImportReports(Store& store, const std::string& path) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> in, CsvReader::OpenFile(path));
  const std::string& name = in->name();
  std::vector<std::string_view> fields;
  CARDEX_ASSIGN_OR_RETURN(const bool has_header, in->Next(&fields));
  if (!has_header) return Status::InvalidArgument(name + ": empty file, expected a header");
  std::map<std::string, size_t> column;
  for (size_t c = 0; c < fields.size(); ++c) column[std::string(fields[c])] = c;
  for (const char* required : {"message_id", "status", "reported_at"}) {
    if (!column.count(required)) {
      return Status::InvalidArgument(name + ":1: the column " + required + " is missing");
    }
  }
  const size_t c_id = column["message_id"], c_status = column["status"], c_at = column["reported_at"];
  const size_t c_error = column.count("error") ? column["error"] : SIZE_MAX;

  struct Report {
    std::string status, at, error;
    int64_t line;
  };
  std::map<std::string, Report> reports;
  std::vector<std::string> errors;
  auto bad = [&](int64_t line, const char* col, const std::string& what) {
    if (errors.size() < kMaxErrors) {
      errors.push_back(name + ":" + std::to_string(line) + ": column " + col + ": " + what);
    }
  };
  for (;;) {
    CARDEX_ASSIGN_OR_RETURN(const bool more, in->Next(&fields));
    if (!more) break;
    const int64_t line = in->record_line();
    auto get = [&](size_t c) { return c < fields.size() ? std::string(fields[c]) : std::string(); };
    Report r{get(c_status), get(c_at), c_error == SIZE_MAX ? "" : get(c_error), line};
    const std::string id = get(c_id);
    bool ok = true;
    if (id.empty()) {
      bad(line, "message_id", "empty");
      ok = false;
    }
    if (r.status != "delivered" && r.status != "failed") {
      bad(line, "status", "'" + r.status.substr(0, 20) + "' is neither delivered nor failed");
      ok = false;
    }
    if (!ParseUtc(r.at).ok()) {
      bad(line, "reported_at", "'" + r.at.substr(0, 30) + "' is not a UTC time YYYY-MM-DDTHH:MM[:SS]Z");
      ok = false;
    }
    if (r.error.size() > 200) r.error.resize(200);
    if (!ok) continue;
    auto [it, fresh] = reports.emplace(id, r);
    if (!fresh && it->second.status != r.status) {
      bad(line, "status", "message " + id.substr(0, 40) + " was reported " + it->second.status +
                              " on line " + std::to_string(it->second.line));
    }
  }
  // Every id must name a notice that went out in a batch or over HTTP.
  std::vector<SqlParam> params;
  std::map<std::string, std::string> states;
  std::vector<std::string> ids;
  for (const auto& [id, r] : reports) ids.push_back(id);
  for (size_t at = 0; at < ids.size(); at += 400) {
    params.clear();
    std::string in_list = "(";
    for (size_t k = at; k < std::min(ids.size(), at + 400); ++k) {
      in_list += k == at ? "?" : ",?";
      params.emplace_back(std::string_view(ids[k]));
    }
    CARDEX_ASSIGN_OR_RETURN(SqlRows rows,
                            store.Query("SELECT message_id, state FROM notices WHERE message_id IN " +
                                            in_list + ")",
                                        params));
    for (size_t r = 0; r < rows.size(); ++r) states[std::string(rows.Text(r, 0))] = rows.Text(r, 1);
  }
  for (const auto& [id, r] : reports) {
    auto it = states.find(id);
    if (it == states.end()) {
      bad(r.line, "message_id", "no notice has the id " + id.substr(0, 40));
    } else if (it->second == "pending" || it->second == "superseded" || it->second == "expired") {
      bad(r.line, "message_id", "notice " + id.substr(0, 40) + " was never sent (" + it->second + ")");
    }
  }
  if (!errors.empty()) {
    std::string message = "delivery reports refused, nothing imported:";
    for (const std::string& e : errors) message += "\n  " + e;
    return Status::InvalidArgument(message);
  }
  ImportReport report;
  Transaction txn(store);
  CARDEX_RETURN_IF_ERROR(txn.Begin());
  for (const auto& [id, r] : reports) {
    const std::string at = UtcText(*ParseUtc(r.at));
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows done,
        store.Query("UPDATE notices SET state = ?, reported_at = ?, error = ? "
                    "WHERE message_id = ? AND state IN ('exported', 'sent')",
                    {std::string_view(r.status), std::string_view(at), std::string_view(r.error),
                     std::string_view(id)}));
    if (done.affected() == 0) {
      ++report.unchanged;
    } else {
      ++(r.status == "delivered" ? report.delivered : report.failed);
    }
  }
  CARDEX_RETURN_IF_ERROR(txn.Commit());
  return report;
}

}  // namespace cardex::notices
