#include "cardex/store/lookups.h"

namespace cardex {

namespace {

Unit UnitAt(const SqlRows& rows, size_t i) {
  return Unit{std::string(rows.Text(i, 0)), std::string(rows.Text(i, 1)),
              std::string(rows.Text(i, 2)), std::string(rows.Text(i, 3))};
}

Station StationAt(const SqlRows& rows, size_t i) {
  Station s;
  s.code = rows.Text(i, 0);
  s.name = rows.Text(i, 1);
  s.counters = static_cast<int>(rows.Int(i, 2));
  s.minutes_per_member = static_cast<int>(rows.Int(i, 3));
  return s;
}

}  // namespace

Result<std::optional<Unit>> FindUnit(Store& store, std::string_view code) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows, store.Query("SELECT code, parent_code, kind, name FROM units WHERE code = ?", {code}));
  if (rows.empty()) return std::optional<Unit>();
  return std::optional<Unit>(UnitAt(rows, 0));
}

Result<std::vector<Unit>> ChildUnits(Store& store, std::string_view parent_code) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows rows,
                          store.Query("SELECT code, parent_code, kind, name FROM units "
                                      "WHERE parent_code = ? ORDER BY code",
                                      {parent_code}));
  std::vector<Unit> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(UnitAt(rows, i));
  return out;
}

Result<std::optional<Station>> FindStation(Store& store, std::string_view code) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT code, name, counters, minutes_per_member FROM stations WHERE code = ?", {code}));
  if (rows.empty()) return std::optional<Station>();
  return std::optional<Station>(StationAt(rows, 0));
}

Result<std::vector<Station>> StationsServingArea(Store& store, std::string_view unit_code,
                                                 std::string_view parent_code) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT DISTINCT s.code, s.name, s.counters, s.minutes_per_member "
                  "FROM station_serves v JOIN stations s ON s.code = v.station_code "
                  "WHERE v.unit_code = ? OR v.unit_code = ? OR v.unit_code IN "
                  "(SELECT code FROM units WHERE parent_code = ?) ORDER BY s.code",
                  {unit_code, parent_code, unit_code}));
  std::vector<Station> out;
  out.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out.push_back(StationAt(rows, i));
  return out;
}

Result<UnitTree> LoadUnitTree(Store& store) {
  std::vector<Unit> units;
  CARDEX_RETURN_IF_ERROR(store.ScanUnits([&](const Unit& u) {
    units.push_back(u);
    return Status::Ok();
  }));
  return UnitTree(std::move(units));
}

Result<std::optional<std::string>> MemberUnit(Store& store, std::string_view member_no) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows rows,
                          store.Query("SELECT unit_code FROM members WHERE member_no = ?", {member_no}));
  if (rows.empty()) return std::optional<std::string>();
  return std::optional<std::string>(std::string(rows.Text(0, 0)));
}

}  // namespace cardex
