// A small cell with appointments, for the notices' store tests: province P,
// commune P.C, cell P.C.1, station S ("Công an xã Hàm Tiến"); members M1..M4
// with mobile numbers, M5 without one. Appointments are written as a plan
// stores them (the table's columns), so a test can move one as a re-plan
// or a member's move does: a new slot and a new code.
#ifndef CARDEX_TESTS_NOTICES_NOTICES_TEST_SUPPORT_H_
#define CARDEX_TESTS_NOTICES_NOTICES_TEST_SUPPORT_H_

#include <string>
#include <vector>

#include "cardex/ledger/exchange.h"
#include "cardex/store/sql.h"
#include "tests/support/store_backend_test.h"

namespace cardex::testing {

class NoticesStoreTest : public StoreBackendTest {
 protected:
  void SetUp() override {
    StoreBackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    const std::vector<Unit> units = {{"P", "", "province", "Tỉnh P"},
                                     {"P.C", "P", "commune", "Xã Hàm Tiến"},
                                     {"P.C.1", "P.C", "cell", "Chi bộ 1"},
                                     {"P.C.2", "P.C", "cell", "Chi bộ 2"}};
    ASSERT_TRUE(store_->UpsertUnits(units).ok());
    const char* phones[] = {"0912 345 671", "+84 912.345.672", "84912345673", "0912345674", ""};
    std::vector<Member> members;
    for (int i = 1; i <= 5; ++i) {
      members.push_back({"M" + std::to_string(i), "07908000000" + std::to_string(i),
                         "Nguyễn Văn " + std::string(1, static_cast<char>('A' + i - 1)),
                         "1950-01-01", "M", "P.C.1", "official", phones[i - 1], false});
    }
    members.push_back({"M9", "079080000009", "Lê Thị Chín", "1950-01-01", "F", "P.C.2", "official",
                       "0987654329", false});
    ASSERT_TRUE(store_->UpsertMembers(members).ok());
    const std::vector<Station> stations = {{"S", "Công an xã Hàm Tiến", 2, 15, {"P.C"}}};
    ASSERT_TRUE(store_->UpsertStations(stations).ok());
    for (int i = 1; i <= 5; ++i) Appoint("M" + std::to_string(i), "2025-08-07T08:00", "CODE00000" + std::to_string(i));
    Appoint("M9", "2025-08-07T09:00", "CODE000009");
  }

  // Gives `member` the appointment at `slot` (local) with `code`, replacing
  // the one they held; the old code goes to superseded_invitations, as a
  // re-plan or a move does.
  void Appoint(const std::string& member, const std::string& slot, const std::string& code) {
    auto old = store_->Query("SELECT invitation_code FROM appointments WHERE member_no = ?",
                             {std::string_view(member)});
    ASSERT_TRUE(old.ok());
    if (!old->empty()) {
      const std::string old_code(old->Text(0, 0));
      ASSERT_TRUE(store_->Exec("INSERT INTO superseded_invitations (invitation_code, member_no, plan_run) "
                               "VALUES (?, ?, 2)",
                               {std::string_view(old_code), std::string_view(member)})
                      .ok());
      ASSERT_TRUE(store_->Exec("DELETE FROM appointments WHERE member_no = ?", {std::string_view(member)}).ok());
    }
    const std::string end = slot.substr(0, 14) + "30";
    const std::string unit = member == "M9" ? "P.C.2" : "P.C.1";
    auto done = store_->Exec(
        "INSERT INTO appointments (member_no, unit_code, station_code, slot_start, slot_end, mode, "
        "invitation_code, plan_run) VALUES (?, ?, 'S', ?, ?, 'station', ?, 1)",
        {std::string_view(member), std::string_view(unit), std::string_view(slot), std::string_view(end),
         std::string_view(code)});
    ASSERT_TRUE(done.ok()) << done.message();
  }

  void Step(const std::string& member, ExchangeStep step, const std::string& reason,
            const std::string& at) {
    ledger::StepRequest r{member, step, reason, "", "S", "officer1", at};
    auto done = ledger::ApplyStepAtomically(*store_, r);
    ASSERT_TRUE(done.ok()) << StepName(step) << ": " << done.status().message();
  }

  // kind:state of each notice of `member`, in preparation order.
  std::vector<std::string> NoticesOf(const std::string& member) {
    auto rows = store_->Query("SELECT kind, invitation_code, state FROM notices WHERE member_no = ? "
                              "ORDER BY prepared_at, kind",
                              {std::string_view(member)});
    std::vector<std::string> out;
    for (size_t r = 0; rows.ok() && r < rows->size(); ++r) {
      out.push_back(std::string(rows->Text(r, 0)) + ":" + std::string(rows->Text(r, 1)) + ":" +
                    std::string(rows->Text(r, 2)));
    }
    return out;
  }
};

}  // namespace cardex::testing

#endif  // CARDEX_TESTS_NOTICES_NOTICES_TEST_SUPPORT_H_
