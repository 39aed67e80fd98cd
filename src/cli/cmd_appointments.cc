#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>

#include "cardex/core/dates.h"
#include "cardex/io/csv.h"
#include "command.h"

namespace cardex::cli {
namespace {

struct AppointmentsArgs {
  AppointmentFilter filter;
  std::string out;  // "" : standard output
};

int RunAppointments(const GlobalOptions& global, const AppointmentsArgs& args) {
  if (!args.filter.date.empty()) {
    auto date = Date::Parse(args.filter.date);
    if (!date.ok()) return Fail("--date: " + date.status().message());
  }
  auto store = OpenAndMigrate(global);
  if (!store.ok()) return Fail(store.status());
  std::string buffer;  // standard output: flushed every few hundred rows
  std::unique_ptr<CsvWriter> out;
  if (args.out.empty()) {
    out = CsvWriter::ToString(&buffer);
  } else {
    auto opened = CsvWriter::OpenFile(args.out);
    if (!opened.ok()) return Fail(opened.status());
    out = std::move(*opened);
  }
  auto flush = [&] {
    std::fwrite(buffer.data(), 1, buffer.size(), stdout);
    buffer.clear();
  };
  Status s = out->WriteRow({"member_no", "unit_code", "station_code", "slot_start", "slot_end",
                            "mode", "invitation_code", "status"});
  int64_t rows = 0;
  if (s.ok()) {
    s = (*store)->ScanAppointments(args.filter, [&](const StoredAppointment& a) {
      CARDEX_RETURN_IF_ERROR(out->WriteRow({a.member_no, a.unit_code, a.station_code, a.slot_start,
                                            a.slot_end, a.mode, a.invitation_code, a.status}));
      if (++rows % 256 == 0) flush();
      return Status::Ok();
    });
  }
  if (s.ok()) s = out->Close();
  if (!s.ok()) return Fail(s);
  flush();
  if (!args.out.empty()) {
    std::printf("wrote %lld appointments to %s\n", static_cast<long long>(rows), args.out.c_str());
  }
  return 0;
}

}  // namespace

void RegisterAppointments(CLI::App& app, const GlobalOptions& global, Action* action) {
  auto args = std::make_shared<AppointmentsArgs>();
  auto* cmd = app.add_subcommand("appointments", "List the stored appointments, in slot order");
  cmd->add_option("--station", args->filter.station_code, "only this station's");
  cmd->add_option("--date", args->filter.date, "only slots starting on this day (YYYY-MM-DD)");
  cmd->add_option("--unit", args->filter.unit_code, "only this cell's");
  cmd->add_option("--member", args->filter.member_no, "only this member's");
  cmd->add_option("--out", args->out, "write CSV here instead of standard output");
  cmd->callback([&global, action, args] {
    *action = [&global, args] { return RunAppointments(global, *args); };
  });
}

}  // namespace cardex::cli
