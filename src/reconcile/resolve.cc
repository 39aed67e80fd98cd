// Resolution: standardised values and corrections, each with its audit
// entry, in one transaction (resolve.h).
#include "cardex/reconcile/resolve.h"

#include <ctime>
#include <map>
#include <optional>

#include "cardex/core/limits.h"
#include "cardex/progress/rollup.h"
#include "cardex/store/atomically.h"
#include "cardex/store/lookups.h"
#include "cardex/store/sql.h"

namespace cardex::reconcile {
namespace {

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(ch);
    } else if (c < 0x20) {
      static const char kHex[] = "0123456789abcdef";
      out->append("\\u00");
      out->push_back(kHex[c >> 4]);
      out->push_back(kHex[c & 15]);
    } else {
      out->push_back(ch);
    }
  }
  out->push_back('"');
}

std::string ValuesJson(const MemberStandard& v) {
  std::string out = "{\"citizen_id\":";
  AppendJsonString(&out, v.citizen_id);
  out += ",\"full_name\":";
  AppendJsonString(&out, v.full_name);
  out += ",\"birth_date\":";
  AppendJsonString(&out, v.birth_date);
  out += ",\"gender\":";
  AppendJsonString(&out, v.gender);
  out += "}";
  return out;
}

std::string NoteJson(std::string_view note) {
  std::string out = "{\"note\":";
  AppendJsonString(&out, note);
  return out + "}";
}

// What resolution acts on: the member's current values and revision, its
// unit, and its stored result; the last run.
struct MemberState {
  Member current;
  int64_t revision = 0;
  std::optional<ReconcileResultRow> result;
};

Result<std::optional<ReconcileRun>> LastRun(Store& store) { return store.LastReconcileRun(); }

// Members (and results) for which `want(result)` holds, keyed by member_no.
template <class Want>
Result<std::map<std::string, MemberState>> LoadStates(Store& store, Want&& want) {
  std::map<std::string, MemberState> states;
  CARDEX_RETURN_IF_ERROR(store.ScanReconcileResults([&](const ReconcileResultRow& r) {
    if (want(r)) states[r.member_no].result = r;
    return Status::Ok();
  }));
  CARDEX_RETURN_IF_ERROR(store.ScanMembersForReconcile([&](const Member& m, int64_t rev) {
    auto it = states.find(m.member_no);
    if (it != states.end()) {
      it->second.current = m;
      it->second.revision = rev;
    }
    return Status::Ok();
  }));
  return states;
}

MemberStandard StandardOf(const Member& m, std::string source) {
  return {m.member_no, m.citizen_id, m.full_name, m.birth_date, m.gender, std::move(source)};
}

// Stores the standardised values and their audit entries in one transaction.
Status Apply(Store& store, const std::vector<MemberStandard>& after,
             const std::vector<AuditEntry>& audit) {
  Transaction txn(store);
  CARDEX_RETURN_IF_ERROR(txn.Begin());
  CARDEX_RETURN_IF_ERROR(store.UpsertMemberStandard(after));
  CARDEX_RETURN_IF_ERROR(store.AppendAudit(audit));
  return txn.Commit();
}

Status RequireRun(const std::optional<ReconcileRun>& run) {
  if (run) return Status::Ok();
  return Status::Coded(StatusCode::kFailedPrecondition, "reconcile.no_results");
}

}  // namespace

std::string UtcNow() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[24];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

