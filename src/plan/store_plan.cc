// StorePlan (appointments.h): a whole plan into the store, in member_no
// order and a batch at a time, with codes unique in the stored plan.
#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include "cardex/plan/appointments.h"

namespace cardex::plan {
namespace {

constexpr size_t kBatchRows = 8192;

// The codes given so far, as 50-bit values: open addressing with linear
// probing (the values are hash outputs, so their low bits spread well).
class CodeSet {
 public:
  explicit CodeSet(size_t expected) {
    size_t capacity = 16;
    while (capacity < expected + expected / 2) capacity <<= 1;
    slots_.assign(capacity, 0);
    mask_ = capacity - 1;
  }
  // False when `value` is there already.
  bool Insert(uint64_t value) {
    const uint64_t stored = value + 1;  // 0 marks a free slot
    for (size_t i = value & mask_;; i = (i + 1) & mask_) {
      if (slots_[i] == stored) return false;
      if (slots_[i] == 0) {
        slots_[i] = stored;
        return true;
      }
    }
  }

 private:
  std::vector<uint64_t> slots_;
  size_t mask_ = 0;
};

// "YYYY-MM-DDTHH:MM" of the minutes in the window, each formatted once: a
// station's slot times repeat across its counters and cells.
class MinuteText {
 public:
  MinuteText(Date from, Date to)
      : first_(static_cast<int64_t>(from.days()) * 1440),
        text_(static_cast<size_t>((static_cast<int64_t>(to.days()) - from.days() + 2) * 1440)) {}
  const std::string& Of(int64_t minute) {
    const int64_t i = minute - first_;
    if (i < 0 || i >= static_cast<int64_t>(text_.size())) {
      spare_ = FormatLocalMinute(minute);
      return spare_;
    }
    std::string& text = text_[static_cast<size_t>(i)];
    if (text.empty()) text = FormatLocalMinute(minute);
    return text;
  }

 private:
  int64_t first_;
  std::vector<std::string> text_;
  std::string spare_;
};

}  // namespace

Status StorePlan(Store& store, const PlanInput& input, const PlanOutput& output, const InvitationKey& key,
                 int64_t plan_run, std::span<const StoredAppointment> kept) {
  // The output groups appointments by cell; a cell's members are in
  // member_no order and cells usually hold runs of member numbers, so cells
  // ordered by their first member give member_no order without a sort.
  std::vector<size_t> cell_offset(input.cells.size() + 1, 0);
  for (size_t c = 0; c < input.cells.size(); ++c) {
    cell_offset[c + 1] = cell_offset[c] + input.cells[c].members.size();
  }
  std::vector<int32_t> appointment_of(cell_offset.back(), -1);
  for (size_t i = 0; i < output.appointments.size(); ++i) {
    const Appointment& a = output.appointments[i];
    int32_t& slot = appointment_of[cell_offset[a.cell] + static_cast<size_t>(a.member)];
    if (slot >= 0) return Status::InvalidArgument("StorePlan: a member has two appointments");
    slot = static_cast<int32_t>(i);
  }
  std::vector<int32_t> cells;
  for (size_t c = 0; c < input.cells.size(); ++c) {
    if (!input.cells[c].members.empty()) cells.push_back(static_cast<int32_t>(c));
  }
  std::sort(cells.begin(), cells.end(), [&](int32_t a, int32_t b) {
    return input.cells[a].members.front().member_no < input.cells[b].members.front().member_no;
  });
  auto member_of = [&](int32_t i) -> const std::string& {
    const Appointment& a = output.appointments[static_cast<size_t>(i)];
    return input.cells[a.cell].members[a.member].member_no;
  };
  std::vector<int32_t> planned;
  planned.reserve(output.appointments.size());
  for (int32_t c : cells) {
    for (size_t m = cell_offset[c]; m < cell_offset[c + 1]; ++m) {
      if (appointment_of[m] >= 0) planned.push_back(appointment_of[m]);
    }
  }
  std::vector<int32_t>().swap(appointment_of);
  auto by_member = [&](int32_t a, int32_t b) { return member_of(a) < member_of(b); };
  if (!std::is_sorted(planned.begin(), planned.end(), by_member)) {
    std::sort(planned.begin(), planned.end(), by_member);
  }
  std::vector<const StoredAppointment*> stay;
  stay.reserve(kept.size());
  for (const StoredAppointment& r : kept) stay.push_back(&r);
  std::sort(stay.begin(), stay.end(),
            [](const StoredAppointment* a, const StoredAppointment* b) { return a->member_no < b->member_no; });

  // Kept codes first: they must not change.
  CodeSet codes(planned.size() + stay.size());
  for (const StoredAppointment* r : stay) {
    if (auto value = InvitationCodeValue(r->invitation_code)) codes.Insert(*value);
  }

  MinuteText minutes(input.from, input.to);
  std::vector<StoredAppointment> batch(kBatchRows);
  size_t used = 0;
  auto flush = [&]() -> Status {
    Status s = store.UpsertAppointments(std::span<const StoredAppointment>(batch.data(), used));
    used = 0;
    return s;
  };
  std::string last_member;
  CARDEX_RETURN_IF_ERROR(store.BeginReplaceAppointments(plan_run));
  for (size_t p = 0, k = 0; p < planned.size() || k < stay.size();) {
    const bool take_kept =
        p == planned.size() || (k < stay.size() && stay[k]->member_no < member_of(planned[p]));
    StoredAppointment& r = batch[used];
    if (take_kept) {
      r = *stay[k++];
    } else {
      const Appointment& a = output.appointments[static_cast<size_t>(planned[p++])];
      const CellInput& cell = input.cells[a.cell];
      r.member_no = cell.members[a.member].member_no;
      r.unit_code = cell.unit_code;
      r.station_code = input.stations[a.station].code;
      r.slot_start = minutes.Of(a.start);
      r.slot_end = minutes.Of(a.end);
      r.mode = ModeName(a.mode);
      r.status = "invited";
      r.planned_at.clear();
      uint64_t value = InvitationValue(key, r.member_no, r.station_code, r.slot_start, r.mode, 0);
      for (int salt = 1; !codes.Insert(value); ++salt) {
        value = InvitationValue(key, r.member_no, r.station_code, r.slot_start, r.mode, salt);
      }
      r.invitation_code = FormatInvitationCode(value);
    }
    r.plan_run = plan_run;
    if (!last_member.empty() && last_member == r.member_no) {
      return Status::InvalidArgument("StorePlan: a member has two appointments");
    }
    last_member = r.member_no;
    if (++used == batch.size()) CARDEX_RETURN_IF_ERROR(flush());
  }
  if (used > 0) CARDEX_RETURN_IF_ERROR(flush());
  CARDEX_RETURN_IF_ERROR(store.EndReplaceAppointments());
  // The plan in the audit log, in the caller's transaction with its rows.
  AuditEntry audit{"", "cli", "plan.store", "plan_run:" + std::to_string(plan_run), "",
                   std::to_string(output.appointments.size()) + " appointments planned, " +
                       std::to_string(kept.size()) + " kept"};
  return store.AppendAudit({&audit, 1});
}

}  // namespace cardex::plan
