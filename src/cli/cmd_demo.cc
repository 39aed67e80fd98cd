// cardex demo: builds the demonstration province (demo_builder.h) into --db
// and serves it, printing the address and the demonstration logins.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "cardex/core/messages.h"
#include "cardex/intake/desk_cases.h"
#include "command.h"
#include "demo_builder.h"
#include "serve_options.h"

namespace cardex::cli {

namespace {

struct DemoArgs {
  ServeOptions serve;
  DemoOptions demo;
  std::string today;  // "" = the machine's today
  bool no_serve = false;
};

// The station officer's desk and the members to try its harder paths on.
struct DeskTour {
  std::string station;
  std::vector<intake::DeskCase> cases;
};

void PrintLogins(const GlobalOptions& global, const DemoSummary& s, const DemoOptions& o,
                 const DeskTour& tour, uint16_t port, const std::string& host) {
  std::printf("\nCardex — bản trình diễn / demonstration: %s\n", global.db.c_str());
  if (!s.from.empty()) {
    std::printf("  %lld đảng viên / members, %lld lịch hẹn / appointments, %s – %s\n",
                static_cast<long long>(s.members), static_cast<long long>(s.appointments),
                s.from.c_str(), s.to.c_str());
    std::printf("  đã tiếp nhận / already submitted: %lld, ngoại lệ / exceptions: %lld, "
                "đã trao thẻ / cards handed over: %lld\n",
                static_cast<long long>(s.submitted), static_cast<long long>(s.exceptions),
                static_cast<long long>(s.handed_over));
  }
  if (port) std::printf("\n  Địa chỉ / address:  http://%s:%u/\n", host.c_str(), port);
  std::printf("\n  Tài khoản / logins (mật khẩu / password: %s)\n", o.password.c_str());
  for (const DemoAccount& a : s.accounts) {
    std::printf("    %-9s %-21s %-16s %s\n", a.login.c_str(), a.role.c_str(),
                a.scope.empty() ? "(toàn bộ / all)" : a.scope.c_str(), a.what.c_str());
  }
  if (!tour.cases.empty()) {
    std::printf("\n  Thử ở bàn tiếp nhận / try at the desk (canbo, %s):\n", tour.station.c_str());
    for (const intake::DeskCase& c : tour.cases) {
      const std::string when = c.slot_start.size() >= 16
                                   ? c.slot_start.substr(0, 10) + " " + c.slot_start.substr(11, 5)
                                   : c.slot_start;
      if (c.kind == "open_difference") {
        std::printf("    %-10s %s  sai lệch với CSDL dân cư (%s): xác nhận bị từ chối cho đến khi "
                    "áp dụng CSDL / registry mismatch (%s): confirm refused until settled\n",
                    c.member_no.c_str(), when.c_str(), FieldList(Lang::kVi, c.fields).c_str(),
                    FieldList(Lang::kEn, c.fields).c_str());
      } else if (c.kind == "wrong_id") {
        std::printf("    %-10s %s  số CCCD ghi sai: tìm bằng số CCCD theo CSDL %s / wrong CCCD: "
                    "look up the registry's %s\n",
                    c.member_no.c_str(), when.c_str(), c.registry_citizen_id.c_str(),
                    c.registry_citizen_id.c_str());
      } else {
        std::printf("    %-10s %s  đang chờ đơn vị sửa thông tin / open correction\n",
                    c.member_no.c_str(), when.c_str());
      }
    }
  }
  std::printf("\n");
  std::fflush(stdout);
}

int RunDemo(const GlobalOptions& global, DemoArgs args) {
  if (args.today.empty()) {
    args.demo.today = Date::Today();
  } else {
    auto today = Date::Parse(args.today);
    if (!today.ok()) return Fail("--today: " + today.status().message());
    args.demo.today = *today;
  }
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  DemoSummary summary;
  auto built = (*store)->GetSetting("demo_built");
  if (!built.ok()) return Fail(built.status());
  if (built->has_value()) {
    std::fprintf(stderr, "cardex: %s already holds the demonstration built on %s; serving it\n",
                 global.db.c_str(), (*built)->c_str());
    summary.accounts = DemoAccounts();  // fixed: nothing to build
  } else {
    auto result = BuildDemo(**store, args.demo, [](std::string_view stage) {
      std::fprintf(stderr, "cardex demo: %.*s…\n", static_cast<int>(stage.size()), stage.data());
    });
    if (!result.ok()) {
      if (result.status().code() == StatusCode::kFailedPrecondition) {
        return Fail(result.status().message() + " (" + global.db +
                    " is not a demonstration database: give --db a new file)");
      }
      return Fail(result.status());
    }
    summary = std::move(*result);
    auto marked = (*store)->PutSettingIfAbsent("demo_built", args.demo.today.ToString());
    if (!marked.ok()) return Fail(marked.status());
  }
  DeskTour tour;
  for (const DemoAccount& a : summary.accounts) {
    if (a.role == "station_officer") tour.station = a.scope;
  }
  if (!tour.station.empty()) {
    auto cases = intake::DeskCasesToTry(**store, tour.station, args.demo.today.ToString());
    if (!cases.ok()) return Fail(cases.status());
    tour.cases = std::move(*cases);
  }
  store->reset();  // the server opens its own connections
  if (args.no_serve) {
    PrintLogins(global, summary, args.demo, tour, 0, args.serve.server.host);
    return 0;
  }
  return Serve(global, args.serve, [&](uint16_t port) {
    PrintLogins(global, summary, args.demo, tour, port, args.serve.server.host);
  });
}

}  // namespace

void RegisterDemo(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto* cmd = app.add_subcommand(
      "demo", "Build a demonstration province (Lâm Đồng) with a few days of history and serve it");
  static DemoArgs demo_args;  // outlives the parse and the action
  auto* args = &demo_args;
  AddServeOptions(*cmd, &args->serve);
  cmd->add_option("--members", args->demo.members, "members in the province (at least 8000)")
      ->check(CLI::Range(int64_t{8000}, int64_t{6000000}))
      ->capture_default_str();
  cmd->add_option("--seed", args->demo.seed, "generator seed")->capture_default_str();
  cmd->add_option("--today", args->today, "the demonstration's today, YYYY-MM-DD (default: today)");
  cmd->add_option("--days-lived", args->demo.days_lived, "days of reception already simulated")
      ->check(CLI::Range(0, 9))
      ->capture_default_str();
  cmd->add_flag("--no-serve", args->no_serve, "build the database and print the logins, then exit");
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunDemo(global, *args); };
  });
}

}  // namespace cardex::cli
