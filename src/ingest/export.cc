#include <string>

#include "cardex/ingest/import.h"
#include "cardex/io/csv.h"

namespace cardex {
namespace {

std::string JoinServes(const std::vector<std::string>& codes) {
  std::string s;
  for (const auto& c : codes) {
    if (!s.empty()) s += ';';
    s += c;
  }
  return s;
}

}  // namespace

Result<int64_t> ExportFile(Store& store, RecordKind kind, const std::string& path,
                           int64_t* formula_fields) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvWriter> out, CsvWriter::OpenFile(path));
  int64_t rows = 0;
  Status scanned;
  switch (kind) {
    case RecordKind::kUnits:
      CARDEX_RETURN_IF_ERROR(out->WriteRow({"code", "parent_code", "kind", "name"}));
      scanned = store.ScanUnits([&](const Unit& u) {
        ++rows;
        return out->WriteRow({u.code, u.parent_code, u.kind, u.name});
      });
      break;
    case RecordKind::kMembers:
      CARDEX_RETURN_IF_ERROR(out->WriteRow({"member_no", "citizen_id", "full_name", "birth_date",
                                            "gender", "unit_code", "status", "phone",
                                            "home_visit"}));
      scanned = store.ScanMembers([&](const Member& m) {
        ++rows;
        return out->WriteRow({m.member_no, m.citizen_id, m.full_name, m.birth_date, m.gender,
                              m.unit_code, m.status, m.phone, m.home_visit ? "1" : ""});
      });
      break;
    case RecordKind::kCitizens:
      CARDEX_RETURN_IF_ERROR(out->WriteRow(
          {"citizen_id", "full_name", "birth_date", "gender", "origin", "deceased_on"}));
      scanned = store.ScanCitizens([&](const Citizen& c) {
        ++rows;
        return out->WriteRow(
            {c.citizen_id, c.full_name, c.birth_date, c.gender, c.origin, c.deceased_on});
      });
      break;
    case RecordKind::kStations:
      CARDEX_RETURN_IF_ERROR(
          out->WriteRow({"code", "name", "counters", "minutes_per_member", "serves"}));
      scanned = store.ScanStations([&](const Station& s) {
        ++rows;
        std::string counters = std::to_string(s.counters);
        std::string minutes = std::to_string(s.minutes_per_member);
        std::string serves = JoinServes(s.serves);
        return out->WriteRow({s.code, s.name, counters, minutes, serves});
      });
      break;
    case RecordKind::kShifts:
      CARDEX_RETURN_IF_ERROR(out->WriteRow({"station_code", "date", "start", "end", "kind"}));
      scanned = store.ScanShifts([&](const Shift& s) {
        ++rows;
        return out->WriteRow({s.station_code, s.date, s.start, s.end, s.kind});
      });
      break;
  }
  CARDEX_RETURN_IF_ERROR(scanned);
  CARDEX_RETURN_IF_ERROR(out->Close());
  if (formula_fields != nullptr) *formula_fields = out->formula_fields();
  return rows;
}

}  // namespace cardex
