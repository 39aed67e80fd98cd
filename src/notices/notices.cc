#include "cardex/notices/notices.h"

#include <algorithm>
#include <unordered_map>

#include "cardex/core/dates.h"
#include "cardex/core/exchange.h"
#include "cardex/notices/clock.h"
#include "cardex/notices/notice_rules.h"
#include "cardex/store/audit_chain.h"
#include "cardex/store/sql.h"

namespace cardex::notices {
namespace {

// A unit's subtree, for statements limited to one (`sub(code)`).
constexpr std::string_view kSubtreeCte =
    "WITH RECURSIVE sub (code, depth) AS (SELECT code, 0 FROM units WHERE code = ?"
    " UNION ALL SELECT u.code, s.depth + 1 FROM units u JOIN sub s ON u.parent_code = s.code"
    " WHERE s.depth < 32) ";

struct Told {
  NoticeKind kind;
  std::string code, slot_start, prepared_at;
};

// "YYYY-MM-DDTHH:MM" local of an instant: slots compare as text.
std::string LocalSlotText(int64_t seconds) {
  return UtcText(seconds + 7 * 3600).substr(0, 16);
}

Result<int64_t> Now(std::string_view now) {
  if (now.empty()) return ParseUtc(UtcNowText());
  return ParseUtc(now);
}

}  // namespace

std::optional<std::string> NormalisePhone(std::string_view recorded) {
  std::string digits;
  bool plus = false;
  for (char c : recorded) {
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c == '+' && digits.empty() && !plus) {
      plus = true;
    } else if (c != ' ' && c != '.' && c != '-' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  std::string national;  // the 9 digits after 0 / 84
  if (!plus && digits.size() == 10 && digits[0] == '0') {
    national = digits.substr(1);
  } else if (digits.size() == 11 && digits.starts_with("84")) {
    national = digits.substr(2);
  } else {
    return std::nullopt;
  }
  if (std::string_view("35789").find(national[0]) == std::string_view::npos) return std::nullopt;
  return "+84" + national;
}

std::string MaskPhone(std::string_view normalised) {
  if (normalised.size() != 12) return "";
  // Shown as the member knows it: 0 and nine digits, the middle hidden.
  std::string local = "0" + std::string(normalised.substr(3));
  return local.substr(0, 3) + "****" + local.substr(7);
}

std::string NoticeKey(std::string_view member_no, NoticeKind kind, std::string_view code) {
  return std::string(member_no) + "/" + std::string(KindName(kind)) + "/" + std::string(code);
}

std::string MessageId(std::string_view notice_key) {
  return Sha256Hex(std::string("cardex-notice-v1:") + std::string(notice_key)).substr(0, 32);
}

int64_t PrepareReport::Total() const {
  int64_t n = 0;
  for (const auto& [kind, count] : prepared) n += count;
  return n;
}

Result<PrepareReport> PrepareNotices(Store& store, const PrepareOptions& options) {
  CARDEX_ASSIGN_OR_RETURN(const int64_t now, Now(options.now));
  const std::string now_text = UtcText(now);
  const std::string local_now = LocalSlotText(now);
  const Date today = LocalDay(now);
  const bool scoped = !options.unit_code.empty();
  const std::string scope = scoped ? std::string(kSubtreeCte) : std::string();
  const std::string in_scope = scoped ? " AND a.unit_code IN (SELECT code FROM sub)" : "";
  const size_t slice = std::max<size_t>(options.slice, 1);
  PrepareReport report;
  static const std::vector<Told> kNone;
  // A slice of members at a time, each in its own transaction: a national
  // run neither holds millions of rows in memory nor keeps the desks'
  // writes waiting for long. Every insert is idempotent, so a run stopped
  // part-way is finished by the next.
  std::string after;  // the last member_no of the previous slice
  for (;;) {
    Transaction txn(store);
    CARDEX_RETURN_IF_ERROR(txn.Begin());
    std::vector<SqlParam> params;
    if (scoped) params.emplace_back(std::string_view(options.unit_code));
    params.emplace_back(std::string_view(local_now));
    params.emplace_back(std::string_view(after));
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows rows,
        store.Query(scope +
                        "SELECT a.member_no, a.unit_code, a.station_code, a.slot_start, a.slot_end, "
                        "a.mode, a.invitation_code, m.phone, e.state, e.reason, s.name "
                        "FROM appointments a JOIN members m ON m.member_no = a.member_no "
                        "LEFT JOIN exchange e ON e.member_no = a.member_no "
                        "LEFT JOIN stations s ON s.code = a.station_code "
                        "WHERE a.slot_start > ? AND a.member_no > ?" + in_scope +
                        " ORDER BY a.member_no LIMIT " + std::to_string(slice),
                    params));
    if (rows.empty()) break;
    const std::string first(rows.Text(0, 0));
    after = std::string(rows.Text(rows.size() - 1, 0));
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows told_rows,
        store.Query("SELECT member_no, kind, invitation_code, slot_start, prepared_at FROM notices "
                    "WHERE member_no >= ? AND member_no <= ? ORDER BY prepared_at, notice_key",
                    {std::string_view(first), std::string_view(after)}));
    std::unordered_map<std::string, std::vector<Told>> told;
    for (size_t r = 0; r < told_rows.size(); ++r) {
      auto kind = ParseKind(told_rows.Text(r, 1));
      if (!kind) continue;
      told[std::string(told_rows.Text(r, 0))].push_back(
          {*kind, std::string(told_rows.Text(r, 2)), std::string(told_rows.Text(r, 3)),
           std::string(told_rows.Text(r, 4))});
    }
    for (size_t r = 0; r < rows.size(); ++r) {
      const std::string member(rows.Text(r, 0));
      const std::string slot_start(rows.Text(r, 3));
      const std::string code(rows.Text(r, 6));
      const std::string mode(rows.Text(r, 5));
      ExchangeState state = StateBeforeFirstStep(mode);
      if (!rows.IsNull(r, 8)) {
        if (auto parsed = ParseState(rows.Text(r, 8))) state = *parsed;
      }
      auto slot = ParseLocal(slot_start);
      if (!slot.ok()) continue;  // not a slot: nothing can be said of it

      MemberNoticeFacts f;
      f.plannable = WhyNotPlannable(state, rows.Text(r, 9)).empty();
      f.ahead = *slot > now;
      f.days_ahead = LocalDay(*slot).days() - today.days();
      f.missed = state == ExchangeState::kRescheduled;
      auto it = told.find(member);
      const std::vector<Told>& mine = it == told.end() ? kNone : it->second;
      const Told* last_earlier = nullptr;
      for (const Told& t : mine) {
        if (t.code == code) {
          if (t.kind == NoticeKind::kReminder) {
            f.reminded = true;
          } else {
            f.told = true;
            auto at = ParseUtc(t.prepared_at);
            if (at.ok() && LocalDay(*at) >= today) f.told_today = true;
          }
        } else if (t.kind != NoticeKind::kReminder) {
          f.told_earlier = true;
          last_earlier = &t;  // rows come in preparation order
        }
      }
      if (last_earlier != nullptr) {
        auto earlier = ParseLocal(last_earlier->slot_start);
        f.earlier_passed = earlier.ok() && *earlier <= now;
      }
      const std::optional<NoticeKind> due = DueNotice(f);
      if (!due) continue;
      const std::optional<std::string> phone = NormalisePhone(rows.Text(r, 7));
      if (!phone) {
        ++report.no_phone;
        continue;
      }
      NoticeFacts facts;
      facts.kind = *due;
      facts.mode = mode;
      facts.station_name =
          rows.IsNull(r, 10) ? std::string(rows.Text(r, 2)) : std::string(rows.Text(r, 10));
      facts.slot_start = slot_start;
      facts.slot_end = std::string(rows.Text(r, 4));
      facts.invitation_code = code;
      auto text = NoticeText(facts);
      if (!text.ok()) continue;  // a slot or code no notice can carry: the secretary sees the member
      const std::string key = NoticeKey(member, *due, code);
      const std::string id = MessageId(key);
      const std::string kind(KindName(*due));
      const std::string unit(rows.Text(r, 1));
      CARDEX_ASSIGN_OR_RETURN(
          SqlRows done,
          store.Query("INSERT INTO notices (notice_key, message_id, member_no, unit_code, kind, "
                      "invitation_code, slot_start, phone, body, prepared_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (notice_key) DO NOTHING",
                      {std::string_view(key), std::string_view(id), std::string_view(member),
                       std::string_view(unit), std::string_view(kind), std::string_view(code),
                       std::string_view(slot_start), std::string_view(*phone),
                       std::string_view(*text), std::string_view(now_text)}));
      if (done.affected() == 0) {
        ++report.already;
      } else {
        ++report.prepared[*due];
      }
    }
    CARDEX_RETURN_IF_ERROR(txn.Commit());
    if (rows.size() < slice) break;
  }
  return report;
}