Result<ResolveCount> ApplyAllFixable(Store& store, const std::string& actor) {
  CARDEX_ASSIGN_OR_RETURN(auto run, LastRun(store));
  CARDEX_RETURN_IF_ERROR(RequireRun(run));
  CARDEX_ASSIGN_OR_RETURN(auto states, LoadStates(store, [](const ReconcileResultRow& r) {
                            return r.verdict == Verdict::kFixable;
                          }));
  ResolveCount count;
  std::vector<MemberStandard> after;
  std::vector<AuditEntry> audit;
  for (const auto& [no, state] : states) {
    if (state.current.member_no.empty()) continue;  // no such member any more
    if (state.revision > run->revision) {
      ++count.skipped_changed;
      continue;
    }
    const ReconcileResultRow& r = *state.result;
    MemberStandard next = StandardOf(state.current, "registry");
    if (r.fields & kFieldFullName) next.full_name = r.registry_full_name;
    if (r.fields & kFieldBirthDate) next.birth_date = r.registry_birth_date;
    if (r.fields & kFieldGender) next.gender = r.registry_gender;
    audit.push_back({"", actor, "apply_registry", "member:" + no,
                     ValuesJson(StandardOf(state.current, "")), ValuesJson(next)});
    after.push_back(std::move(next));
    ++count.applied;
  }
  CARDEX_RETURN_IF_ERROR(Apply(store, after, audit));
  return count;
}

namespace {

// One member as resolution sees it: its recorded values and revision, its
// stored result (when any) and whether it is standardised already.
struct OneMember {
  Member current;
  int64_t revision = 0;
  std::optional<ReconcileResultRow> result;
  bool standardised = false;
};

Result<OneMember> LoadOne(Store& store, const std::string& member_no) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT m.citizen_id, m.full_name, m.birth_date, m.gender, m.unit_code, m.rev, "
                  "r.verdict, r.fields, r.suggested_citizen_id, r.registry_full_name, "
                  "r.registry_birth_date, r.registry_gender, s.member_no "
                  "FROM members m LEFT JOIN reconcile_results r ON r.member_no = m.member_no "
                  "LEFT JOIN member_standard s ON s.member_no = m.member_no "
                  "WHERE m.member_no = ?",
                  {member_no}));
  if (rows.empty()) return Status::Coded(StatusCode::kNotFound, "not_found.member", {member_no});
  OneMember one;
  one.current.member_no = member_no;
  one.current.citizen_id = rows.Text(0, 0);
  one.current.full_name = rows.Text(0, 1);
  one.current.birth_date = rows.Text(0, 2);
  one.current.gender = rows.Text(0, 3);
  one.current.unit_code = rows.Text(0, 4);
  one.revision = rows.Int(0, 5);
  if (!rows.IsNull(0, 6)) {
    ReconcileResultRow r;
    r.member_no = member_no;
    r.verdict = ParseVerdict(rows.Text(0, 6)).value_or(Verdict::kMatch);
    r.fields = ParseFields(rows.Text(0, 7)).value_or(0);
    r.suggested_citizen_id = rows.Text(0, 8);
    r.registry_full_name = rows.Text(0, 9);
    r.registry_birth_date = rows.Text(0, 10);
    r.registry_gender = rows.Text(0, 11);
    one.result = std::move(r);
  }
  one.standardised = !rows.IsNull(0, 12);
  return one;
}

MemberStandard RegistryValues(const Member& current, const ReconcileResultRow& r) {
  MemberStandard next = StandardOf(current, "registry");
  if (r.fields & kFieldFullName) next.full_name = r.registry_full_name;
  if (r.fields & kFieldBirthDate) next.birth_date = r.registry_birth_date;
  if (r.fields & kFieldGender) next.gender = r.registry_gender;
  return next;
}

Status StoreStandard(Store& store, const MemberStandard& next, const AuditEntry& entry) {
  CARDEX_RETURN_IF_ERROR(store.UpsertMemberStandard(std::span<const MemberStandard>(&next, 1)));
  return store.AppendAudit(std::span<const AuditEntry>(&entry, 1));
}

Status ChangedSince(const std::string& member_no) {
  return Status::Coded(StatusCode::kFailedPrecondition, "reconcile.changed_since", {member_no});
}

}  // namespace

