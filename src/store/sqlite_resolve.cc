// SqliteStore: resolution, corrections and the audit trail (schema v2).
#include <string>

#include "audit_chain.h"
#include "sqlite_store.h"
#include "store_util.h"

namespace cardex::store_internal {
namespace {

inline void BindText(sqlite3_stmt* stmt, int index, std::string_view text) {
  sqlite3_bind_text(stmt, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
}

inline void ColumnText(sqlite3_stmt* stmt, int index, std::string* out) {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt, index));
  out->assign(data ? data : "", static_cast<size_t>(sqlite3_column_bytes(stmt, index)));
}

constexpr const char* kUpsertStandard =
    "INSERT INTO member_standard (member_no, citizen_id, full_name, birth_date, gender, source) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
    "ON CONFLICT (member_no) DO UPDATE SET citizen_id = excluded.citizen_id, "
    "full_name = excluded.full_name, birth_date = excluded.birth_date, gender = excluded.gender, "
    "source = excluded.source, updated_at = CURRENT_TIMESTAMP";
constexpr const char* kStampMember = "UPDATE members SET rev = ?2 WHERE member_no = ?1";

}  // namespace

Status SqliteStore::UpsertMemberStandard(std::span<const MemberStandard> rows) {
  return WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * upsert, Cached(kUpsertStandard));
    CARDEX_ASSIGN_OR_RETURN(sqlite3_stmt * stamp, Cached(kStampMember));
    CARDEX_ASSIGN_OR_RETURN(int64_t rev, TransactionRevision());
    for (const MemberStandard& r : rows) {
      BindText(upsert, 1, r.member_no);
      BindText(upsert, 2, r.citizen_id);
      BindText(upsert, 3, r.full_name);
      BindText(upsert, 4, r.birth_date);
      BindText(upsert, 5, r.gender);
      BindText(upsert, 6, r.source);
      CARDEX_RETURN_IF_ERROR(StepDone(upsert, "storing standardised values"));
      BindText(stamp, 1, r.member_no);
      sqlite3_bind_int64(stamp, 2, rev);
      CARDEX_RETURN_IF_ERROR(StepDone(stamp, "storing standardised values"));
    }
    sqlite3_clear_bindings(upsert);
    sqlite3_clear_bindings(stamp);
    return Status::Ok();
  });
}

Status SqliteStore::AppendAudit(std::span<const AuditEntry> entries) {
  // BEGIN IMMEDIATE holds the write lock, so audit_head needs no row lock.
  return WriteAtomically([&]() { return AppendChainedAudit(*this, "", entries); });
}

Status SqliteStore::ScanAudit(std::string_view subject, const Visitor<AuditEntry>& fn) {
  std::string sql = "SELECT at, actor, action, subject, before_value, after_value FROM audit_log ";
  if (!subject.empty()) sql += "WHERE subject = ?1 ";
  sql += "ORDER BY audit_id";
  CARDEX_ASSIGN_OR_RETURN(StmtPtr stmt, Prepare(sql));
  if (!subject.empty()) BindText(stmt.get(), 1, subject);
  AuditEntry e;
  return ForEachRow(stmt.get(), [&](sqlite3_stmt* s) {
    ColumnText(s, 0, &e.at);
    ColumnText(s, 1, &e.actor);
    ColumnText(s, 2, &e.action);
    ColumnText(s, 3, &e.subject);
    ColumnText(s, 4, &e.before);
    ColumnText(s, 5, &e.after);
    return fn(e);
  }, "reading the audit trail");
}

Result<int64_t> SqliteStore::OpenCorrection(const Correction& c) {
  CARDEX_RETURN_IF_ERROR(RejectIfReadOnly());
  CARDEX_ASSIGN_OR_RETURN(StmtPtr stmt,
                          Prepare("INSERT INTO corrections (member_no, unit_code, note, opened_by, "
                                  "opened_at) VALUES (?1, ?2, ?3, ?4, ?5)"));
  BindText(stmt.get(), 1, c.member_no);
  BindText(stmt.get(), 2, c.unit_code);
  BindText(stmt.get(), 3, c.note);
  BindText(stmt.get(), 4, c.opened_by);
  BindText(stmt.get(), 5, c.opened_at);
  int rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_DONE) return Error(rc, "opening a correction");
  return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
}

Result<int64_t> SqliteStore::CloseCorrections(std::string_view member_no,
                                              std::string_view closed_at) {
  CARDEX_RETURN_IF_ERROR(RejectIfReadOnly());
  CARDEX_ASSIGN_OR_RETURN(StmtPtr stmt, Prepare("UPDATE corrections SET closed_at = ?2 "
                                                "WHERE member_no = ?1 AND closed_at = ''"));
  BindText(stmt.get(), 1, member_no);
  BindText(stmt.get(), 2, closed_at);
  int rc = sqlite3_step(stmt.get());
  if (rc != SQLITE_DONE) return Error(rc, "closing corrections");
  return static_cast<int64_t>(sqlite3_changes(db_));
}

Status SqliteStore::ScanCorrections(bool open_only, const Visitor<Correction>& fn) {
  std::string sql =
      "SELECT correction_id, member_no, unit_code, note, opened_by, opened_at, closed_at "
      "FROM corrections ";
  if (open_only) sql += "WHERE closed_at = '' ";
  sql += "ORDER BY correction_id";
  CARDEX_ASSIGN_OR_RETURN(StmtPtr stmt, Prepare(sql));
  Correction c;
  return ForEachRow(stmt.get(), [&](sqlite3_stmt* s) {
    c.correction_id = sqlite3_column_int64(s, 0);
    ColumnText(s, 1, &c.member_no);
    ColumnText(s, 2, &c.unit_code);
    ColumnText(s, 3, &c.note);
    ColumnText(s, 4, &c.opened_by);
    ColumnText(s, 5, &c.opened_at);
    ColumnText(s, 6, &c.closed_at);
    return fn(c);
  }, "reading corrections");
}

}  // namespace cardex::store_internal
