#include "newly_official.h"

#include <algorithm>

#include "cardex/core/dates.h"
#include "cardex/store/sql.h"

namespace cardex::ingest {
namespace {

constexpr size_t kChunk = 400;

}  // namespace

Status NewlyOfficial::Start(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows, store.Query("SELECT 1 FROM members WHERE status = 'probationary' LIMIT 1"));
  any_probationary_ = !rows.empty();
  return Status::Ok();
}

Status NewlyOfficial::Before(Store& store, std::span<const Member> rows) {
  changed_.clear();
  if (!any_probationary_) return Status::Ok();
  std::vector<std::string_view> official;
  for (const Member& m : rows) {
    if (m.status == "official") official.push_back(m.member_no);
  }
  std::vector<SqlParam> params;
  for (size_t at = 0; at < official.size(); at += kChunk) {
    const size_t n = std::min(kChunk, official.size() - at);
    std::string sql = "SELECT member_no FROM members WHERE status = 'probationary' AND member_no IN (";
    params.clear();
    for (size_t k = 0; k < n; ++k) {
      sql += k ? ",?" : "?";
      params.emplace_back(official[at + k]);
    }
    CARDEX_ASSIGN_OR_RETURN(SqlRows found, store.Query(sql + ")", params));
    for (size_t r = 0; r < found.size(); ++r) changed_.emplace_back(found.Text(r, 0));
  }
  return Status::Ok();
}

Status NewlyOfficial::After(Store& store, std::string_view actor) {
  if (changed_.empty()) return Status::Ok();
  std::sort(changed_.begin(), changed_.end());
  const std::string now = UtcNowText();
  std::vector<AuditEntry> audit;
  for (const std::string& no : changed_) {
    audit.push_back({"", std::string(actor), "member.status.official", "member:" + no,
                     "probationary", "official"});
    CARDEX_RETURN_IF_ERROR(store.Exec(
        "INSERT INTO newly_official (member_no, since) VALUES (?, ?) ON CONFLICT (member_no) "
        "DO NOTHING",
        {std::string_view(no), std::string_view(now)}));
  }
  changed_.clear();
  return store.AppendAudit(audit);
}

}  // namespace cardex::ingest