Status AcceptSuggestionInTransaction(Store& store, const std::string& member_no,
                                     const std::string& actor) {
  CARDEX_ASSIGN_OR_RETURN(auto run, LastRun(store));
  CARDEX_RETURN_IF_ERROR(RequireRun(run));
  auto one = LoadOne(store, member_no);
  if (!one.ok() || !one->result) {
    return one.ok() || one.status().code() == StatusCode::kNotFound
               ? Status::Coded(StatusCode::kNotFound, "reconcile.no_result", {member_no})
               : one.status();
  }
  if (one->result->suggested_citizen_id.empty()) {
    return Status::Coded(StatusCode::kFailedPrecondition, "reconcile.no_suggestion", {member_no});
  }
  if (one->revision > run->revision) return ChangedSince(member_no);
  MemberStandard next = StandardOf(one->current, "suggestion");
  next.citizen_id = one->result->suggested_citizen_id;
  return StoreStandard(store, next,
                       {"", actor, "accept_suggestion", "member:" + member_no,
                        ValuesJson(StandardOf(one->current, "")), ValuesJson(next)});
}

Status AcceptSuggestion(Store& store, const std::string& member_no, const std::string& actor) {
  return Atomically(store, [&] { return AcceptSuggestionInTransaction(store, member_no, actor); });
}

Status ApplyRegistryValuesInTransaction(Store& store, const std::string& member_no,
                                        const std::string& actor) {
  CARDEX_ASSIGN_OR_RETURN(auto run, LastRun(store));
  CARDEX_RETURN_IF_ERROR(RequireRun(run));
  CARDEX_ASSIGN_OR_RETURN(OneMember one, LoadOne(store, member_no));
  if (!one.result) return Status::Coded(StatusCode::kNotFound, "reconcile.no_result", {member_no});
  const Verdict v = one.result->verdict;
  if (v != Verdict::kFixable && v != Verdict::kMismatch) {
    return Status::Coded(StatusCode::kFailedPrecondition, "reconcile.registry_not_applicable",
                         {member_no, "@verdict." + std::string(VerdictName(v))});
  }
  if (one.standardised) {
    return Status::Coded(StatusCode::kFailedPrecondition, "reconcile.standardised_already", {member_no});
  }
  if (one.revision > run->revision) return ChangedSince(member_no);
  MemberStandard next = RegistryValues(one.current, *one.result);
  return StoreStandard(store, next,
                       {"", actor, "apply_registry", "member:" + member_no,
                        ValuesJson(StandardOf(one.current, "")), ValuesJson(next)});
}

Status ApplyRegistryValues(Store& store, const std::string& member_no, const std::string& actor) {
  return Atomically(store,
                    [&] { return ApplyRegistryValuesInTransaction(store, member_no, actor); });
}

Result<ResolveCount> ApplyAllFixableInTransaction(Store& store, const std::string& unit_code,
                                                  const std::string& actor) {
  CARDEX_ASSIGN_OR_RETURN(auto run, LastRun(store));
  CARDEX_RETURN_IF_ERROR(RequireRun(run));
  std::string sql =
      "SELECT m.member_no, m.citizen_id, m.full_name, m.birth_date, m.gender, m.rev, r.fields, "
      "r.registry_full_name, r.registry_birth_date, r.registry_gender ";
  if (unit_code.empty()) {
    sql += "FROM members m ";
  } else {
    CARDEX_ASSIGN_OR_RETURN(auto unit, FindUnit(store, unit_code));
    if (!unit) return Status::Coded(StatusCode::kNotFound, "unit.unknown", {unit_code});
    sql = "WITH RECURSIVE sub(code) AS (SELECT code FROM units WHERE code = ? UNION ALL "
          "SELECT u.code FROM units u JOIN sub ON u.parent_code = sub.code) " +
          sql + "FROM sub JOIN members m ON m.unit_code = sub.code ";
  }
  sql +=
      "JOIN reconcile_results r ON r.member_no = m.member_no "
      "LEFT JOIN member_standard s ON s.member_no = m.member_no "
      "WHERE r.verdict = 'fixable' AND s.member_no IS NULL ORDER BY m.member_no";
  auto rows = unit_code.empty() ? store.Query(sql) : store.Query(sql, {unit_code});
  if (!rows.ok()) return rows.status();
  ResolveCount count;
  std::vector<MemberStandard> after;
  std::vector<AuditEntry> audit;
  for (size_t i = 0; i < rows->size(); ++i) {
    Member current;
    current.member_no = rows->Text(i, 0);
    current.citizen_id = rows->Text(i, 1);
    current.full_name = rows->Text(i, 2);
    current.birth_date = rows->Text(i, 3);
    current.gender = rows->Text(i, 4);
    if (rows->Int(i, 5) > run->revision) {
      ++count.skipped_changed;
      continue;
    }
    ReconcileResultRow r;
    r.fields = ParseFields(rows->Text(i, 6)).value_or(0);
    r.registry_full_name = rows->Text(i, 7);
    r.registry_birth_date = rows->Text(i, 8);
    r.registry_gender = rows->Text(i, 9);
    MemberStandard next = RegistryValues(current, r);
    audit.push_back({"", actor, "apply_registry", "member:" + current.member_no,
                     ValuesJson(StandardOf(current, "")), ValuesJson(next)});
    after.push_back(std::move(next));
    ++count.applied;
  }
  CARDEX_RETURN_IF_ERROR(store.UpsertMemberStandard(after));
  CARDEX_RETURN_IF_ERROR(store.AppendAudit(audit));
  return count;
}

