#include "cardex/selfservice/access.h"

#include <cstdio>

#include "cardex/plan/appointments.h"
#include "cardex/store/atomically.h"

namespace cardex::selfservice {

namespace {

Status Failed() { return Status::Coded(StatusCode::kUnauthenticated, "member.sign_in_failed"); }

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return !s.empty();
}

// The full dates known for the member and the recorded (maybe partial) one.
struct BirthDates {
  std::vector<std::string> full;
  std::string recorded;
};

Result<BirthDates> KnownBirthDates(Store& store, std::string_view member_no) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows r, store.Query("SELECT m.birth_date, s.birth_date, r.registry_birth_date FROM members m "
                             "LEFT JOIN member_standard s ON s.member_no = m.member_no "
                             "LEFT JOIN reconcile_results r ON r.member_no = m.member_no "
                             "WHERE m.member_no = ?",
                             {member_no}));
  BirthDates out;
  if (r.empty()) return out;
  out.recorded = std::string(r.Text(0, 0));
  for (size_t c = 0; c < 3; ++c) {
    std::string_view d = r.Text(0, c);
    if (d.size() == 10 && Date::Parse(d).ok()) out.full.emplace_back(d);
  }
  return out;
}

bool Matches(const BirthDates& known, const Date& typed) {
  const std::string t = typed.ToString();
  for (const std::string& d : known.full) {
    if (d == t) return true;
  }
  if (!known.full.empty()) return false;
  auto partial = PartialDate::Parse(known.recorded);
  return partial.ok() && partial->AgreesWith(typed);
}

}  // namespace

std::optional<Date> ParseTypedBirthDate(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    auto d = Date::Parse(text);
    return d.ok() ? std::optional<Date>(*d) : std::nullopt;
  }
  // d/m/yyyy with '/', '-' or '.' between.
  std::string_view parts[3];
  int n = 0;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/' || text[i] == '-' || text[i] == '.') {
      if (n == 3) return std::nullopt;
      parts[n++] = text.substr(start, i - start);
      start = i + 1;
    }
  }
  if (n != 3 || parts[0].size() > 2 || parts[1].size() > 2 || parts[2].size() != 4) return std::nullopt;
  for (std::string_view p : parts) {
    if (!AllDigits(p)) return std::nullopt;
  }
  char iso[16];
  std::snprintf(iso, sizeof iso, "%.4s-%02d-%02d", parts[2].data(), std::stoi(std::string(parts[1])),
                std::stoi(std::string(parts[0])));
  auto d = Date::Parse(iso);
  return d.ok() ? std::optional<Date>(*d) : std::nullopt;
}

Result<std::string> MemberOfCode(Store& store, std::string_view code) {
  if (code.size() > 32) return Failed();
  const std::string canonical = plan::CanonicalInvitationCode(code);
  if (!plan::InvitationCodeChecks(canonical)) return Failed();
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT member_no FROM appointments WHERE invitation_code = ? UNION ALL "
                  "SELECT member_no FROM superseded_invitations WHERE invitation_code = ?",
                  {std::string_view(canonical), std::string_view(canonical)}));
  if (rows.empty()) return Failed();
  return std::string(rows.Text(0, 0));
}

Result<bool> IsLocked(Store& store, std::string_view member_no) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows r, store.Query("SELECT locked_at FROM member_page_guard WHERE member_no = ?",
                                                 {member_no}));
  return !r.empty() && !r.Text(0, 0).empty();
}

Result<std::string> SignIn(Store& store, std::string_view code, std::string_view typed_birth_date,
                           std::string_view now, const SelfServiceOptions& options) {
  CARDEX_ASSIGN_OR_RETURN(std::string member, MemberOfCode(store, code));
  const std::optional<Date> typed = ParseTypedBirthDate(typed_birth_date);
  enum Outcome : int64_t { kIn, kWrong, kLocked };
  // A wrong date is committed (the count must survive), so the outcome is
  // a value, not a failed Status that would roll the count back.
  CARDEX_ASSIGN_OR_RETURN(int64_t outcome, Atomically(store, [&]() -> Result<int64_t> {
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows guard, store.Query("SELECT failures, locked_at FROM member_page_guard WHERE member_no = ?",
                                   {std::string_view(member)}));
    const int64_t failures = guard.empty() ? 0 : guard.Int(0, 0);
    const bool locked = !guard.empty() && !guard.Text(0, 1).empty();
    CARDEX_ASSIGN_OR_RETURN(BirthDates known, KnownBirthDates(store, member));
    if (typed && Matches(known, *typed)) {
      if (locked) return kLocked;
      if (failures > 0) {
        CARDEX_RETURN_IF_ERROR(store.Exec("DELETE FROM member_page_guard WHERE member_no = ?",
                                          {std::string_view(member)}));
      }
      return kIn;
    }
    if (locked) return kWrong;  // already locked: nothing more to count
    const int64_t now_failures = failures + 1;
    const bool locks = now_failures >= options.max_wrong_birth_dates;
    CARDEX_RETURN_IF_ERROR(store.Exec(
        "INSERT INTO member_page_guard (member_no, failures, locked_at, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (member_no) DO UPDATE SET failures = excluded.failures, "
        "locked_at = excluded.locked_at, updated_at = excluded.updated_at",
        {std::string_view(member), now_failures, locks ? now : std::string_view(""), now}));
    if (locks) {
      AuditEntry audit{std::string(now), "member:" + member, "member.page.locked", "member:" + member, "",
                       "wrong birth dates=" + std::to_string(now_failures)};
      CARDEX_RETURN_IF_ERROR(store.AppendAudit({&audit, 1}));
    }
    return kWrong;
  }));
  if (outcome == kLocked) return Status::Coded(StatusCode::kPermissionDenied, "member.locked");
  if (outcome == kWrong) return Failed();
  return member;
}

Status Unlock(Store& store, std::string_view member_no, std::string_view actor, std::string_view at) {
  CARDEX_ASSIGN_OR_RETURN(bool locked, IsLocked(store, member_no));
  if (!locked) return Status::Coded(StatusCode::kNotFound, "member.not_locked", {std::string(member_no)});
  CARDEX_RETURN_IF_ERROR(store.Exec("DELETE FROM member_page_guard WHERE member_no = ?", {member_no}));
  AuditEntry audit{std::string(at), std::string(actor), "member.page.unlocked",
                   "member:" + std::string(member_no), "locked", "open"};
  return store.AppendAudit({&audit, 1});
}

}  // namespace cardex::selfservice