Result<std::pair<int64_t, int64_t>> RetireStale(Store& store, std::string_view now_utc) {
  CARDEX_ASSIGN_OR_RETURN(const int64_t now, Now(now_utc));
  const std::string local_now = LocalSlotText(now);
  Transaction txn(store);
  CARDEX_RETURN_IF_ERROR(txn.Begin());
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows superseded,
      store.Query("UPDATE notices SET state = 'superseded' WHERE state = 'pending' AND NOT EXISTS "
                  "(SELECT 1 FROM appointments a WHERE a.member_no = notices.member_no "
                  "AND a.invitation_code = notices.invitation_code)"));
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows expired,
      store.Query("UPDATE notices SET state = 'expired' WHERE state = 'pending' AND slot_start <= ?",
                  {std::string_view(local_now)}));
  CARDEX_RETURN_IF_ERROR(txn.Commit());
  return std::make_pair(superseded.affected(), expired.affected());
}

Result<std::vector<Outgoing>> PendingNotices(Store& store, int64_t limit) {
  const std::string n = std::to_string(limit);
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT message_id, kind, phone, body, slot_start, attempts FROM notices "
                  "WHERE state = 'pending' ORDER BY prepared_at, notice_key LIMIT " + n));
  std::vector<Outgoing> out;
  out.reserve(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    out.push_back({std::string(rows.Text(r, 0)), std::string(rows.Text(r, 1)),
                   std::string(rows.Text(r, 2)), std::string(rows.Text(r, 3)),
                   std::string(rows.Text(r, 4)), rows.Int(r, 5)});
  }
  return out;
}

