// Invitation codes, the stored form of a plan, and catch-up built from
// stored appointments: the absent members fit around everyone already
// invited, and the union of the two plans holds every rule.
#include "cardex/plan/appointments.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <set>
#include <string>

#include "cardex/plan/check.h"
#include "tests/plan/instances.h"
#include "tests/support/test_env.h"

namespace cardex::plan {
namespace {

TEST(SipHash, ReferenceVector) {
  // The paper's test vector: key 00..0f, message 00..0e.
  std::string message;
  for (int i = 0; i < 15; ++i) message += static_cast<char>(i);
  EXPECT_EQ(SipHash24(0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL, message), 0xa129ca6149be45e5ULL);
  EXPECT_EQ(SipHash24(0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL, ""), 0x726fdb47dd0e0e31ULL);
}

TEST(InvitationCode, StableKeyedAndChecked) {
  const InvitationKey key{0x0123456789abcdefULL, 0xfedcba9876543210ULL};
  const std::string code = InvitationCode(key, "M1", "S1", "2025-08-05T07:00", "station");
  ASSERT_EQ(code.size(), 11u);
  EXPECT_TRUE(InvitationCodeChecks(code));
  EXPECT_EQ(code, InvitationCode(key, "M1", "S1", "2025-08-05T07:00", "station"));
  EXPECT_NE(code, InvitationCode(key, "M1", "S1", "2025-08-05T07:30", "station"));
  EXPECT_NE(code, InvitationCode(key, "M1", "S1", "2025-08-05T07:00", "home_visit"));
  EXPECT_NE(code, InvitationCode(key, "M2", "S1", "2025-08-05T07:00", "station"));
  EXPECT_NE(code, InvitationCode({key.k0 + 1, key.k1}, "M1", "S1", "2025-08-05T07:00", "station"));
  // Lower case and Crockford's aliases read the same.
  std::string lower = code;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(InvitationCodeChecks(lower));
  // Every single mistyped symbol is caught by the check symbol.
  const std::string symbols = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  for (size_t i = 0; i < 10; ++i) {
    for (char s : symbols) {
      if (s == code[i]) continue;
      std::string typo = code;
      typo[i] = s;
      EXPECT_FALSE(InvitationCodeChecks(typo)) << typo;
    }
  }
  EXPECT_FALSE(InvitationCodeChecks(code.substr(1)));
  EXPECT_FALSE(InvitationCodeChecks("UUUUUUUUUUU"));
}

TEST(InvitationCode, CodesOfManyAppointmentsDiffer) {
  const InvitationKey key{42, 43};
  std::set<std::string> codes;
  for (int m = 0; m < 20000; ++m) {
    codes.insert(InvitationCode(key, "M" + std::to_string(m), "S1", "2025-08-05T07:00", "station"));
  }
  EXPECT_EQ(codes.size(), 20000u);
}

TEST(LocalMinute, ParsesWhatItFormats) {
  for (int64_t m : {int64_t{0}, int64_t{29'000'000}, int64_t{29'000'000 + 23 * 60 + 59}}) {
    auto back = ParseLocalMinute(FormatLocalMinute(m));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, m);
  }
  EXPECT_FALSE(ParseLocalMinute("2025-08-05 07:00").ok());
  EXPECT_FALSE(ParseLocalMinute("2025-02-30T07:00").ok());
  EXPECT_FALSE(ParseLocalMinute("2025-08-05T25:00").ok());
}

// A fresh plan is stored; a fifth of the members received on the first day
// did not come (a third of those ill); they are planned again from the
// second day with everyone else's stored appointment fixed.
TEST(CatchUp, AbsentMembersFitAroundEveryoneInvited) {
  const InvitationKey key{7, 11};
  int64_t replanned = 0, instances = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const PlanInput in = testing::RandomInstance(seed);
    if (in.from == in.to) continue;
    Result<PlanOutput> first = Plan(in);
    ASSERT_TRUE(first.ok());
    const std::vector<StoredAppointment> stored = ToStoredAppointments(in, *first, key, 1);
    ASSERT_EQ(stored.size(), first->appointments.size());

    const int64_t day_two = LocalMinute(Date::FromDays(in.from.days() + 1), TimeOfDay::FromMinutes(0));
    std::vector<Absence> absent;
    std::map<std::string, AbsenceReason> reason_of;
    int64_t k = 0;
    for (size_t i = 0; i < stored.size(); ++i) {
      if (first->appointments[i].start >= day_two || ++k % 5 != 0) continue;
      const AbsenceReason reason = k % 3 == 0 ? AbsenceReason::kIll : AbsenceReason::kBusy;
      absent.push_back({stored[i].member_no, reason});
      reason_of[stored[i].member_no] = reason;
    }
    if (absent.empty()) continue;
    ++instances;
    PlanInput remaining = in;
    remaining.from = Date::FromDays(in.from.days() + 1);
    Result<PlanInput> catch_up = CatchUpInput(remaining, stored, absent);
    ASSERT_TRUE(catch_up.ok()) << catch_up.status().message();
    EXPECT_EQ(catch_up->fixed.size(), stored.size() - absent.size());
    Result<PlanOutput> second = Plan(*catch_up);
    ASSERT_TRUE(second.ok()) << second.status().message();
    CheckOptions loose;
    loose.cells_together = false;
    for (const std::string& v : CheckSchedule(*catch_up, *second, loose)) ADD_FAILURE() << v;
    replanned += second->report.scheduled;

    // The union: everyone else's first appointment and the absent members'
    // new ones, checked against the whole window. The absent members of a
    // cell are a group of their own now (another station serving the
    // commune may receive them).
    std::map<std::string, MemberRef> where;
    PlanInput whole = in;
    whole.cells.clear();
    auto add_cell = [&](const CellInput& cell, bool absent_only) {
      CellInput copy{cell.unit_code, cell.commune_code, {}};
      for (const MemberInput& m : cell.members) {
        if (reason_of.count(m.member_no) != (absent_only ? 1u : 0u)) continue;
        where[m.member_no] = {static_cast<int32_t>(whole.cells.size()),
                              static_cast<int32_t>(copy.members.size())};
        copy.members.push_back(m);
      }
      whole.cells.push_back(std::move(copy));
    };
    for (const CellInput& cell : in.cells) add_cell(cell, false);
    for (const CellInput& cell : catch_up->cells) add_cell(cell, true);
    PlanOutput both;
    auto moved = [&](Appointment a, const PlanInput& from) {
      const MemberRef r = where.at(from.cells[a.cell].members[a.member].member_no);
      a.cell = r.cell;
      a.member = r.member;
      return a;
    };
    for (const Appointment& a : first->appointments) {
      if (!reason_of.count(in.cells[a.cell].members[a.member].member_no)) {
        both.appointments.push_back(moved(a, in));
      }
    }
    for (const Appointment& a : second->appointments) {
      const std::string& no = catch_up->cells[a.cell].members[a.member].member_no;
      ASSERT_TRUE(reason_of.count(no)) << "a member who came was planned again";
      EXPECT_EQ(a.mode == Mode::kHomeVisit,
                reason_of[no] == AbsenceReason::kIll || catch_up->cells[a.cell].members[a.member].home_visit);
      both.appointments.push_back(moved(a, *catch_up));
    }
    for (const MemberRef& r : first->unscheduled) {
      both.unscheduled.push_back(where.at(in.cells[r.cell].members[r.member].member_no));
    }
    for (const MemberRef& r : second->unscheduled) {
      both.unscheduled.push_back(where.at(catch_up->cells[r.cell].members[r.member].member_no));
    }
    both.report.members = first->report.members;
    both.report.scheduled = static_cast<int64_t>(both.appointments.size());
    both.report.left = static_cast<int64_t>(both.unscheduled.size());
    for (const std::string& v : CheckSchedule(whole, both, loose)) ADD_FAILURE() << "union: " << v;
    if (HasFailure()) break;
  }
  EXPECT_GT(instances, 5);
  EXPECT_GT(replanned, 0);
}

