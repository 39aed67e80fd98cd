#include "cardex/core/verdict.h"

#include <array>

#include "cardex/core/block_keys.h"
#include "cardex/core/citizen_id.h"
#include "cardex/core/dates.h"
#include "cardex/core/vn_name.h"

namespace cardex {
namespace {

constexpr std::array<std::string_view, kVerdictCount> kNames = {
    "invalid_id",   "duplicate_id", "id_not_found", "deceased",
    "wrong_person", "mismatch",     "fixable",      "match",
};

constexpr std::array<std::string_view, 3> kFieldNames = {"full_name", "birth_date", "gender"};

bool NameDiffersSubstantively(std::string_view recorded, std::string_view registry) {
  return recorded != registry && !vn_name::DiffersOnlyInForm(recorded, registry);
}

}  // namespace

std::string_view VerdictName(Verdict verdict) { return kNames[static_cast<size_t>(verdict)]; }

std::optional<Verdict> ParseVerdict(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<Verdict>(i);
  }
  return std::nullopt;
}

std::string FieldsText(uint8_t fields) {
  std::string out;
  for (size_t i = 0; i < kFieldNames.size(); ++i) {
    if ((fields & (1u << i)) == 0) continue;
    if (!out.empty()) out.push_back(';');
    out.append(kFieldNames[i]);
  }
  return out;
}

std::optional<uint8_t> ParseFields(std::string_view text) {
  uint8_t fields = 0;
  while (!text.empty()) {
    const size_t end = text.find(';');
    const std::string_view name = text.substr(0, end);
    size_t i = 0;
    while (i < kFieldNames.size() && kFieldNames[i] != name) ++i;
    if (i == kFieldNames.size()) return std::nullopt;
    fields = static_cast<uint8_t>(fields | (1u << i));
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
  }
  return fields;
}

bool BirthDateDiffersOnlyInForm(std::string_view recorded, std::string_view registry) {
  if (recorded == registry) return true;
  auto partial = PartialDate::Parse(recorded);
  if (!partial.ok() || partial->is_full()) return false;
  auto full = Date::Parse(registry);
  return full.ok() && partial->AgreesWith(*full);
}

Assessment Assess(const RecordedFacts& member, bool duplicate_id, const RegistryFacts* citizen) {
  Assessment a;
  if (!IsWellFormedCitizenId(member.citizen_id)) {
    a.verdict = Verdict::kInvalidId;
  } else if (duplicate_id) {
    a.verdict = Verdict::kDuplicateId;
  } else if (citizen == nullptr) {
    a.verdict = Verdict::kIdNotFound;
  } else if (!citizen->deceased_on.empty()) {
    a.verdict = Verdict::kDeceased;
  } else {
    const bool name_substantive = NameDiffersSubstantively(member.full_name, citizen->full_name);
    const bool date_substantive =
        !BirthDateDiffersOnlyInForm(member.birth_date, citizen->birth_date);
    const bool gender_differs = member.gender != citizen->gender;
    if (name_substantive && date_substantive) {
      a.verdict = Verdict::kWrongPerson;
      return a;
    }
    a.fields =
        static_cast<uint8_t>((member.full_name != citizen->full_name ? kFieldFullName : 0) |
                             (member.birth_date != citizen->birth_date ? kFieldBirthDate : 0) |
                             (gender_differs ? kFieldGender : 0));
    if (name_substantive || date_substantive || gender_differs) {
      a.verdict = Verdict::kMismatch;
    } else {
      a.verdict = a.fields != 0 ? Verdict::kFixable : Verdict::kMatch;
    }
  }
  return a;
}

bool IsConfidentMatch(const RecordedFacts& member, const RegistryFacts& citizen) {
  return citizen.deceased_on.empty() && member.gender == citizen.gender &&
         BirthDateDiffersOnlyInForm(member.birth_date, citizen.birth_date) &&
         vn_name::DiffersOnlyInForm(member.full_name, citizen.full_name);
}

int64_t SuggestionKey(std::string_view full_name, std::string_view birth_date,
                      std::string_view gender) {
  // Defined bit for bit in core/block_keys.h (the key is stored).
  return SuggestionKeyOfFold(vn_name::FoldKey(full_name), birth_date, gender);
}

}  // namespace cardex
