#include "gen/output.h"

#include <memory>
#include <string_view>

#include "cardex/io/csv.h"
#include "gen/calendar.h"

namespace cardex::gen {
namespace {

bool IsPublicHoliday(const Ymd& d) {
  return (d.month == 1 && d.day == 1) || (d.month == 4 && d.day == 30) ||
         (d.month == 5 && d.day == 1) || (d.month == 9 && d.day == 2);
}

}  // namespace

Status WriteUnits(const World& world, const std::string& path, int64_t* rows) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out, CsvWriter::OpenFile(path));
  CARDEX_RETURN_IF_ERROR(out->WriteRow({"code", "parent_code", "kind", "name"}));
  const Plan& plan = world.plan();
  *rows = 0;
  // Parents before children: each province, then its communes and cells.
  for (size_t p = 0; p < plan.provinces.size(); ++p) {
    CARDEX_RETURN_IF_ERROR(
        out->WriteRow({plan.provinces[p].code, "", "province", plan.provinces[p].name}));
    ++*rows;
    for (const PlanCommune& c : plan.communes) {
      if (c.province != static_cast<int>(p)) continue;
      CARDEX_RETURN_IF_ERROR(out->WriteRow({c.code, plan.provinces[p].code, "commune", c.name}));
      ++*rows;
      for (int i = c.first_cell; i < c.first_cell + c.cells; ++i) {
        CARDEX_RETURN_IF_ERROR(
            out->WriteRow({plan.cells[i].code, c.code, "cell", plan.cells[i].name}));
        ++*rows;
      }
    }
  }
  return out->Close();
}

Status WriteStations(const World& world, const std::string& path, int64_t* rows) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out, CsvWriter::OpenFile(path));
  CARDEX_RETURN_IF_ERROR(
      out->WriteRow({"code", "name", "counters", "minutes_per_member", "serves"}));
  const Plan& plan = world.plan();
  for (const PlanStation& s : plan.stations) {
    std::string serves;
    for (int c : s.communes) {
      if (!serves.empty()) serves.push_back(';');
      serves += plan.communes[c].code;
    }
    const std::string counters = std::to_string(s.counters);
    const std::string minutes = std::to_string(s.minutes_per_member);
    CARDEX_RETURN_IF_ERROR(out->WriteRow({s.code, s.name, counters, minutes, serves}));
  }
  *rows = static_cast<int64_t>(plan.stations.size());
  return out->Close();
}

Status WriteShifts(const World& world, const std::string& path, int64_t* rows) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out, CsvWriter::OpenFile(path));
  CARDEX_RETURN_IF_ERROR(out->WriteRow({"station_code", "date", "start", "end", "kind"}));
  *rows = 0;
  for (const PlanStation& s : world.plan().stations) {
    for (int day = 0; day < world.window_days(); ++day) {
      const int days = world.window_first_day() + day;
      const Ymd ymd = CivilFromDays(days);
      char date_buf[10];
      FormatDate(ymd, date_buf);
      const std::string_view date(date_buf, 10);
      const int weekday = ((days % 7) + 7 + 3) % 7;  // 0 = Monday; 1970-01-01 was a Thursday
      const std::string_view kind = IsPublicHoliday(ymd) ? "holiday"
                                    : weekday >= 5       ? "weekend"
                                                         : "day";
      CARDEX_RETURN_IF_ERROR(out->WriteRow({s.code, date, "07:00", "11:30", kind}));
      CARDEX_RETURN_IF_ERROR(out->WriteRow({s.code, date, "13:30", "17:00", kind}));
      CARDEX_RETURN_IF_ERROR(out->WriteRow({s.code, date, "19:00", "22:00", "night"}));
      *rows += 3;
      if (s.night) {
        CARDEX_RETURN_IF_ERROR(out->WriteRow({s.code, date, "22:00", "01:00", "night"}));
        ++*rows;
      }
    }
  }
  return out->Close();
}

}  // namespace cardex::gen
