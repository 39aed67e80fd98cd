// plan/runs.h: the workflows of `cardex plan` on a store, on both engines.
// A commune P.C with cells P.C.1 (M1..M4) and P.C.2 (M5, M6), station S (one
// counter, 10 minutes) open 08:00-09:00 (six slots) on 5 and 6 August.
#include "cardex/plan/runs.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "cardex/intake/exchange.h"
#include "cardex/progress/daily.h"
#include "cardex/store/sql.h"
#include "tests/support/store_backend_test.h"

namespace cardex::plan {
namespace {

using testing::StoreBackendTest;

class RunsTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::vector<Unit> units = {{"P", "", "province", "Tỉnh P"},
                               {"P.C", "P", "commune", "Xã C"},
                               {"P.C.1", "P.C", "cell", "Chi bộ 1"},
                               {"P.C.2", "P.C", "cell", "Chi bộ 2"}};
    std::vector<Member> members;
    for (int i = 1; i <= 6; ++i) {
      members.push_back({"M" + std::to_string(i), "07908000000" + std::to_string(i), "Nguyễn Văn A", "1980-01-01",
                         "M", i <= 4 ? "P.C.1" : "P.C.2", "official", "", false});
    }
    std::vector<Station> stations = {{"S", "Công an xã C", 1, 10, {"P.C"}}};
    std::vector<Shift> shifts = {{"S", "2025-08-05", "08:00", "09:00", "day"},
                                 {"S", "2025-08-06", "08:00", "09:00", "day"}};
    ASSERT_TRUE(store_->UpsertUnits(units).ok());
    ASSERT_TRUE(store_->UpsertMembers(members).ok());
    ASSERT_TRUE(store_->UpsertStations(stations).ok());
    ASSERT_TRUE(store_->UpsertShifts(shifts).ok());
  }

  RunRequest Request(const std::string& out) {
    return RunRequest{*Date::Parse("2025-08-05"), *Date::Parse("2025-08-06"), tmp_.file(out), true};
  }

  void Step(const std::string& member, ExchangeStep step, const std::string& reason = "") {
    intake::StepRequest r{member, step, reason, "", "S", "officer1", "2025-08-05T01:00:00Z"};
    auto done = intake::ApplyStepAtomically(*store_, r);
    ASSERT_TRUE(done.ok()) << StepName(step) << ": " << done.status().message();
  }

  // member_no -> slot_start of the stored appointments.
  std::map<std::string, std::string> Stored() {
    std::map<std::string, std::string> out;
    EXPECT_TRUE(store_
                    ->ScanAppointments({}, [&](const StoredAppointment& a) {
                      out[a.member_no] = a.slot_start;
                      return Status::Ok();
                    })
                    .ok());
    return out;
  }
};

TEST_P(RunsTest, PlanStoresWritesAndRemembersTheWindow) {
  auto run = PlanCampaign(*store_, Request("plan.csv"));
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_TRUE(run->violations.empty());
  EXPECT_EQ(run->output.report.scheduled, 6);
  EXPECT_EQ(Stored().size(), 6u);
  std::ifstream csv(tmp_.file("plan.csv"));
  int lines = 0;
  for (std::string line; std::getline(csv, line);) ++lines;
  EXPECT_EQ(lines, 7);
  auto window = progress::LoadCampaignWindow(*store_);
  ASSERT_TRUE(window.ok() && window->has_value());
}

TEST_P(RunsTest, PlanLeavesOutMembersNotExchangingWithTheReason) {
  Step("M6", ExchangeStep::kClose, "transferred");
  auto run = PlanCampaign(*store_, Request("plan.csv"));
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->output.report.members, 5);
  ASSERT_EQ(run->left_out.size(), 1u);
  EXPECT_EQ(run->left_out[0].member_no, "M6");
  EXPECT_EQ(run->left_out[0].reason, "not exchanging (transferred)");
  EXPECT_EQ(Stored().count("M6"), 0u);
}

// Issue 16: a catch-up never re-invites a member whose documents were
// submitted; it lists them with the reason and plans the others.
TEST_P(RunsTest, CatchUpRefusesMembersPastReception) {
  ASSERT_TRUE(PlanCampaign(*store_, Request("plan.csv")).ok());
  const auto before = Stored();
  for (ExchangeStep s : {ExchangeStep::kCheckIn, ExchangeStep::kCapture, ExchangeStep::kConfirm,
                         ExchangeStep::kSubmit}) {
    Step("M1", s);
  }
  Step("M2", ExchangeStep::kMarkAbsent, "busy");
  std::string why_m1, why_m2, why_nobody;
  auto run = CatchUp(*store_, Request("catch.csv"), [&](const WhyNotFn& why_not) -> Result<std::vector<Absence>> {
    why_m1 = why_not("M1");
    why_m2 = why_not("M2");
    why_nobody = why_not("M99");
    return std::vector<Absence>{{"M1", AbsenceReason::kBusy}, {"M2", AbsenceReason::kBusy}};
  });
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(why_m1, "the member is not to be received: past reception (submitted)");
  EXPECT_EQ(why_m2, "");
  EXPECT_EQ(why_nobody, "no member has this number");
  EXPECT_EQ(run->output.report.members, 1);
  EXPECT_EQ(run->output.report.scheduled, 1);
  ASSERT_EQ(run->left_out.size(), 1u);
  EXPECT_EQ(run->left_out[0].member_no, "M1");
  const auto after = Stored();
  EXPECT_EQ(after.at("M1"), before.at("M1"));  // not re-invited
  EXPECT_EQ(after.count("M2"), 1u);             // a slot again (its own is free)
}

