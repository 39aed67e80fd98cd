// Small helpers both backends share: the citizen id key and the station
// serves list encoding.
#ifndef CARDEX_STORE_STORE_UTIL_H_
#define CARDEX_STORE_STORE_UTIL_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/records.h"
#include "cardex/core/status.h"

namespace cardex::store_internal {

// A citizen id is stored as the integer its 12 digits spell.
inline bool PackCitizenId(std::string_view digits, int64_t* key) {
  if (digits.size() != 12) return false;
  int64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *key = v;
  return true;
}

// Writes the 12 zero-padded digits of `key` into `out`.
inline void UnpackCitizenId(int64_t key, std::string* out) {
  out->assign(12, '0');
  for (int i = 11; i >= 0 && key > 0; --i) {
    (*out)[i] = static_cast<char>('0' + key % 10);
    key /= 10;
  }
}

// Import validates ids, so a bad one here is a caller bug (kInternal, as for
// any constraint). Never quotes the id: messages carry no personal data.
inline Status BadCitizenIdError(size_t index) {
  return Status::Internal("citizen row " + std::to_string(index + 1) +
                                 " of the batch: citizen_id is not 12 digits");
}

// stations.serves keeps the codes as recorded, joined by ';'.
inline std::string JoinServes(const std::vector<std::string>& codes) {
  std::string out;
  for (size_t i = 0; i < codes.size(); ++i) {
    if (i) out += ';';
    out += codes[i];
  }
  return out;
}

inline void SplitServes(std::string_view text, std::vector<std::string>* codes) {
  codes->clear();
  if (text.empty()) return;
  size_t pos = 0;
  while (true) {
    size_t next = text.find(';', pos);
    codes->emplace_back(text.substr(pos, next == std::string_view::npos ? next : next - pos));
    if (next == std::string_view::npos) break;
    pos = next + 1;
  }
}

inline const char* TableName(RecordKind kind) {
  switch (kind) {
    case RecordKind::kUnits: return "units";
    case RecordKind::kMembers: return "members";
    case RecordKind::kCitizens: return "citizens";
    case RecordKind::kStations: return "stations";
    case RecordKind::kShifts: return "shifts";
  }
  return "units";
}

}  // namespace cardex::store_internal

#endif  // CARDEX_STORE_STORE_UTIL_H_
