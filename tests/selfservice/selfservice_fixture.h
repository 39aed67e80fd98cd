// A small campaign for the member's page, on either backend. Province P,
// communes P.C (cell P.C.1) and P.D (cell P.D.1). Stations: S (2 counters,
// 10 minutes, serving P.C; 08:00-09:00 on 2025-08-05 and 2025-08-06), T
// (1 counter, 15 minutes, serving P.C and P.D; 14:00-14:30 on 2025-08-06),
// U (serving P.D only), R (1 counter, 10 minutes, serving P.C; one seat:
// 08:00-08:10 on 2025-08-07). Members M01..M50 in P.C.1, born 1960-01-DD
// (DD = their number's last digits, 01..28 then again), each invited to S on
// 2025-08-05 (stored as is: the rows are the test's, not a plan's, so S
// holds more than its counters; only R's seat and S's 2025-08-06 slots
// matter). M51 is in P.D.1 with a partial birth date "1961-03", invited to U.
// "Now" is 2025-08-01 08:00 local.
#ifndef CARDEX_TESTS_SELFSERVICE_SELFSERVICE_FIXTURE_H_
#define CARDEX_TESTS_SELFSERVICE_SELFSERVICE_FIXTURE_H_

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "cardex/plan/appointments.h"
#include "cardex/plan/schedule.h"
#include "cardex/store/store.h"
#include "tests/support/store_backend_test.h"

namespace cardex::testing {

class SelfServiceTest : public StoreBackendTest {
 protected:
  static std::string No(int i) {
    char b[8];
    std::snprintf(b, sizeof b, "M%02d", i);
    return b;
  }

  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    std::vector<Unit> units = {{"P", "", "province", "Tỉnh P"},
                               {"P.C", "P", "commune", "Xã C"},
                               {"P.C.1", "P.C", "cell", "Chi bộ 1"},
                               {"P.D", "P", "commune", "Xã D"},
                               {"P.D.1", "P.D", "cell", "Chi bộ D1"}};
    std::vector<Member> members;
    for (int i = 1; i <= 50; ++i) {
      char birth[16];
      std::snprintf(birth, sizeof birth, "1960-01-%02d", (i - 1) % 28 + 1);
      members.push_back({No(i), "07916000" + std::to_string(1000 + i), "Nguyễn Văn " + std::to_string(i), birth, "M",
                         "P.C.1", "official", "", false});
    }
    members.push_back({"M51", "079161001051", "Trần Thị Năm", "1961-03", "F", "P.D.1", "official", "", false});
    std::vector<Station> stations = {{"S", "Công an xã C", 2, 10, {"P.C"}},
                                     {"T", "Công an xã D", 1, 15, {"P.C", "P.D"}},
                                     {"U", "Công an xã E", 1, 10, {"P.D"}},
                                     {"R", "Điểm tiếp nhận lưu động", 1, 10, {"P.C"}}};
    std::vector<Shift> shifts = {{"S", "2025-08-05", "08:00", "09:00", "day"},
                                 {"S", "2025-08-06", "08:00", "09:00", "day"},
                                 {"T", "2025-08-06", "14:00", "14:30", "day"},
                                 {"U", "2025-08-06", "08:00", "09:00", "day"},
                                 {"R", "2025-08-07", "08:00", "08:10", "day"}};
    ASSERT_TRUE(store_->UpsertUnits(units).ok());
    ASSERT_TRUE(store_->UpsertMembers(members).ok());
    ASSERT_TRUE(store_->UpsertStations(stations).ok());
    ASSERT_TRUE(store_->UpsertShifts(shifts).ok());
    auto key = plan::LoadInvitationKey(*store_);
    ASSERT_TRUE(key.ok());
    std::vector<StoredAppointment> appts;
    for (int i = 1; i <= 51; ++i) {
      StoredAppointment a;
      a.member_no = i == 51 ? "M51" : No(i);
      a.unit_code = i == 51 ? "P.D.1" : "P.C.1";
      a.station_code = i == 51 ? "U" : "S";
      const int minute = ((i - 1) % 6) * 10;
      char start[32], end[32];
      std::snprintf(start, sizeof start, "2025-08-05T08:%02d", minute);
      std::snprintf(end, sizeof end, "2025-08-05T%02d:%02d", minute == 50 ? 9 : 8, (minute + 10) % 60);
      a.slot_start = start;
      a.slot_end = end;
      a.mode = "station";
      a.invitation_code = plan::InvitationCode(*key, a.member_no, a.station_code, a.slot_start, "station");
      a.plan_run = 1;
      codes_[a.member_no] = a.invitation_code;
      appts.push_back(a);
    }
    ASSERT_TRUE(store_->UpsertAppointments(appts).ok());
  }

  // 2025-08-01 08:00 local.
  static int64_t Now() {
    return plan::LocalMinute(*Date::Parse("2025-08-01"), *TimeOfDay::Parse("08:00"));
  }

  std::map<std::string, std::string> codes_;  // member_no → the invitation code stored
};

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_SELFSERVICE_SELFSERVICE_FIXTURE_H_