// Issue 23: a member who was probationary when the plan was made (so not
// invited) and whom a re-imported list made official (newly_official, as the
// import records it) is planned by the next catch-up, with the absent.
TEST_P(RunsTest, CatchUpPlansMembersMadeOfficialSinceThePlan) {
  std::vector<Member> m6 = {{"M6", "079080000006", "Nguyễn Văn A", "1980-01-01", "M", "P.C.2",
                             "probationary", "", false}};
  ASSERT_TRUE(store_->UpsertMembers(m6).ok());
  ASSERT_TRUE(PlanCampaign(*store_, Request("plan.csv")).ok());
  ASSERT_EQ(Stored().count("M6"), 0u);
  m6[0].status = "official";
  ASSERT_TRUE(store_->UpsertMembers(m6).ok());
  ASSERT_TRUE(store_
                  ->Exec("INSERT INTO newly_official (member_no, since) VALUES (?, ?)",
                         {std::string_view("M6"), std::string_view("2025-08-05T00:00:00Z")})
                  .ok());
  Step("M2", ExchangeStep::kMarkAbsent, "busy");
  auto run = CatchUp(*store_, Request("catch.csv"), [](const WhyNotFn&) -> Result<std::vector<Absence>> {
    return std::vector<Absence>{{"M2", AbsenceReason::kBusy}};
  });
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->newly_official, std::vector<std::string>{"M6"});
  EXPECT_EQ(run->output.report.members, 2);
  EXPECT_EQ(run->output.report.scheduled, 2);
  EXPECT_EQ(Stored().count("M6"), 1u);
  // Holding an appointment now, M6 is not planned again by the next one.
  auto again = CatchUp(*store_, Request("catch2.csv"), [](const WhyNotFn&) -> Result<std::vector<Absence>> {
    return std::vector<Absence>{};
  });
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_TRUE(again->newly_official.empty());
}

// A re-plan lists the members of the cells it moves whom it does not invite
// again, and does not invite them.
TEST_P(RunsTest, ReplanListsMovedMembersNotExchanging) {
  ASSERT_TRUE(PlanCampaign(*store_, Request("plan.csv")).ok());
  ReconcileResultRow dead;
  dead.member_no = "M5";
  dead.verdict = Verdict::kDeceased;
  ASSERT_TRUE(store_->UpsertReconcileResults({&dead, 1}).ok());
  auto run = ReplanCampaign(*store_, Request("replan.csv"), *Date::Parse("2025-08-05"));
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_TRUE(run->violations.empty());
  ASSERT_EQ(run->left_out.size(), 1u);
  EXPECT_EQ(run->left_out[0].member_no, "M5");
  EXPECT_EQ(run->left_out[0].reason, "reconciled as deceased");
  EXPECT_EQ(run->dropped, 1);
  EXPECT_EQ(Stored().count("M5"), 0u);
  EXPECT_EQ(Stored().size(), 5u);
  // Nobody else moves: every other invitation can still be kept.
  EXPECT_TRUE(run->changes.empty());
  EXPECT_EQ(run->output.report.scheduled, 0);
}

// Issue 16: a shift cut short moves only the members whose slots it lost
// (and their cells' blocks); the changes are listed per cell with why, and
// the old codes are remembered as superseded.
TEST_P(RunsTest, ReplanMovesOnlyWhatItMustAndListsTheChanges) {
  ASSERT_TRUE(PlanCampaign(*store_, Request("plan.csv")).ok());
  const auto before = Stored();
  for (const auto& [member, slot] : before) ASSERT_EQ(slot.substr(0, 10), "2025-08-05") << member << " " << slot;
  std::vector<Shift> shorter = {{"S", "2025-08-05", "08:00", "08:30", "day"}};
  ASSERT_TRUE(store_->UpsertShifts(shorter).ok());
  RunRequest request = Request("replan.csv");
  request.changes_dir = tmp_.file("changes");
  auto run = ReplanCampaign(*store_, request, *Date::Parse("2025-08-05"));
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_TRUE(run->violations.empty());
  // P.C.1 (08:00-08:40) lost 08:30: it moves whole; P.C.2 (08:40-09:00)
  // too. The 5th's three slots now take P.C.2, the 6th P.C.1.
  ASSERT_EQ(run->changes.size(), 6u);
  int shift_changed = 0;
  for (const ChangedInvitation& c : run->changes) {
    ASSERT_TRUE(c.after.has_value());
    EXPECT_TRUE(c.after->slot_start < "2025-08-05T08:30" || c.after->slot_start >= "2025-08-06");
    EXPECT_NE(c.after->invitation_code, c.before.invitation_code);
    shift_changed += c.reason == MoveReason::kShiftChanged ? 1 : 0;
  }
  EXPECT_EQ(shift_changed, 3);  // 08:30, 08:40, 08:50; the others moved with their cells
  EXPECT_EQ(run->changed_cells, 2);
  for (const char* file : {"/P.C.1.csv", "/P.C.1.xlsx", "/P.C.1.pdf", "/P.C.2.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(request.changes_dir + file)) << file;
  }
  auto superseded = store_->Query("SELECT member_no FROM superseded_invitations WHERE invitation_code = ?",
                                  {std::string_view(run->changes[0].before.invitation_code)});
  ASSERT_TRUE(superseded.ok());
  ASSERT_EQ(superseded->size(), 1u);
  EXPECT_EQ(superseded->Text(0, 0), run->changes[0].before.member_no);
}

TEST_P(RunsTest, ReplanDayOutsideTheWindowIsRefused) {
  auto run = ReplanCampaign(*store_, Request("replan.csv"), *Date::Parse("2025-08-07"));
  EXPECT_EQ(run.status().code(), StatusCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Plan, RunsTest, testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex::plan
