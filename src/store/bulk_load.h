// The secondary indexes that a bulk load into an empty table drops and
// rebuilds (Store::BeginBulkLoad). Their DDL must match the migrations
// (migrations.cc); store_contract_test checks that the indexes exist again
// after a bulk load.
#ifndef CARDEX_STORE_BULK_LOAD_H_
#define CARDEX_STORE_BULK_LOAD_H_

#include <span>
#include <string_view>

#include "cardex/core/records.h"

namespace cardex::store_internal {

struct SecondaryIndex {
  std::string_view name;
  std::string_view create_sql;  // the same text in SQLite and PostgreSQL
};

inline std::span<const SecondaryIndex> SecondaryIndexes(RecordKind kind) {
  static constexpr SecondaryIndex kMembers[] = {
      {"members_citizen_id", "CREATE INDEX members_citizen_id ON members (citizen_id)"},
      {"members_unit_code", "CREATE INDEX members_unit_code ON members (unit_code)"},
  };
  static constexpr SecondaryIndex kCitizens[] = {
      {"citizens_suggestion_key",
       "CREATE INDEX citizens_suggestion_key ON citizens (suggestion_key)"},
      {"citizens_given_key", "CREATE INDEX citizens_given_key ON citizens (given_key)"},
      {"citizens_family_key", "CREATE INDEX citizens_family_key ON citizens (family_key)"},
  };
  if (kind == RecordKind::kMembers) return kMembers;
  if (kind == RecordKind::kCitizens) return kCitizens;
  return {};
}

// The appointments' indexes besides the primary key and the unique
// invitation code, which a plan replacing every appointment takes down and
// rebuilds (Store::BeginReplaceAppointments). They must match migration v3.
inline std::span<const SecondaryIndex> AppointmentSecondaryIndexes() {
  static constexpr SecondaryIndex kIndexes[] = {
      {"appointments_station_slot",
       "CREATE INDEX appointments_station_slot ON appointments (station_code, slot_start)"},
      {"appointments_unit_code", "CREATE INDEX appointments_unit_code ON appointments (unit_code)"},
  };
  return kIndexes;
}

}  // namespace cardex::store_internal

#endif  // CARDEX_STORE_BULK_LOAD_H_