TEST(CatchUp, RefusesMembersThePlanDoesNotReceive) {
  PlanInput full;
  full.stations.push_back({"S1", 1, 30, {"C"}, 1, 0});
  full.cells.push_back({"C.1", "C", {{"M1", false}}});
  std::vector<Absence> absent = {{"M9", AbsenceReason::kBusy}};
  EXPECT_EQ(CatchUpInput(full, {}, absent).status().code(), StatusCode::kInvalidArgument);
}

// StorePlan writes exactly ToStoredAppointments' rows (same codes) plus
// the kept ones, whatever the order of cells; a code that a kept row
// already holds is salted instead of refused.
TEST(StorePlan, StoresThePlanAndKeptRowsWithUniqueCodes) {
  cardex::testing::TempDir tmp;
  auto opened = OpenStore(tmp.file("t.db"));
  ASSERT_TRUE(opened.ok());
  Store& store = **opened;
  ASSERT_TRUE(store.Migrate().ok());
  const InvitationKey key{7, 11};
  PlanInput in = testing::RandomInstance(3);
  std::reverse(in.cells.begin(), in.cells.end());  // cells out of member_no order
  Result<PlanOutput> out = Plan(in);
  ASSERT_TRUE(out.ok());
  ASSERT_GE(out->appointments.size(), 2u);
  std::vector<StoredAppointment> expected = ToStoredAppointments(in, *out, key, 5);

  // A kept appointment of another member that holds the code the plan's
  // first appointment would get.
  StoredAppointment kept = expected[0];
  kept.member_no = "ZZ-kept";
  kept.status = "checked_in";
  std::vector<StoredAppointment> keep = {kept};
  ASSERT_TRUE(store.Begin().ok());
  ASSERT_TRUE(StorePlan(store, in, *out, key, 5, keep).ok());
  ASSERT_TRUE(store.Commit().ok());
  const StoredAppointment& a = expected[0];
  expected[0].invitation_code = FormatInvitationCode(InvitationValue(key, a.member_no, a.station_code, a.slot_start, a.mode, 1));
  EXPECT_NE(expected[0].invitation_code, kept.invitation_code);
  expected.push_back(kept);

  std::map<std::string, StoredAppointment> got;
  ASSERT_TRUE(store.ScanAppointments({}, [&](const StoredAppointment& r) {
                     got[r.member_no] = r;
                     return Status::Ok();
                   }).ok());
  ASSERT_EQ(got.size(), expected.size());
  for (const StoredAppointment& e : expected) {
    SCOPED_TRACE(e.member_no);
    ASSERT_TRUE(got.count(e.member_no));
    const StoredAppointment& g = got[e.member_no];
    EXPECT_EQ(std::tie(g.unit_code, g.station_code, g.slot_start, g.slot_end, g.mode, g.invitation_code, g.status),
              std::tie(e.unit_code, e.station_code, e.slot_start, e.slot_end, e.mode, e.invitation_code, e.status));
    EXPECT_EQ(g.plan_run, 5);
  }
  EXPECT_TRUE(InvitationCodeValue(kept.invitation_code).has_value());
  EXPECT_FALSE(InvitationCodeValue("CODE1").has_value());
}

}  // namespace
}  // namespace cardex::plan
