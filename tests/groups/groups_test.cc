// groups/groups.h on both engines: defining, assigning, members,
// inspections with follow-ups, closing; refusals name what is wrong and
// change nothing; every change leaves one audit entry.
#include <gtest/gtest.h>

#include "cardex/auth/accounts.h"
#include "cardex/groups/groups.h"
#include "tests/support/store_backend_test.h"

namespace cardex::groups {
namespace {

using testing::StoreBackendTest;

constexpr const char* kAt = "2025-08-06T02:00:00Z";

class GroupsTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::vector<Unit> units = {{"P", "", "province", "Tỉnh P"},
                               {"P.A", "P", "commune", "Xã A"},
                               {"P.A.1", "P.A", "cell", "Chi bộ A1"},
                               {"P.B", "P", "commune", "Xã B"},
                               {"Q", "", "province", "Tỉnh Q"}};
    ASSERT_TRUE(store_->UpsertUnits(units).ok());
    for (const char* login : {"lan", "minh"}) {
      ASSERT_TRUE(CreateUser(*store_, {login, login, Role::kInspector, "P"}, "correct horse battery",
                             "test", Clock::now())
                      .ok());
    }
    ASSERT_TRUE(Atomically(*store_, [&] {
                  return DefineGroup(*store_, {"T1", "Tổ 1", "Đ/c Hùng", "P", {}, {}}, "admin", kAt);
                }).ok());
  }

  int64_t AuditCount(std::string_view subject) {
    auto rows = store_->Query("SELECT COUNT(*) FROM audit_log WHERE subject = ?", {subject});
    return rows.ok() ? rows->Int(0, 0) : -1;
  }
};

