#include "reconcile/compare.h"

#include <algorithm>
#include <cstdlib>
#include <span>

#include "cardex/core/block_keys.h"
#include "cardex/core/dates.h"
#include "cardex/core/vn_name.h"

namespace cardex::reconcile {
namespace {

constexpr std::string_view kFieldNames[] = {"name", "birth_date", "gender", "citizen_id"};
constexpr std::string_view kNameLevelNames[] = {
    "same", "diacritics", "reordered", "variant", "typo", "two_edits", "word_missing", "similar",
    "different"};
constexpr std::string_view kDateLevelNames[] = {"same",     "swapped", "one_digit",
                                                "year_off", "partly",  "different"};
constexpr std::string_view kGenderLevelNames[] = {"same", "different"};
constexpr std::string_view kIdLevelNames[] = {"one_edit", "province_only", "two_edits",
                                              "other_person", "different"};

std::span<const std::string_view> LevelNames(Field f) {
  switch (f) {
    case Field::kName:
      return kNameLevelNames;
    case Field::kBirthDate:
      return kDateLevelNames;
    case Field::kGender:
      return kGenderLevelNames;
    case Field::kCitizenId:
      return kIdLevelNames;
  }
  return {};
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

bool AllDigits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The words of `longer` without one of them equal `shorter`.
bool OneWordMore(const std::vector<std::string>& longer, const std::vector<std::string>& shorter) {
  if (longer.size() != shorter.size() + 1) return false;
  size_t i = 0, j = 0;
  bool skipped = false;
  while (i < longer.size() && j < shorter.size()) {
    if (longer[i] == shorter[j]) {
      ++i;
      ++j;
    } else if (!skipped) {
      skipped = true;
      ++i;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string_view FieldName(Field f) { return kFieldNames[static_cast<int>(f)]; }

std::string_view LevelName(Field f, int level) {
  const auto names = LevelNames(f);
  return level >= 0 && static_cast<size_t>(level) < names.size() ? names[level] : "";
}

int LevelByName(Field f, std::string_view name) {
  const auto names = LevelNames(f);
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

int EditDistance(std::string_view a, std::string_view b, int limit) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > limit) return limit + 1;
  std::vector<int> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (int j = 0; j <= m; ++j) prev[j] = j;
  for (int i = 1; i <= n; ++i) {
    cur[0] = i;
    int row_min = cur[0];
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], limit + 1);
}

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  const int la = static_cast<int>(a.size()), lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  std::vector<char> ma(la, 0), mb(lb, 0);
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    const int lo = std::max(0, i - window), hi = std::min(lb - 1, i + window);
    for (int j = lo; j <= hi; ++j) {
      if (!mb[j] && a[i] == b[j]) {
        ma[i] = mb[j] = 1;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  int transpositions = 0;
  for (int i = 0, j = 0; i < la; ++i) {
    if (!ma[i]) continue;
    while (!mb[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = matches;
  const double jaro = (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
  int prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

Subject MakeSubject(std::string_view full_name, std::string_view birth_date,
                    std::string_view gender, std::string_view citizen_id,
                    bool id_names_other) {
  Subject s;
  s.id_names_other = id_names_other;
  s.full_name = full_name;
  s.birth_date = birth_date;
  s.gender = gender;
  s.citizen_id = citizen_id;
  s.words = FoldedWords(full_name);
  s.folded = Join(s.words);
  return s;
}

NameLevel CompareNames(const Subject& s, std::string_view registry_name,
                       const std::vector<std::string>& rw) {
  const std::vector<std::string>& sw = s.words;
  if (sw == rw) {
    return s.full_name == registry_name || vn_name::DiffersOnlyInForm(s.full_name, registry_name)
               ? kNameSame
               : kNameDiacritics;
  }
  if (sw.size() == rw.size()) {
    std::vector<std::string> a = sw, b = rw;
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    if (a == b) return kNameReordered;
    int differing = 0;
    size_t at = 0;
    for (size_t i = 0; i < sw.size(); ++i) {
      if (sw[i] != rw[i]) {
        ++differing;
        at = i;
      }
    }
    if (differing == 1) {
      if (AreNameVariants(sw[at], rw[at])) return kNameVariant;
      const int edits = EditDistance(sw[at], rw[at], 2);
      if (edits == 1) return kNameTypo;
      if (edits == 2 && std::max(sw[at].size(), rw[at].size()) >= 4) return kNameTwoEdits;
    }
  }
  if (OneWordMore(sw, rw) || OneWordMore(rw, sw)) return kNameWordMissing;
  // Alike as a whole, and the given names alike too: family and middle
  // names shared by half a province (Nguyễn Văn) do not make Tâm like Hùng.
  if (!sw.empty() && !rw.empty() && JaroWinkler(s.folded, Join(rw)) >= 0.9 &&
      JaroWinkler(sw.back(), rw.back()) >= 0.8) {
    return kNameSimilar;
  }
  return kNameDifferent;
}

DateLevel CompareDates(std::string_view recorded, std::string_view registry) {
  if (recorded == registry) return kDateSame;
  auto full = Date::Parse(registry);
  auto partial = PartialDate::Parse(recorded);
  if (!full.ok() || !partial.ok()) return kDateDifferent;
  if (partial->AgreesWith(*full)) return kDateSame;
  const int ry = full->year(), rm = full->month(), rd = full->day();
  const int y = partial->year(), m = partial->month(), d = partial->day();
  if (!partial->is_full()) {
    if (std::abs(y - ry) == 1 && (m == 0 || m == rm)) return kDateYearOff;
    return kDateDifferent;
  }
  if (y == ry && m == rd && d == rm) return kDateSwapped;
  if (recorded.size() == registry.size()) {
    int differ = 0;
    size_t first = 0;
    for (size_t i = 0; i < recorded.size(); ++i) {
      if (recorded[i] != registry[i]) {
        if (differ++ == 0) first = i;
      }
    }
    if (differ == 1) return kDateOneDigit;
    if (differ == 2 && first + 1 < recorded.size() && recorded[first] == registry[first + 1] &&
        recorded[first + 1] == registry[first]) {
      return kDateOneDigit;
    }
  }
  if (std::abs(y - ry) == 1 && m == rm && d == rd) return kDateYearOff;
  if ((y == ry) + (m == rm) + (d == rd) >= 2) return kDatePartly;
  return kDateDifferent;
}

IdLevel CompareIds(std::string_view r, std::string_view c) {
  if (c.size() != 12 || !AllDigits(r)) return kIdDifferent;
  if (r.size() == 11) {
    // A spreadsheet's lost leading zero, or one digit left out.
    for (size_t skip = 0; skip < 12; ++skip) {
      if (c.substr(0, skip) == r.substr(0, skip) && c.substr(skip + 1) == r.substr(skip)) {
        return kIdOneEdit;
      }
    }
    return kIdDifferent;
  }
  if (r.size() != 12) return kIdDifferent;
  int differ = 0;
  size_t first = 0;
  for (size_t i = 0; i < 12; ++i) {
    if (r[i] != c[i] && differ++ == 0) first = i;
  }
  if (differ <= 1) return kIdOneEdit;
  if (differ == 2 && first + 1 < 12 && r[first] == c[first + 1] && r[first + 1] == c[first]) {
    return kIdOneEdit;
  }
  if (r.substr(3) == c.substr(3)) return kIdProvinceOnly;
  if (differ == 2) return kIdTwoEdits;
  return kIdDifferent;
}

Levels Compare(const Subject& s, const CandidateFacts& c, const std::vector<std::string>* words) {
  std::vector<std::string> own;
  if (words == nullptr) {
    own = FoldedWords(c.full_name);
    words = &own;
  }
  char id[13];
  int64_t v = c.citizen_id;
  for (int i = 11; i >= 0; --i) {
    id[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  Levels levels;
  levels[0] = CompareNames(s, c.full_name, *words);
  levels[1] = CompareDates(s.birth_date, c.birth_date);
  levels[2] = s.gender == c.gender ? kGenderSame : kGenderDifferent;
  levels[3] = CompareIds(s.citizen_id, std::string_view(id, 12));
  if (levels[3] == kIdDifferent && s.id_names_other) levels[3] = kIdOtherPerson;
  return levels;
}

}  // namespace cardex::reconcile
