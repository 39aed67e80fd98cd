// The audit chain: canonical hashing and the chained append.
#include "audit_chain.h"

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

namespace cardex {
namespace {

void AppendField(std::string* out, std::string_view field) {
  *out += std::to_string(field.size());
  *out += ':';
  *out += field;
}

}  // namespace

std::string Sha256Hex(std::string_view bytes) {
  // sodium_init is only needed for the random generator and the optimised
  // implementations picked at start-up; crypto_hash_sha256 works without.
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

std::string AuditChainHash(int64_t seq, std::string_view prev_hash, const AuditEntry& e) {
  std::string canon;
  canon.reserve(64 + prev_hash.size() + e.at.size() + e.actor.size() + e.action.size() +
                e.subject.size() + e.before.size() + e.after.size());
  AppendField(&canon, "cardex-audit-v1");
  AppendField(&canon, std::to_string(seq));
  AppendField(&canon, prev_hash);
  AppendField(&canon, e.at);
  AppendField(&canon, e.actor);
  AppendField(&canon, e.action);
  AppendField(&canon, e.subject);
  AppendField(&canon, e.before);
  AppendField(&canon, e.after);
  return Sha256Hex(canon);
}

namespace store_internal {
namespace {

// "YYYY-MM-DDTHH:MM:SS.sssZ", the form audit_log.at has always had.
std::string NowUtcMillis() {
  auto now = std::chrono::system_clock::now();
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace

Status AppendChainedAudit(SqlSession& sql, std::string_view head_lock,
                          std::span<const AuditEntry> entries, bool one_statement) {
  if (entries.empty()) return Status::Ok();
  std::string select = "SELECT seq, hash FROM audit_head WHERE id = 1";
  select += head_lock;
  CARDEX_ASSIGN_OR_RETURN(SqlRows head, sql.Query(select));
  if (head.empty()) return Status::Internal("audit_head has no row: the audit chain is damaged");
  int64_t seq = head.Int(0, 0);
  // hashes[0] is the head's; entry i links hashes[i] to hashes[i + 1].
  std::vector<std::string> hashes{std::string(head.Text(0, 1))};
  hashes.reserve(entries.size() + 1);
  AuditEntry e;
  e.at = NowUtcMillis();
  constexpr const char* kInsert =
      "INSERT INTO audit_log (at, actor, action, subject, before_value, after_value, seq, "
      "prev_hash, entry_hash) VALUES ";
  constexpr const char* kRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?)";
  constexpr const char* kMoveHead = "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1";
  std::string sql_text = std::string("WITH appended AS (") + kInsert;
  std::vector<SqlParam> params;
  params.reserve(9 * entries.size() + 2);
  for (size_t i = 0; i < entries.size(); ++i) {
    const AuditEntry& in = entries[i];
    e.actor = in.actor;
    e.action = in.action;
    e.subject = in.subject;
    e.before = in.before;
    e.after = in.after;
    ++seq;
    hashes.push_back(AuditChainHash(seq, hashes[i], e));
    std::initializer_list<SqlParam> row{
        std::string_view(e.at),        std::string_view(in.actor),  std::string_view(in.action),
        std::string_view(in.subject),  std::string_view(in.before), std::string_view(in.after),
        seq,                           std::string_view(hashes[i]), std::string_view(hashes[i + 1])};
    if (!one_statement) {
      CARDEX_RETURN_IF_ERROR(sql.Exec(std::string(kInsert) + kRow, row));
      continue;
    }
    if (i > 0) sql_text += ", ";
    sql_text += kRow;
    params.insert(params.end(), row);
  }
  if (!one_statement) return sql.Exec(kMoveHead, {seq, std::string_view(hashes.back())});
  sql_text += ") ";
  sql_text += kMoveHead;
  params.push_back(seq);
  params.push_back(std::string_view(hashes.back()));
  return sql.Query(sql_text, params).status();
}

}  // namespace store_internal
}  // namespace cardex
