// PgStore: resolution, corrections and the audit trail (schema v2). These
// are small writes made by people, one statement per row.
#include <charconv>
#include <cstdlib>
#include <string>
#include <vector>

#include "audit_chain.h"
#include "pg_store.h"
#include "store_util.h"

namespace cardex::store_internal {
namespace {

std::string_view Value(const PGresult* r, int row, int col) {
  return {PQgetvalue(r, row, col), static_cast<size_t>(PQgetlength(r, row, col))};
}

int64_t IntValue(const PGresult* r, int row, int col) {
  std::string_view v = Value(r, row, col);
  int64_t out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

}  // namespace

Result<PgResult> PgStore::ExecParams(const char* sql,
                                     std::initializer_list<std::string_view> params,
                                     std::string_view doing) {
  std::vector<std::string> owned(params.begin(), params.end());  // NUL-terminated
  std::vector<const char*> values;
  for (const std::string& p : owned) values.push_back(p.c_str());
  PgResult r(PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr, values.data(),
                          nullptr, nullptr, 0));
  ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Error(r.get(), doing);
  return r;
}

Status PgStore::UpsertMemberStandard(std::span<const MemberStandard> rows) {
  return WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(int64_t rev, TransactionRevision());
    const std::string rev_text = std::to_string(rev);
    for (const MemberStandard& r : rows) {
      CARDEX_RETURN_IF_ERROR(
          ExecParams("INSERT INTO member_standard (member_no, citizen_id, full_name, birth_date, "
                     "gender, source) VALUES ($1, $2, $3, $4, $5, $6) "
                     "ON CONFLICT (member_no) DO UPDATE SET citizen_id = EXCLUDED.citizen_id, "
                     "full_name = EXCLUDED.full_name, birth_date = EXCLUDED.birth_date, "
                     "gender = EXCLUDED.gender, source = EXCLUDED.source, updated_at = now()",
                     {r.member_no, r.citizen_id, r.full_name, r.birth_date, r.gender, r.source},
                     "storing standardised values")
              .status());
      CARDEX_RETURN_IF_ERROR(ExecParams("UPDATE members SET rev = $2::bigint WHERE member_no = $1",
                                        {r.member_no, rev_text}, "storing standardised values")
                                 .status());
    }
    return Status::Ok();
  });
}

Status PgStore::AppendAudit(std::span<const AuditEntry> entries) {
  // FOR UPDATE queues concurrent appenders on the head row, so seqs are
  // handed out one after another and audit_id order is seq order.
  return WriteAtomically(
      [&]() { return AppendChainedAudit(*this, " FOR UPDATE", entries, /*one_statement=*/true); });
}

Status PgStore::ScanAudit(std::string_view subject, const Visitor<AuditEntry>& fn) {
  CARDEX_ASSIGN_OR_RETURN(
      PgResult r, ExecParams("SELECT at, actor, action, subject, before_value, after_value "
                             "FROM audit_log WHERE $1 = '' OR subject = $1 ORDER BY audit_id",
                             {subject}, "reading the audit trail"));
  AuditEntry e;
  for (int i = 0, n = PQntuples(r.get()); i < n; ++i) {
    e.at = Value(r.get(), i, 0);
    e.actor = Value(r.get(), i, 1);
    e.action = Value(r.get(), i, 2);
    e.subject = Value(r.get(), i, 3);
    e.before = Value(r.get(), i, 4);
    e.after = Value(r.get(), i, 5);
    CARDEX_RETURN_IF_ERROR(fn(e));
  }
  return Status::Ok();
}

Result<int64_t> PgStore::OpenCorrection(const Correction& c) {
  CARDEX_ASSIGN_OR_RETURN(
      PgResult r, ExecParams("INSERT INTO corrections (member_no, unit_code, note, opened_by, "
                             "opened_at) VALUES ($1, $2, $3, $4, $5) RETURNING correction_id",
                             {c.member_no, c.unit_code, c.note, c.opened_by, c.opened_at},
                             "opening a correction"));
  return IntValue(r.get(), 0, 0);
}

Result<int64_t> PgStore::CloseCorrections(std::string_view member_no, std::string_view closed_at) {
  CARDEX_ASSIGN_OR_RETURN(PgResult r, ExecParams("UPDATE corrections SET closed_at = $2 "
                                                 "WHERE member_no = $1 AND closed_at = ''",
                                                 {member_no, closed_at}, "closing corrections"));
  return static_cast<int64_t>(std::strtoll(PQcmdTuples(r.get()), nullptr, 10));
}

Status PgStore::ScanCorrections(bool open_only, const Visitor<Correction>& fn) {
  CARDEX_ASSIGN_OR_RETURN(
      PgResult r,
      ExecParams("SELECT correction_id, member_no, unit_code, note, opened_by, opened_at, "
                 "closed_at FROM corrections WHERE $1 = '0' OR closed_at = '' "
                 "ORDER BY correction_id",
                 {open_only ? "1" : "0"}, "reading corrections"));
  Correction c;
  for (int i = 0, n = PQntuples(r.get()); i < n; ++i) {
    c.correction_id = IntValue(r.get(), i, 0);
    c.member_no = Value(r.get(), i, 1);
    c.unit_code = Value(r.get(), i, 2);
    c.note = Value(r.get(), i, 3);
    c.opened_by = Value(r.get(), i, 4);
    c.opened_at = Value(r.get(), i, 5);
    c.closed_at = Value(r.get(), i, 6);
    CARDEX_RETURN_IF_ERROR(fn(c));
  }
  return Status::Ok();
}

}  // namespace cardex::store_internal
