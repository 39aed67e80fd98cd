// A small campaign for the intake tests, on either backend: province P,
// commune P.C with cells P.C.1 and P.C.2, station S (2 counters, 10 minutes,
// serving P.C) open 08:00-09:00 on 2025-08-05 and 2025-08-06, and members
// M1..M4 in P.C.1 (M4 without an appointment). M1..M3 hold station slots on
// 2025-08-05 stored with real invitation codes.
#ifndef CARDEX_TESTS_INTAKE_INTAKE_FIXTURE_H_
#define CARDEX_TESTS_INTAKE_INTAKE_FIXTURE_H_

#include <string>
#include <vector>

#include "cardex/plan/appointments.h"
#include "cardex/store/store.h"
#include "tests/support/store_backend_test.h"

namespace cardex::testing {

class IntakeTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::vector<Unit> units = {{"P", "", "province", "Tỉnh P"},
                               {"P.C", "P", "commune", "Xã C"},
                               {"P.C.1", "P.C", "cell", "Chi bộ 1"},
                               {"P.C.2", "P.C", "cell", "Chi bộ 2"}};
    std::vector<Member> members;
    for (int i = 1; i <= 4; ++i) {
      members.push_back({"M" + std::to_string(i), "07908000000" + std::to_string(i),
                         "Nguyễn Văn " + std::to_string(i), "1980-01-0" + std::to_string(i), "M",
                         "P.C.1", "official", "", false});
    }
    std::vector<Station> stations = {{"S", "Công an xã C", 2, 10, {"P.C"}}};
    std::vector<Shift> shifts = {{"S", "2025-08-05", "08:00", "09:00", "day"},
                                 {"S", "2025-08-06", "08:00", "09:00", "day"}};
    ASSERT_TRUE(store_->UpsertUnits(units).ok());
    ASSERT_TRUE(store_->UpsertMembers(members).ok());
    ASSERT_TRUE(store_->UpsertStations(stations).ok());
    ASSERT_TRUE(store_->UpsertShifts(shifts).ok());
    auto key = plan::LoadInvitationKey(*store_);
    ASSERT_TRUE(key.ok());
    std::vector<StoredAppointment> appts;
    const char* slots[] = {"2025-08-05T08:00", "2025-08-05T08:00", "2025-08-05T08:10"};
    const char* ends[] = {"2025-08-05T08:10", "2025-08-05T08:10", "2025-08-05T08:20"};
    for (int i = 0; i < 3; ++i) {
      StoredAppointment a;
      a.member_no = "M" + std::to_string(i + 1);
      a.unit_code = "P.C.1";
      a.station_code = "S";
      a.slot_start = slots[i];
      a.slot_end = ends[i];
      a.mode = "station";
      a.invitation_code = plan::InvitationCode(*key, a.member_no, "S", a.slot_start, "station");
      a.plan_run = 1;
      codes_.push_back(a.invitation_code);
      appts.push_back(a);
    }
    ASSERT_TRUE(store_->UpsertAppointments(appts).ok());
  }

  std::vector<std::string> codes_;  // M1..M3's invitation codes
};

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_INTAKE_INTAKE_FIXTURE_H_