Status RecordAttempt(Store& store, std::string_view message_id, std::string_view error) {
  return store.Exec("UPDATE notices SET attempts = attempts + 1, error = ? WHERE message_id = ?",
                    {error, message_id});
}

Result<bool> FinishPending(Store& store, std::string_view message_id, std::string_view state,
                           std::string_view at, std::string_view error, std::string_view batch) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows done,
      store.Query("UPDATE notices SET state = ?, sent_at = ?, error = ?, batch = ? "
                  "WHERE message_id = ? AND state = 'pending'",
                  {state, at, error, batch, message_id}));
  return done.affected() > 0;
}

std::string_view UnreachedName(Unreached why) {
  switch (why) {
    case Unreached::kNoPhone: return "no_phone";
    case Unreached::kNotPrepared: return "not_prepared";
    case Unreached::kWaiting: return "waiting";
    case Unreached::kAwaitingReport: return "awaiting_report";
    case Unreached::kFailed: return "failed";
  }
  return "";
}

Result<std::vector<UnreachedMember>> NotReached(Store& store, std::string_view cell_code,
                                                std::string_view now_utc) {
  CARDEX_ASSIGN_OR_RETURN(const int64_t now, Now(now_utc));
  const std::string local_now = LocalSlotText(now);
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT a.member_no, m.full_name, m.phone, a.slot_start, a.mode, e.state, e.reason, "
                  "n.state, n.error, n.kind "
                  "FROM appointments a JOIN members m ON m.member_no = a.member_no "
                  "LEFT JOIN exchange e ON e.member_no = a.member_no "
                  "LEFT JOIN notices n ON n.member_no = a.member_no "
                  "AND n.invitation_code = a.invitation_code "
                  "WHERE a.unit_code = ? AND a.slot_start > ? ORDER BY a.member_no",
                  {cell_code, std::string_view(local_now)}));
  std::vector<UnreachedMember> out;
  for (size_t r = 0; r < rows.size();) {
    const std::string_view member = rows.Text(r, 0);
    ExchangeState state = StateBeforeFirstStep(rows.Text(r, 4));
    if (!rows.IsNull(r, 5)) {
      if (auto parsed = ParseState(rows.Text(r, 5))) state = *parsed;
    }
    const bool plannable = WhyNotPlannable(state, rows.Text(r, 6)).empty();
    // The member's notices of the current appointment: reached when one
    // went out; else the most hopeful state tells why not.
    bool reached = false, waiting = false, awaiting = false, failed = false;
    std::string error;
    size_t end = r;
    for (; end < rows.size() && rows.Text(end, 0) == member; ++end) {
      if (rows.IsNull(end, 7)) continue;
      const std::string_view s = rows.Text(end, 7);
      if (s == "sent" || s == "delivered") reached = true;
      if (s == "pending") waiting = true;
      if (s == "exported") awaiting = true;
      if (s == "failed") {
        failed = true;
        error = rows.Text(end, 8);
      }
    }
    if (plannable && !reached) {
      UnreachedMember u;
      u.member_no = std::string(member);
      u.full_name = std::string(rows.Text(r, 1));
      const auto phone = NormalisePhone(rows.Text(r, 2));
      u.phone_masked = phone ? MaskPhone(*phone) : "";
      u.slot_start = std::string(rows.Text(r, 3));
      u.why = !phone      ? Unreached::kNoPhone
              : awaiting  ? Unreached::kAwaitingReport
              : waiting   ? Unreached::kWaiting
              : failed    ? Unreached::kFailed
                          : Unreached::kNotPrepared;
      if (u.why == Unreached::kFailed) u.error = error;
      out.push_back(std::move(u));
    }
    r = end;
  }
  return out;
}

}  // namespace cardex::notices
