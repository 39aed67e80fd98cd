// The demonstration province behind `cardex demo`: Lâm Đồng as the report
// describes it (gen's lam-dong preset, scaled), imported, reconciled,
// standardised, planned over a ten-day window around today, and with the
// first days of reception already lived through — check-ins, photos,
// confirmations, submissions, absences, home visits and wrong data — so
// every page has history. Then one demonstration account per role, and two
// working groups with an inspection and its follow-ups (and a member login).
#ifndef CARDEX_CLI_DEMO_BUILDER_H_
#define CARDEX_CLI_DEMO_BUILDER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/dates.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::cli {

struct DemoOptions {
  int64_t members = 20000;  // lam-dong needs at least 8,000
  uint64_t seed = 2025;
  Date today;               // the window runs from today - days_lived
  int days_lived = 3;       // days of reception already simulated
  int window_days = 10;
  std::string password = "demo-cardex-2025";  // of every demonstration account
};

struct DemoAccount {
  std::string login, role, scope, what;
};

struct DemoSummary {
  int64_t members = 0, appointments = 0, steps = 0, submitted = 0, exceptions = 0, handed_over = 0;
  std::string from, to;
  std::vector<DemoAccount> accounts;
};

// The demonstration accounts (the same in every build): one per role, and a
// working group's member (tokiemtra).
std::vector<DemoAccount> DemoAccounts();

using DemoProgress = std::function<void(std::string_view stage)>;

// Builds the demonstration into `store`, which must hold no members yet
// (kFailedPrecondition otherwise).
Result<DemoSummary> BuildDemo(Store& store, const DemoOptions& options,
                              const DemoProgress& progress = nullptr);

}  // namespace cardex::cli

#endif  // CARDEX_CLI_DEMO_BUILDER_H_
