// Resolution: standardised values and corrections, each with its audit
// entry, in one transaction (resolve.h).
#include "cardex/reconcile/resolve.h"

#include <ctime>
#include <map>
#include <optional>

#include "cardex/progress/rollup.h"

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
  return Status::FailedPrecondition("no reconciliation results yet; run `cardex reconcile` first");
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

Status AcceptSuggestion(Store& store, const std::string& member_no, const std::string& actor) {
  CARDEX_ASSIGN_OR_RETURN(auto run, LastRun(store));
  CARDEX_RETURN_IF_ERROR(RequireRun(run));
  CARDEX_ASSIGN_OR_RETURN(auto states, LoadStates(store, [&](const ReconcileResultRow& r) {
                            return r.member_no == member_no;
                          }));
  auto it = states.find(member_no);
  if (it == states.end() || it->second.current.member_no.empty()) {
    return Status::NotFound("member " + member_no + " has no reconciliation result");
  }
  const MemberState& state = it->second;
  if (state.result->suggested_citizen_id.empty()) {
    return Status::FailedPrecondition("member " + member_no + " has no suggested citizen");
  }
  if (state.revision > run->revision) {
    return Status::FailedPrecondition("member " + member_no +
                                      " changed since it was reconciled; run `cardex reconcile`");
  }
  MemberStandard next = StandardOf(state.current, "suggestion");
  next.citizen_id = state.result->suggested_citizen_id;
  std::vector<AuditEntry> audit = {{"", actor, "accept_suggestion", "member:" + member_no,
                                    ValuesJson(StandardOf(state.current, "")), ValuesJson(next)}};
  return Apply(store, {next}, audit);
}

Status SendToCorrection(Store& store, const std::string& member_no, const std::string& note,
                        const std::string& actor, std::string now) {
  if (now.empty()) now = UtcNow();
  std::optional<Member> member;
  CARDEX_RETURN_IF_ERROR(store.ScanMembersForReconcile([&](const Member& m, int64_t) {
    if (m.member_no == member_no) member = m;
    return Status::Ok();
  }));
  if (!member) return Status::NotFound("no member " + member_no);
  Transaction txn(store);
  CARDEX_RETURN_IF_ERROR(txn.Begin());
  Correction c{0, member_no, member->unit_code, note, actor, now, ""};
  CARDEX_RETURN_IF_ERROR(store.OpenCorrection(c).status());
  CARDEX_RETURN_IF_ERROR(progress::OnCorrectionChange(store, member_no));
  std::vector<AuditEntry> audit = {
      {"", actor, "send_to_correction", "member:" + member_no, "", NoteJson(note)}};
  CARDEX_RETURN_IF_ERROR(store.AppendAudit(audit));
  return txn.Commit();
}

Result<int64_t> CloseCorrection(Store& store, const std::string& member_no,
                                const std::string& actor, std::string now) {
  if (now.empty()) now = UtcNow();
  Transaction txn(store);
  CARDEX_RETURN_IF_ERROR(txn.Begin());
  CARDEX_ASSIGN_OR_RETURN(int64_t closed, store.CloseCorrections(member_no, now));
  if (closed > 0) {
    CARDEX_RETURN_IF_ERROR(progress::OnCorrectionChange(store, member_no));
    std::vector<AuditEntry> audit = {
        {"", actor, "close_correction", "member:" + member_no, "", ""}};
    CARDEX_RETURN_IF_ERROR(store.AppendAudit(audit));
  }
  CARDEX_RETURN_IF_ERROR(txn.Commit());
  return closed;
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
