// Working groups: inspection groups, the units assigned to them, their
// members (accounts), the inspections they record and the follow-ups those
// ask for (issue 6).
//
// A group works inside the subtree of its `unit_code` (a province or a
// commune): the units assigned to it must lie there, and whoever manages
// working groups on that unit (manage_working_groups) manages the group.
// Its members get read access to their assigned units and may record the
// group's inspections and close its follow-ups: that rule is auth's
// (authorize.h, GroupGrant), not this file's.
//
// Transactions: every function that writes runs inside the caller's open
// transaction (Store::Begin or a Transaction first), so an HTTP handler can
// commit it with its idempotency record; Atomically() runs one in a
// transaction of its own. On an error the caller rolls back.
//
// Audit: every change appends one entry: actions group.define,
// group.assign_unit, group.add_member (subject "group:CODE"),
// inspection.record (subject "inspection:ID"), follow_up.close (subject
// "follow_up:ID"). Times `at` are UTC "YYYY-MM-DDTHH:MM:SSZ"; dates
// "YYYY-MM-DD".
//
// Thread safety: functions take the caller's Store (one per thread).
#ifndef CARDEX_GROUPS_GROUPS_H_
#define CARDEX_GROUPS_GROUPS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/row_page.h"
#include "cardex/core/status.h"
#include "cardex/store/atomically.h"
#include "cardex/store/store.h"

namespace cardex::groups {

struct Group {
  std::string code;       // 1-32 of [A-Za-z0-9._-]
  std::string name;       // free text, not empty
  std::string leader;     // the leader's name, free text
  std::string unit_code;  // the subtree the group works in
  // Filled by the reads, ignored by DefineGroup.
  std::vector<std::string> units;    // assigned, by code
  std::vector<std::string> members;  // logins, sorted
};

struct FollowUp {
  int64_t id = 0, inspection_id = 0;
  std::string group_code;
  std::string unit_code;  // the inspected unit (from the inspection)
  std::string text, owner, due_on;
  std::string status = "open";  // "open" or "done"
  std::string closed_by, closed_at;
};

struct Inspection {
  int64_t id = 0;
  std::string group_code, unit_code, inspected_on, findings;
  std::string recorded_by, recorded_at;
  std::vector<FollowUp> follow_ups;  // RecordInspection reads text, owner, due_on
};

// kInvalidArgument for a bad code or an empty name, an unknown unit;
// kAlreadyExists when the code is taken.
Status DefineGroup(Store& store, const Group& group, std::string_view actor, std::string_view at);

// kNotFound for an unknown group or unit; kInvalidArgument when the unit is
// outside the group's subtree. Assigning an assigned unit again is Ok and
// changes nothing (no audit entry).
Status AssignUnit(Store& store, std::string_view group_code, std::string_view unit_code,
                  std::string_view actor, std::string_view at);

// kNotFound for an unknown group or login. Idempotent like AssignUnit.
Status AddMember(Store& store, std::string_view group_code, std::string_view login,
                 std::string_view actor, std::string_view at);

// Records the inspection and its follow-ups; returns it with the ids.
// kInvalidArgument when the unit is not assigned to the group (or below an
// assigned unit), the date or a due date is not YYYY-MM-DD, the findings
// or a follow-up's text is empty, or an owner is not an account.
Result<Inspection> RecordInspection(Store& store, const Inspection& inspection,
                                    std::string_view actor, std::string_view at);

// Marks the follow-up done by `actor` at `at`. kNotFound for an unknown id,
// kFailedPrecondition when it is already done.
Status CloseFollowUp(Store& store, int64_t follow_up_id, std::string_view actor,
                     std::string_view at);

// Reads. kNotFound for an unknown group / follow-up.
Result<Group> GetGroup(Store& store, std::string_view group_code);
Result<std::vector<Group>> ListGroups(Store& store);  // by code
// The group's inspections, newest day first, each with its follow-ups;
// `window` picks the rows (all by default), `total` counts them all.
Result<RowPage<Inspection>> GroupInspections(Store& store, std::string_view group_code,
                                             RowWindow window = {});
Result<FollowUp> GetFollowUp(Store& store, int64_t follow_up_id);
// The open follow-ups owned by `login`, earliest due first, in `window`.
Result<RowPage<FollowUp>> OpenFollowUpsOf(Store& store, std::string_view login,
                                          RowWindow window = {});

// The group a request acts on and the unit it works in, for Authorize
// (the pipeline's target). kNotFound for an unknown group / follow-up.
struct GroupOwner {
  std::string group_code, unit_code;
};
Result<GroupOwner> OwnerOfGroup(Store& store, std::string_view group_code);
Result<GroupOwner> OwnerOfFollowUp(Store& store, int64_t follow_up_id);

// The groups `unit_code` is assigned to, by code (their `units` and
// `members` are not filled).
Result<std::vector<Group>> GroupsOfUnit(Store& store, std::string_view unit_code);

// store/atomically.h: `fn` in a transaction of its own.
using ::cardex::Atomically;

}  // namespace cardex::groups

#endif  // CARDEX_GROUPS_GROUPS_H_
