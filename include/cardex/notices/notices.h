// The notices due to members (issue 21; docs/notices.md): prepared from the
// stored appointments, kept in `notices` (schema v17) once per idempotency
// key, sent by sender.h or written to a batch file (batch_file.h), and
// read back for the cell secretary: who has not been reached.
//
// Errors: store failures as the store reports them; kInvalidArgument for a
// `now` that is not UTC text. Nothing here logs: notices carry phone
// numbers and names.
//
// Thread safety: functions are safe to call concurrently on different
// stores (connections); two preparations racing on one database prepare
// each notice once (the key is unique; the second insert does nothing).
#ifndef CARDEX_NOTICES_NOTICES_H_
#define CARDEX_NOTICES_NOTICES_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/notices/notice_text.h"
#include "cardex/store/store.h"

namespace cardex::notices {

// A Vietnamese mobile number as the gateway wants it, "+84" and 9 digits,
// from what members.csv holds ("0912 345 678", "84912345678",
// "+84 912.345.678"); nullopt for anything else (a landline cannot take an
// SMS: mobile numbers start 03, 05, 07, 08 or 09).
std::optional<std::string> NormalisePhone(std::string_view recorded);
// "091****678": a number on a page (the role rules mask ids in lists).
std::string MaskPhone(std::string_view normalised);

// "MEMBER/KIND/CODE": one notice of one appointment (its invitation code),
// the idempotency key. The message id is its hash (the gateway's key).
std::string NoticeKey(std::string_view member_no, NoticeKind kind, std::string_view code);
std::string MessageId(std::string_view notice_key);

struct PrepareOptions {
  std::string now;        // UTC "YYYY-MM-DDTHH:MM:SSZ"; "" for the clock's
  std::string unit_code;  // only this unit's subtree; "" for every member
  size_t slice = 5000;    // members per transaction
};

struct PrepareReport {
  std::map<NoticeKind, int64_t> prepared;  // new notices by kind
  int64_t no_phone = 0;  // members due a notice with no mobile number to send it to
  int64_t already = 0;   // due, but already prepared (a preparation racing this one)
  int64_t Total() const;
};

// Prepares every notice due now (notice_rules.h) for members holding an
// appointment still ahead, `slice` members per transaction (in member_no
// order): each new row `pending`, its text made by NoticeText. Running it
// again prepares nothing new; a run that failed part-way is completed by
// the next.
Result<PrepareReport> PrepareNotices(Store& store, const PrepareOptions& options);

// A notice to send or export.
struct Outgoing {
  std::string message_id;
  std::string kind;
  std::string phone;  // +84...
  std::string body;
  std::string slot_start;  // local; the notice is stale from then on
  int64_t attempts = 0;
};

// Before anything goes out: pending notices whose appointment changed
// (the member holds another code now) become `superseded`, those whose
// appointment began `expired`; returns {superseded, expired}.
Result<std::pair<int64_t, int64_t>> RetireStale(Store& store, std::string_view now_utc);

// Pending notices in preparation order, at most `limit`.
Result<std::vector<Outgoing>> PendingNotices(Store& store, int64_t limit);

// One try at the gateway was made (its outcome follows or not).
Status RecordAttempt(Store& store, std::string_view message_id, std::string_view error);
// pending → `state` ("sent", "delivered", "failed", "exported") at `at`;
// false when the notice was not pending (already sent: a duplicate
// answer changes nothing).
Result<bool> FinishPending(Store& store, std::string_view message_id, std::string_view state,
                           std::string_view at, std::string_view error = "",
                           std::string_view batch = "");

// Why a member of a cell has not been reached.
enum class Unreached {
  kNoPhone,        // no mobile number recorded
  kNotPrepared,    // no notice of the current appointment yet
  kWaiting,        // prepared, not sent yet (quiet hours, the gateway down)
  kAwaitingReport, // in a batch file, no delivery report yet
  kFailed,         // the gateway refused it or reported it undelivered
};
std::string_view UnreachedName(Unreached why);

struct UnreachedMember {
  std::string member_no;
  std::string full_name;     // as recorded
  std::string phone_masked;  // MaskPhone, "" without a number
  std::string slot_start;    // the current appointment (local)
  Unreached why = Unreached::kNotPrepared;
  std::string error;         // the gateway's word for kFailed
};

// The members of `cell_code` with an appointment still ahead who may still
// come and have not been reached about it: no notice of it sent or
// delivered. In member_no order (the page puts them in a Vietnamese
// list's order).
Result<std::vector<UnreachedMember>> NotReached(Store& store, std::string_view cell_code,
                                                std::string_view now_utc = "");

}  // namespace cardex::notices

#endif  // CARDEX_NOTICES_NOTICES_H_