TEST_P(GroupsTest, DefineAssignAddMember) {
  ASSERT_TRUE(AssignUnit(*store_, "T1", "P.A", "admin", kAt).ok());
  ASSERT_TRUE(AssignUnit(*store_, "T1", "P.A", "admin", kAt).ok());  // again: no change
  ASSERT_TRUE(AddMember(*store_, "T1", "lan", "admin", kAt).ok());
  auto g = GetGroup(*store_, "T1");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->name, "Tổ 1");
  EXPECT_EQ(g->leader, "Đ/c Hùng");
  EXPECT_EQ(g->units, std::vector<std::string>{"P.A"});
  EXPECT_EQ(g->members, std::vector<std::string>{"lan"});
  EXPECT_EQ(AuditCount("group:T1"), 3);  // define, assign, member

  EXPECT_EQ(AssignUnit(*store_, "T1", "Q", "admin", kAt).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(AssignUnit(*store_, "T1", "NOPE", "admin", kAt).code(), StatusCode::kNotFound);
  EXPECT_EQ(AssignUnit(*store_, "T9", "P.A", "admin", kAt).code(), StatusCode::kNotFound);
  EXPECT_EQ(AddMember(*store_, "T1", "ghost", "admin", kAt).code(), StatusCode::kNotFound);
  EXPECT_EQ(DefineGroup(*store_, {"T1", "x", "", "P", {}, {}}, "admin", kAt).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(DefineGroup(*store_, {"bad code", "x", "", "P", {}, {}}, "admin", kAt).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(DefineGroup(*store_, {"T2", "", "", "P", {}, {}}, "admin", kAt).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(DefineGroup(*store_, {"T2", "x", "", "NOPE", {}, {}}, "admin", kAt).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(AuditCount("group:T1"), 3);
}

TEST_P(GroupsTest, OwnersAndAUnitsGroupsForThePipelineAndThePages) {
  ASSERT_TRUE(AssignUnit(*store_, "T1", "P.A", "admin", kAt).ok());
  auto owner = OwnerOfGroup(*store_, "T1");
  ASSERT_TRUE(owner.ok()) << owner.status().message();
  EXPECT_EQ(owner->group_code, "T1");
  EXPECT_EQ(owner->unit_code, "P");
  EXPECT_EQ(OwnerOfGroup(*store_, "T9").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(OwnerOfFollowUp(*store_, 99999).status().code(), StatusCode::kNotFound);

  Inspection in;
  in.group_code = "T1";
  in.unit_code = "P.A";
  in.inspected_on = "2025-08-06";
  in.findings = "x";
  in.follow_ups = {{0, 0, "", "", "Gửi danh sách", "lan", "2025-08-08", "open", "", ""}};
  auto recorded = Atomically(*store_, [&] { return RecordInspection(*store_, in, "lan", kAt); });
  ASSERT_TRUE(recorded.ok()) << recorded.status().message();
  auto by_follow_up = OwnerOfFollowUp(*store_, recorded->follow_ups[0].id);
  ASSERT_TRUE(by_follow_up.ok()) << by_follow_up.status().message();
  EXPECT_EQ(by_follow_up->group_code, "T1");
  EXPECT_EQ(by_follow_up->unit_code, "P");  // the group's unit, not the inspected one

  auto of_unit = GroupsOfUnit(*store_, "P.A");
  ASSERT_TRUE(of_unit.ok());
  ASSERT_EQ(of_unit->size(), 1u);
  EXPECT_EQ((*of_unit)[0].code, "T1");
  EXPECT_EQ((*of_unit)[0].name, "Tổ 1");
  EXPECT_EQ((*of_unit)[0].unit_code, "P");
  EXPECT_TRUE(GroupsOfUnit(*store_, "P.A.1")->empty());  // assigned units only
}

TEST_P(GroupsTest, InspectionsAndFollowUps) {
  ASSERT_TRUE(AssignUnit(*store_, "T1", "P.A", "admin", kAt).ok());
  Inspection in;
  in.group_code = "T1";
  in.unit_code = "P.A.1";  // below an assigned unit
  in.inspected_on = "2025-08-06";
  in.findings = "Chi bộ chưa gửi danh sách bổ sung";
  in.follow_ups = {{0, 0, "", "", "Gửi danh sách", "lan", "2025-08-08", "open", "", ""},
                   {0, 0, "", "", "Gọi lại 3 đảng viên", "minh", "2025-08-07", "open", "", ""}};
  auto recorded = Atomically(*store_, [&] { return RecordInspection(*store_, in, "lan", kAt); });
  ASSERT_TRUE(recorded.ok()) << recorded.status().message();
  ASSERT_EQ(recorded->follow_ups.size(), 2u);
  EXPECT_GT(recorded->follow_ups[0].id, 0);
  EXPECT_EQ(AuditCount("inspection:" + std::to_string(recorded->id)), 1);

  auto list = GroupInspections(*store_, "T1");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->rows.size(), 1u);
  EXPECT_EQ(list->total, 1u);
  EXPECT_EQ(list->rows[0].findings, in.findings);
  EXPECT_EQ(list->rows[0].follow_ups.size(), 2u);

  auto mine = OpenFollowUpsOf(*store_, "lan");
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->rows.size(), 1u);
  EXPECT_EQ(mine->rows[0].unit_code, "P.A.1");
  const int64_t id = mine->rows[0].id;
  ASSERT_TRUE(CloseFollowUp(*store_, id, "lan", "2025-08-07T01:00:00Z").ok());
  EXPECT_EQ(CloseFollowUp(*store_, id, "lan", kAt).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(CloseFollowUp(*store_, 99999, "lan", kAt).code(), StatusCode::kNotFound);
  auto closed = GetFollowUp(*store_, id);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ(closed->status, "done");
  EXPECT_EQ(closed->closed_by, "lan");
  EXPECT_EQ(closed->closed_at, "2025-08-07T01:00:00Z");
  EXPECT_TRUE(OpenFollowUpsOf(*store_, "lan")->rows.empty());
  EXPECT_EQ(AuditCount("follow_up:" + std::to_string(id)), 1);
}

// Issue 15: lists a person sees are read a page at a time, newest first, each
// inspection with its own follow-ups only, and say how many there are.
TEST_P(GroupsTest, InspectionsAndFollowUpsAreReadAPageAtATime) {
  ASSERT_TRUE(AssignUnit(*store_, "T1", "P.A", "admin", kAt).ok());
  for (int day = 1; day <= 7; ++day) {
    Inspection in;
    in.group_code = "T1";
    in.unit_code = "P.A.1";
    in.inspected_on = "2025-08-0" + std::to_string(day);
    in.findings = "lần " + std::to_string(day);
    in.follow_ups = {{0, 0, "", "", "việc " + std::to_string(day), "lan", in.inspected_on, "open", "", ""}};
    ASSERT_TRUE(Atomically(*store_, [&] { return RecordInspection(*store_, in, "lan", kAt); }).ok());
  }
  auto second = GroupInspections(*store_, "T1", RowWindow::Page(1, 3));
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_EQ(second->total, 7u);
  EXPECT_EQ(second->offset, 3u);
  ASSERT_EQ(second->rows.size(), 3u);
  EXPECT_EQ(second->rows[0].findings, "lần 4");  // newest first: 7 6 5 | 4 3 2 | 1
  EXPECT_EQ(second->after(), 1u);
  for (const Inspection& in : second->rows) {
    ASSERT_EQ(in.follow_ups.size(), 1u);
    EXPECT_EQ(in.follow_ups[0].text, "việc " + in.findings.substr(in.findings.rfind(' ') + 1));
  }
  auto last = GroupInspections(*store_, "T1", RowWindow::Page(2, 3));
  ASSERT_TRUE(last.ok());
  ASSERT_EQ(last->rows.size(), 1u);
  EXPECT_EQ(last->after(), 0u);
  auto beyond = GroupInspections(*store_, "T1", RowWindow::Page(9, 3));
  ASSERT_TRUE(beyond.ok());
  EXPECT_TRUE(beyond->rows.empty());
  EXPECT_EQ(beyond->total, 7u);

  auto mine = OpenFollowUpsOf(*store_, "lan", RowWindow::Page(0, 2));
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->rows.size(), 2u);
  EXPECT_EQ(mine->total, 7u);
  EXPECT_EQ(mine->rows[0].due_on, "2025-08-01");  // earliest due first
  EXPECT_EQ(mine->after(), 5u);
}

TEST_P(GroupsTest, RefusedInspectionsWriteNothing) {
  ASSERT_TRUE(AssignUnit(*store_, "T1", "P.A", "admin", kAt).ok());
  Inspection in;
  in.group_code = "T1";
  in.unit_code = "P.A.1";
  in.inspected_on = "2025-08-06";
  in.findings = "ok";
  auto refuse = [&](Inspection bad, StatusCode code) {
    Transaction tx(*store_);
    ASSERT_TRUE(tx.Begin().ok());
    EXPECT_EQ(RecordInspection(*store_, bad, "lan", kAt).status().code(), code);
  };
  Inspection other = in;
  other.unit_code = "P.B";  // not assigned
  refuse(other, StatusCode::kInvalidArgument);
  Inspection bad_date = in;
  bad_date.inspected_on = "2025-02-30";
  refuse(bad_date, StatusCode::kInvalidArgument);
  Inspection no_findings = in;
  no_findings.findings.clear();
  refuse(no_findings, StatusCode::kInvalidArgument);
  Inspection ghost_owner = in;
  ghost_owner.follow_ups = {{0, 0, "", "", "x", "ghost", "2025-08-08", "open", "", ""}};
  refuse(ghost_owner, StatusCode::kInvalidArgument);
  Inspection no_group = in;
  no_group.group_code = "T9";
  refuse(no_group, StatusCode::kNotFound);
  auto rows = store_->Query("SELECT COUNT(*) FROM inspections");
  EXPECT_EQ(rows->Int(0, 0), 0);
}

TEST_P(GroupsTest, LoadGroupGrantsReadsMembershipAndUnits) {
  ASSERT_TRUE(AssignUnit(*store_, "T1", "P.A", "admin", kAt).ok());
  ASSERT_TRUE(AssignUnit(*store_, "T1", "P.B", "admin", kAt).ok());
  ASSERT_TRUE(AddMember(*store_, "T1", "lan", "admin", kAt).ok());
  ASSERT_TRUE(DefineGroup(*store_, {"T2", "Tổ 2", "", "P", {}, {}}, "admin", kAt).ok());
  ASSERT_TRUE(AddMember(*store_, "T2", "lan", "admin", kAt).ok());
  Principal lan{"lan", "", Role::kInspector, "P", {}};
  ASSERT_TRUE(LoadGroupGrants(*store_, &lan).ok());
  ASSERT_EQ(lan.groups.size(), 2u);
  EXPECT_EQ(lan.groups[0].group_code, "T1");
  EXPECT_EQ(lan.groups[0].units, (std::vector<std::string>{"P.A", "P.B"}));
  EXPECT_EQ(lan.groups[1].group_code, "T2");
  EXPECT_TRUE(lan.groups[1].units.empty());
  Principal minh{"minh", "", Role::kInspector, "P", {}};
  ASSERT_TRUE(LoadGroupGrants(*store_, &minh).ok());
  EXPECT_TRUE(minh.groups.empty());
}

INSTANTIATE_TEST_SUITE_P(Groups, GroupsTest, ::cardex::testing::kBothBackends,
                         ::cardex::testing::BackendName);

}  // namespace
}  // namespace cardex::groups