Status SendToCorrectionInTransaction(Store& store, const std::string& member_no,
                                     const std::string& note, const std::string& actor,
                                     std::string now) {
  CARDEX_RETURN_IF_ERROR(limits::CheckLength("note", note, limits::kNote));
  if (now.empty()) now = UtcNow();
  CARDEX_ASSIGN_OR_RETURN(std::optional<std::string> unit, MemberUnit(store, member_no));
  if (!unit) return Status::Coded(StatusCode::kNotFound, "not_found.member", {member_no});
  Correction c{0, member_no, *unit, note, actor, now, ""};
  CARDEX_RETURN_IF_ERROR(store.OpenCorrection(c).status());
  CARDEX_RETURN_IF_ERROR(progress::OnCorrectionChange(store, member_no));
  std::vector<AuditEntry> audit = {
      {"", actor, "send_to_correction", "member:" + member_no, "", NoteJson(note)}};
  return store.AppendAudit(audit);
}

Status SendToCorrection(Store& store, const std::string& member_no, const std::string& note,
                        const std::string& actor, std::string now) {
  return Atomically(store, [&] {
    return SendToCorrectionInTransaction(store, member_no, note, actor, now);
  });
}

Result<int64_t> CloseCorrectionInTransaction(Store& store, const std::string& member_no,
                                             const std::string& evidence,
                                             const std::string& actor, std::string now) {
  CARDEX_RETURN_IF_ERROR(limits::CheckLength("evidence", evidence, limits::kNote));
  if (now.empty()) now = UtcNow();
  CARDEX_ASSIGN_OR_RETURN(int64_t closed, store.CloseCorrections(member_no, now));
  if (closed > 0) {
    CARDEX_RETURN_IF_ERROR(progress::OnCorrectionChange(store, member_no));
    std::string after;
    if (!evidence.empty()) {
      after = "{\"evidence\":";
      AppendJsonString(&after, evidence);
      after += "}";
    }
    std::vector<AuditEntry> audit = {
        {"", actor, "close_correction", "member:" + member_no, "", after}};
    CARDEX_RETURN_IF_ERROR(store.AppendAudit(audit));
  }
  return closed;
}

Result<int64_t> CloseCorrection(Store& store, const std::string& member_no,
                                const std::string& actor, std::string now,
                                const std::string& evidence) {
  return Atomically(store, [&] {
    return CloseCorrectionInTransaction(store, member_no, evidence, actor, now);
  });
}

Result<std::vector<std::string>> UnresolvedDifferences(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT r.member_no FROM reconcile_results r LEFT JOIN member_standard s ON "
                  "s.member_no = r.member_no WHERE s.member_no IS NULL AND r.verdict IN "
                  "('invalid_id', 'duplicate_id', 'id_not_found', 'wrong_person', 'mismatch') "
                  "ORDER BY r.member_no"));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.emplace_back(rows.Text(i, 0));
  return out;
}

}  // namespace cardex::reconcile
