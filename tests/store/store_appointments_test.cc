// The schema v3 part of the Store contract (store.h): settings, plan run
// numbers and appointments. Run against SQLite and the live PostgreSQL of
// the pg_server fixture.
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "cardex/store/store.h"
#include "tests/support/store_backend_test.h"

namespace cardex {
namespace {

StoredAppointment Appt(std::string member, std::string unit, std::string station,
                       std::string start, std::string end, std::string code, int64_t run) {
  StoredAppointment a;
  a.member_no = std::move(member);
  a.unit_code = std::move(unit);
  a.station_code = std::move(station);
  a.slot_start = std::move(start);
  a.slot_end = std::move(end);
  a.mode = "station";
  a.invitation_code = std::move(code);
  a.plan_run = run;
  return a;
}

class StoreAppointmentsTest : public testing::StoreBackendTest {
 protected:
  std::vector<StoredAppointment> Scan(const AppointmentFilter& filter = {}) {
    std::vector<StoredAppointment> out;
    Status s = store_->ScanAppointments(filter, [&](const StoredAppointment& a) {
      out.push_back(a);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.message();
    return out;
  }

  std::vector<std::string> Members(const AppointmentFilter& filter = {}) {
    std::vector<std::string> out;
    for (const StoredAppointment& a : Scan(filter)) out.push_back(a.member_no);
    return out;
  }

  // Three members at two stations over two days (night slot past midnight
  // included), written as one fresh plan of run `run`.
  std::vector<StoredAppointment> Sample(int64_t run) {
    return {Appt("M3", "C2", "S2", "2025-08-05T07:00", "2025-08-05T07:30", "CODE3", run),
            Appt("M1", "C1", "S1", "2025-08-05T07:30", "2025-08-05T08:00", "CODE1", run),
            Appt("M2", "C1", "S1", "2025-08-06T00:00", "2025-08-06T00:30", "CODE2", run),
            Appt("M4", "C2", "S1", "2025-08-05T07:00", "2025-08-05T07:30", "CODE4", run)};
  }

};

TEST_P(StoreAppointmentsTest, SettingsKeepTheFirstValue) {
  auto missing = store_->GetSetting("secret");
  ASSERT_TRUE(missing.ok()) << missing.status().message();
  EXPECT_FALSE(missing->has_value());
  auto first = store_->PutSettingIfAbsent("secret", "one");
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(*first, "one");
  auto second = store_->PutSettingIfAbsent("secret", "two");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, "one");
  EXPECT_EQ(**store_->GetSetting("secret"), "one");
  EXPECT_FALSE(store_->PutSettingIfAbsent("", "x").ok());
}

TEST_P(StoreAppointmentsTest, PlanRunsIncrease) {
  auto a = store_->NextPlanRun();
  ASSERT_TRUE(a.ok()) << a.status().message();
  auto b = store_->NextPlanRun();
  ASSERT_TRUE(b.ok());
  EXPECT_GT(*a, 0);
  EXPECT_GT(*b, *a);
}

TEST_P(StoreAppointmentsTest, ScansInSlotOrderAndFilter) {
  ASSERT_TRUE(store_->ReplaceAppointments(Sample(1)).ok());
  EXPECT_EQ(Members(), (std::vector<std::string>{"M4", "M3", "M1", "M2"}))
      << "slot order, then station";
  EXPECT_EQ(Members({.station_code = "S1"}), (std::vector<std::string>{"M4", "M1", "M2"}));
  EXPECT_EQ(Members({.station_code = "S1", .date = "2025-08-05"}),
            (std::vector<std::string>{"M4", "M1"}));
  EXPECT_EQ(Members({.date = "2025-08-06"}), (std::vector<std::string>{"M2"}));
  EXPECT_EQ(Members({.unit_code = "C2"}), (std::vector<std::string>{"M4", "M3"}));
  EXPECT_EQ(Members({.member_no = "M2"}), (std::vector<std::string>{"M2"}));
  EXPECT_TRUE(Members({.member_no = "M9"}).empty());

  std::vector<StoredAppointment> all = Scan({.member_no = "M1"});
  ASSERT_EQ(all.size(), 1u);
  const StoredAppointment& m1 = all[0];
  EXPECT_EQ(m1.unit_code, "C1");
  EXPECT_EQ(m1.station_code, "S1");
  EXPECT_EQ(m1.slot_start, "2025-08-05T07:30");
  EXPECT_EQ(m1.slot_end, "2025-08-05T08:00");
  EXPECT_EQ(m1.mode, "station");
  EXPECT_EQ(m1.invitation_code, "CODE1");
  EXPECT_EQ(m1.status, "invited");
  EXPECT_EQ(m1.plan_run, 1);
  EXPECT_EQ(m1.planned_at.size(), 19u) << m1.planned_at;  // YYYY-MM-DD HH:MM:SS
}

TEST_P(StoreAppointmentsTest, AnUnchangedAppointmentKeepsItsStatus) {
  std::vector<StoredAppointment> rows = Sample(1);
  rows[1].status = "received";
  ASSERT_TRUE(store_->UpsertAppointments(rows).ok());
  // The same appointments from a later run: M1 stays received.
  ASSERT_TRUE(store_->UpsertAppointments(Sample(2)).ok());
  auto m1 = Scan({.member_no = "M1"});
  ASSERT_EQ(m1.size(), 1u);
  EXPECT_EQ(m1[0].status, "received");
  EXPECT_EQ(m1[0].plan_run, 2);
  // A moved appointment is a new invitation.
  std::vector<StoredAppointment> moved = {
      Appt("M1", "C1", "S1", "2025-08-07T07:30", "2025-08-07T08:00", "CODE1B", 3)};
  ASSERT_TRUE(store_->UpsertAppointments(moved).ok());
  m1 = Scan({.member_no = "M1"});
  ASSERT_EQ(m1.size(), 1u);
  EXPECT_EQ(m1[0].status, "invited");
  EXPECT_EQ(m1[0].invitation_code, "CODE1B");
  EXPECT_EQ(Scan().size(), 4u) << "an upsert touches only its members";
}

TEST_P(StoreAppointmentsTest, ReplaceLeavesExactlyTheNewPlan) {
  ASSERT_TRUE(store_->ReplaceAppointments(Sample(1)).ok());
  std::vector<StoredAppointment> next = {
      Appt("M1", "C1", "S1", "2025-08-05T07:30", "2025-08-05T08:00", "CODE1", 2),
      Appt("M5", "C1", "S1", "2025-08-05T08:00", "2025-08-05T08:30", "CODE5", 2)};
  ASSERT_TRUE(store_->ReplaceAppointments(next).ok());
  EXPECT_EQ(Members(), (std::vector<std::string>{"M1", "M5"}));
  next[1].plan_run = 3;
  EXPECT_EQ(store_->ReplaceAppointments(next).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(Members(), (std::vector<std::string>{"M1", "M5"}));
  ASSERT_TRUE(store_->ReplaceAppointments({}).ok());
  EXPECT_TRUE(Scan().empty());
}

TEST_P(StoreAppointmentsTest, InvitationCodesAreUnique) {
  std::vector<StoredAppointment> rows = Sample(1);
  rows[1].invitation_code = rows[0].invitation_code;
  EXPECT_FALSE(store_->ReplaceAppointments(rows).ok());
  EXPECT_TRUE(Scan().empty()) << "a refused write stores nothing";
}

TEST_P(StoreAppointmentsTest, DeleteAndRollback) {
  ASSERT_TRUE(store_->ReplaceAppointments(Sample(1)).ok());
  std::vector<std::string> gone = {"M1", "M9", "M3"};
  auto deleted = store_->DeleteAppointments(gone);
  ASSERT_TRUE(deleted.ok()) << deleted.status().message();
  EXPECT_EQ(*deleted, 2);
  EXPECT_EQ(Members(), (std::vector<std::string>{"M4", "M2"}));
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->ReplaceAppointments({}).ok());
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_EQ(Members(), (std::vector<std::string>{"M4", "M2"}));
}

TEST_P(StoreAppointmentsTest, LargePlansStreamInPages) {
  std::vector<StoredAppointment> rows;
  const int n = 10050;  // more than one page (PostgreSQL) and one statement
  for (int i = 0; i < n; ++i) {
    char member[16], start[32], end[32];
    std::snprintf(member, sizeof member, "M%05d", i);
    std::snprintf(start, sizeof start, "2025-08-%02dT%02d:%02d", 5 + i / 1000, (i / 60) % 24, i % 60);
    std::snprintf(end, sizeof end, "2025-08-%02dT%02d:%02d", 5 + i / 1000, (i / 60) % 24, i % 60);
    rows.push_back(Appt(member, "C1", i % 2 ? "S1" : "S2", start, end, std::string("K") + member, 7));
  }
  ASSERT_TRUE(store_->ReplaceAppointments(rows).ok());
  std::vector<StoredAppointment> back = Scan();
  ASSERT_EQ(back.size(), rows.size());
  for (size_t i = 1; i < back.size(); ++i) {
    const auto key = [](const StoredAppointment& a) {
      return std::tie(a.slot_start, a.station_code, a.member_no);
    };
    ASSERT_LT(key(back[i - 1]), key(back[i])) << "at " << i;
  }
}

// A plan replaced in batches (BeginReplaceAppointments ... End) is the
// same as ReplaceAppointments: rows not written go, unchanged ones keep
// their status, and the batches need not come in member_no order.
TEST_P(StoreAppointmentsTest, ReplaceInBatchesLeavesExactlyTheNewPlan) {
  std::vector<StoredAppointment> first = Sample(1);
  first[1].status = "checked_in";  // M1
  ASSERT_TRUE(store_->UpsertAppointments(first).ok());
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->BeginReplaceAppointments(2).ok());
  std::vector<StoredAppointment> b1 = {
      Appt("M5", "C1", "S1", "2025-08-05T08:00", "2025-08-05T08:30", "CODE5", 2)};
  std::vector<StoredAppointment> b2 = {
      Appt("M1", "C1", "S1", "2025-08-05T07:30", "2025-08-05T08:00", "CODE1", 2),   // unchanged
      Appt("M2", "C1", "S1", "2025-08-06T00:30", "2025-08-06T01:00", "CODE2B", 2)};  // moved
  ASSERT_TRUE(store_->UpsertAppointments(b1).ok());
  ASSERT_TRUE(store_->UpsertAppointments(b2).ok());
  std::vector<StoredAppointment> other_run = {
      Appt("M6", "C1", "S1", "2025-08-05T08:30", "2025-08-05T09:00", "CODE6", 3)};
  EXPECT_EQ(store_->UpsertAppointments(other_run).code(), StatusCode::kInvalidArgument);
  ASSERT_TRUE(store_->EndReplaceAppointments().ok());
  ASSERT_TRUE(store_->Commit().ok());
  EXPECT_EQ(Members(), (std::vector<std::string>{"M1", "M5", "M2"}));
  EXPECT_EQ(Scan({.member_no = "M1"})[0].status, "checked_in");
  EXPECT_EQ(Scan({.member_no = "M2"})[0].invitation_code, "CODE2B");
  EXPECT_EQ(Members({.station_code = "S1", .date = "2025-08-06"}), (std::vector<std::string>{"M2"}))
      << "the station index serves again";
  EXPECT_EQ(Members({.unit_code = "C1"}), (std::vector<std::string>{"M1", "M5", "M2"}));
  for (const StoredAppointment& a : Scan()) EXPECT_EQ(a.plan_run, 2);
}

// A new appointment may take the code of another member's appointment that
// the same plan replaces (the codes of two moved members swap); two new
// rows with one code are refused and change nothing.
TEST_P(StoreAppointmentsTest, ReplaceMayReuseCodesOfReplacedRowsOnly) {
  ASSERT_TRUE(store_->ReplaceAppointments(Sample(1)).ok());
  std::vector<StoredAppointment> swapped = Sample(2);
  std::swap(swapped[1].invitation_code, swapped[2].invitation_code);  // M1 and M2
  swapped[3].invitation_code = "CODE9";  // M4's old code is free ...
  swapped.push_back(Appt("M5", "C1", "S1", "2025-08-05T08:00", "2025-08-05T08:30", "CODE4", 2));  // ... for M5
  Status swapped_ok = store_->ReplaceAppointments(swapped);
  ASSERT_TRUE(swapped_ok.ok()) << swapped_ok.message();
  EXPECT_EQ(Scan({.member_no = "M1"})[0].invitation_code, "CODE2");
  EXPECT_EQ(Scan({.member_no = "M2"})[0].invitation_code, "CODE1");
  EXPECT_EQ(Scan({.member_no = "M5"})[0].invitation_code, "CODE4");

  std::vector<StoredAppointment> twice = Sample(3);
  twice[0].invitation_code = "CODE1";
  twice[1].invitation_code = "CODE1";
  EXPECT_FALSE(store_->ReplaceAppointments(twice).ok());
  EXPECT_EQ(Scan().size(), 5u) << "a refused plan changed the stored one";
  EXPECT_EQ(Scan({.member_no = "M1"})[0].invitation_code, "CODE2");
}

TEST_P(StoreAppointmentsTest, ReplaceInBatchesNeedsATransactionAndAnEnd) {
  EXPECT_EQ(store_->BeginReplaceAppointments(1).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(store_->EndReplaceAppointments().code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(store_->ReplaceAppointments(Sample(1)).ok());
  // Commit without End: refused and rolled back, the stored plan intact.
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->BeginReplaceAppointments(2).ok());
  ASSERT_TRUE(store_->UpsertAppointments(Sample(2)).ok());
  EXPECT_EQ(store_->Commit().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(Members({.station_code = "S1"}), (std::vector<std::string>{"M4", "M1", "M2"}));
  for (const StoredAppointment& a : Scan()) EXPECT_EQ(a.plan_run, 1);
  // A rolled-back replace of an empty table leaves it empty and indexed.
  ASSERT_TRUE(store_->ReplaceAppointments({}).ok());
  ASSERT_TRUE(store_->Begin().ok());
  ASSERT_TRUE(store_->BeginReplaceAppointments(3).ok());
  ASSERT_TRUE(store_->UpsertAppointments(Sample(3)).ok());
  ASSERT_TRUE(store_->Rollback().ok());
  EXPECT_TRUE(Scan().empty());
  ASSERT_TRUE(store_->ReplaceAppointments(Sample(4)).ok());
  EXPECT_EQ(Members({.unit_code = "C2"}), (std::vector<std::string>{"M4", "M3"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreAppointmentsTest,
                         testing::kBothBackends, testing::BackendName);

}  // namespace
}  // namespace cardex
