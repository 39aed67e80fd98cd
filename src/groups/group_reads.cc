// The reads the request pipeline and the unit page need about groups.
#include "cardex/groups/groups.h"

namespace cardex::groups {

Result<GroupOwner> OwnerOfGroup(Store& store, std::string_view group_code) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows r, store.Query("SELECT group_code, unit_code FROM working_groups WHERE group_code = ?",
                             {group_code}));
  if (r.empty()) return Status::Coded(StatusCode::kNotFound, "not_found.group", {std::string(group_code)});
  return GroupOwner{std::string(r.Text(0, 0)), std::string(r.Text(0, 1))};
}

Result<GroupOwner> OwnerOfFollowUp(Store& store, int64_t follow_up_id) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows r, store.Query("SELECT g.group_code, g.unit_code FROM follow_ups f "
                             "JOIN working_groups g ON g.group_code = f.group_code "
                             "WHERE f.follow_up_id = ?",
                             {follow_up_id}));
  if (r.empty()) {
    return Status::Coded(StatusCode::kNotFound, "not_found.follow_up", {std::to_string(follow_up_id)});
  }
  return GroupOwner{std::string(r.Text(0, 0)), std::string(r.Text(0, 1))};
}

Result<std::vector<Group>> GroupsOfUnit(Store& store, std::string_view unit_code) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT g.group_code, g.name, g.leader, g.unit_code FROM group_units gu "
                  "JOIN working_groups g ON g.group_code = gu.group_code WHERE gu.unit_code = ? "
                  "ORDER BY g.group_code",
                  {unit_code}));
  std::vector<Group> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    out.push_back(Group{std::string(rows.Text(i, 0)), std::string(rows.Text(i, 1)),
                        std::string(rows.Text(i, 2)), std::string(rows.Text(i, 3)), {}, {}});
  }
  return out;
}

}  // namespace cardex::groups
