#include "gen/names.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cmath>
#include <utility>

#include "cardex/core/vn_name.h"

namespace cardex::gen {
namespace {

using Entries = std::vector<std::pair<std::string_view, double>>;

// Family names with their approximate share of the population (percent).
const Entries& FamilyNames() {
  static const Entries kNames = {
      {"Nguyễn", 38.0}, {"Trần", 11.0}, {"Lê", 9.5},    {"Phạm", 7.0},   {"Hoàng", 3.1},
      {"Huỳnh", 2.1},   {"Phan", 4.5},  {"Vũ", 2.0},    {"Võ", 2.0},     {"Đặng", 2.1},
      {"Bùi", 2.0},     {"Đỗ", 1.4},    {"Hồ", 1.3},    {"Ngô", 1.3},    {"Dương", 1.0},
      {"Lý", 0.5},      {"Đào", 0.6},   {"Đoàn", 0.6},  {"Trương", 0.8}, {"Trịnh", 0.5},
      {"Đinh", 0.5},    {"Mai", 0.5},   {"Hà", 0.5},    {"Cao", 0.4},    {"Lương", 0.4},
      {"Lâm", 0.4},     {"Vương", 0.3}, {"Phùng", 0.3}, {"Tô", 0.3},     {"Tạ", 0.3},
      {"Lưu", 0.3},     {"Châu", 0.3},  {"Chu", 0.2},   {"Thái", 0.2},   {"Kiều", 0.1},
      {"Từ", 0.1},      {"Quách", 0.1}, {"Triệu", 0.1}, {"Âu", 0.05},    {"La", 0.05},
  };
  return kNames;
}

const Entries& MiddleMale() {
  static const Entries kNames = {
      {"Văn", 35},  {"Đức", 8},  {"Minh", 8},  {"Hữu", 7},   {"Quốc", 6},  {"Ngọc", 4},
      {"Thanh", 5}, {"Xuân", 4}, {"Công", 5},  {"Đình", 5},  {"Quang", 4}, {"Anh", 3},
      {"Trọng", 3}, {"Tấn", 3},  {"Thành", 3}, {"Hoàng", 3}, {"Mạnh", 2},  {"Duy", 2},
      {"Bá", 2},    {"Tuấn", 2}, {"Gia", 2},   {"Nhật", 1},
  };
  return kNames;
}

const Entries& MiddleFemale() {
  static const Entries kNames = {
      {"Thị", 55},  {"Ngọc", 8}, {"Thanh", 5},  {"Thu", 4},  {"Kim", 4},  {"Minh", 3}, {"Hồng", 3},
      {"Bích", 2},  {"Mỹ", 3},   {"Phương", 2}, {"Thúy", 2}, {"Xuân", 2}, {"Diệu", 1}, {"Hoài", 1},
      {"Quỳnh", 2}, {"Bảo", 1},  {"Khánh", 1},  {"Như", 1},  {"Thảo", 1}, {"Hải", 1},
  };
  return kNames;
}

// Second middle names: "Nguyễn Thị Xuân Thu", "Trần Văn Minh Tuấn".
const Entries& SecondMiddleMale() {
  static const Entries kNames = {
      {"Minh", 5}, {"Quốc", 3}, {"Thanh", 3}, {"Hoàng", 3}, {"Anh", 3},
      {"Đức", 2},  {"Ngọc", 2}, {"Xuân", 2},  {"Hữu", 1},   {"Nhật", 1},
  };
  return kNames;
}

const Entries& SecondMiddleFemale() {
  static const Entries kNames = {
      {"Xuân", 4}, {"Thu", 4}, {"Ngọc", 4},   {"Thanh", 3}, {"Kim", 3},  {"Minh", 3},
      {"Hồng", 3}, {"Mỹ", 2},  {"Phương", 2}, {"Bích", 2},  {"Diệu", 1}, {"Quỳnh", 1},
  };
  return kNames;
}

// Given names, most common first; weights fall off with rank.
const std::vector<std::string_view>& GivenMale() {
  static const std::vector<std::string_view> kNames = {
      "Hùng",   "Dũng",  "Tuấn",   "Minh",  "Hải",   "Nam",   "Sơn",   "Thắng", "Long",  "Hưng",
      "Cường",  "Hoàng", "Quang",  "Thành", "Trung", "Đức",   "Huy",   "Phong", "Tùng",  "Bình",
      "Việt",   "Anh",   "Hiếu",   "Khánh", "Tâm",   "Tài",   "Phúc",  "Lâm",   "Nghĩa", "Toàn",
      "Vinh",   "Tiến",  "Trí",    "Thịnh", "Lộc",   "Phát",  "Quân",  "Hòa",   "Hiệp",  "Đạt",
      "Duy",    "Khoa",  "Kiên",   "Mạnh",  "Nhân",  "Phú",   "Quý",   "Sang",  "Tân",   "Thái",
      "Thanh",  "Thuận", "Trường", "Vũ",    "Bảo",   "Công",  "Chiến", "Định",  "Đông",  "Giang",
      "Hà",     "Hào",   "Hậu",    "Hiển",  "Khải",  "Khang", "Khôi",  "Lợi",   "Luân",  "Nguyên",
      "Nhật",   "Phước", "Quốc",   "Thăng", "Thông", "Thọ",   "Tín",   "Trọng", "Tú",    "Tường",
      "Tuân",   "Vương", "Xuân",   "Châu",  "Cảnh",  "Đăng",  "Điền",  "Kha",   "Lực",   "Ngọc",
      "Phương", "Sỹ",    "Tạo",    "Thạch", "Hoan",  "Hưởng", "Dương", "Lãm",   "Thiện", "Vĩnh",
  };
  return kNames;
}

const std::vector<std::string_view>& GivenFemale() {
  static const std::vector<std::string_view> kNames = {
      "Lan",    "Hương", "Hoa",  "Hằng",  "Mai",   "Linh",   "Thu",  "Trang",  "Hà",    "Nga",
      "Phương", "Thủy",  "Ngọc", "Anh",   "Huyền", "Dung",   "Hạnh", "Yến",    "Hiền",  "Loan",
      "Thảo",   "Vân",   "Liên", "Nhung", "Hồng",  "Tuyết",  "Oanh", "Quỳnh",  "Chi",   "Giang",
      "Thư",    "Thúy",  "Hòa",  "Hường", "Ngà",   "Ánh",    "Bích", "Châu",   "Diệp",  "Duyên",
      "Hân",    "Huệ",   "Ly",   "My",    "Ngân",  "Nguyệt", "Nhi",  "Phượng", "Quyên", "Tâm",
      "Thanh",  "Thắm",  "Thơ",  "Tiên",  "Trâm",  "Trinh",  "Uyên", "Vy",     "Xuân",  "Hậu",
      "Lệ",     "Lý",    "Mơ",   "Nhàn",  "Nương", "Sương",  "Tình", "Trà",    "Tươi",  "Vui",
      "Diễm",   "Đào",   "Gấm",  "Kiều",  "Lài",   "Lụa",    "Mến",  "Thoa",   "Thuận", "Thương",
      "Trúc",   "Tú",    "Vi",   "Hạ",    "Khánh", "Kim",    "An",   "Bình",   "Cúc",   "Đông",
      "Hải",    "Hiên",  "Mỹ",   "Mận",   "Nhài",  "Quế",    "Sen",  "Ngát",   "Trân",  "Xoan",
  };
  return kNames;
}

// Pairs of real names that differ only in diacritics: the substantive typos
// formats.md tells apart from formatting (Hùng is not Hưng).
const std::vector<std::pair<std::string_view, std::string_view>>& SwapPairs() {
  static const std::vector<std::pair<std::string_view, std::string_view>> kPairs = {
      {"Hùng", "Hưng"}, {"Tuấn", "Tuân"},   {"Thắng", "Thăng"}, {"Thu", "Thư"},
      {"Hoa", "Hòa"},   {"Hương", "Hường"}, {"Nga", "Ngà"},     {"Thủy", "Thúy"},
      {"Hà", "Hạ"},     {"Hải", "Hai"},     {"Tâm", "Tám"},     {"Lan", "Lân"},
      {"Dũng", "Dung"}, {"Minh", "Mính"},   {"Long", "Lòng"},   {"Linh", "Lình"},
  };
  return kPairs;
}

std::string IcuUpper(std::string_view s) {
  std::string out;
  icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())))
      .toUpper(icu::Locale("vi"))
      .toUTF8String(out);
  return out;
}

std::string IcuNfd(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  if (U_FAILURE(status)) return std::string(s);
  icu::UnicodeString in =
      icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  icu::UnicodeString decomposed = nfd->normalize(in, status);
  if (U_FAILURE(status)) return std::string(s);
  std::string out;
  decomposed.toUTF8String(out);
  return out;
}

uint64_t Pow(uint64_t base, size_t exponent) {
  uint64_t r = 1;
  for (size_t i = 0; i < exponent; ++i) r *= base;
  return r;
}

}  // namespace

const NameTables& NameTables::Get() {
  static const NameTables* const kTables = new NameTables();
  return *kTables;
}

int NameTables::AddWord(std::string_view nfc) {
  for (size_t i = 0; i < words_.size(); ++i) {
    if (words_[i].nfc == nfc) return static_cast<int>(i);
  }
  Word w;
  w.nfc = std::string(nfc);
  w.nfd = IcuNfd(nfc);
  w.upper = IcuUpper(nfc);
  w.stripped = vn_name::StripDiacritics(nfc);
  w.stripped_upper = w.stripped;
  for (char& c : w.stripped_upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  w.form_key = vn_name::FormKey(nfc);
  w.fold_key = vn_name::FoldKey(nfc);
  w.form_hash = PolyHash(w.form_key);
  w.form_pow = Pow(kPolyBase, w.form_key.size());
  w.fold_hash = PolyHash(w.fold_key);
  w.fold_pow = Pow(kPolyBase, w.fold_key.size());
  words_.push_back(std::move(w));
  return static_cast<int>(words_.size() - 1);
}

NameTables::Table NameTables::MakeTable(const Entries& entries) {
  Table t;
  double total = 0;
  for (const auto& [name, weight] : entries) total += weight;
  // Largest-remainder allocation of 4096 slots, at least one per entry.
  const int n = static_cast<int>(entries.size());
  std::vector<int> slots(n, 1);
  int used = n;
  std::vector<std::pair<double, int>> remainders;
  for (int i = 0; i < n; ++i) {
    const double exact = entries[i].second / total * (4096 - n);
    const int whole = static_cast<int>(std::floor(exact));
    slots[i] += whole;
    used += whole;
    remainders.push_back({exact - whole, i});
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (int r = 0; used < 4096; ++r, ++used) slots[remainders[r % n].second] += 1;
  int at = 0;
  for (int i = 0; i < n; ++i) {
    t.words.push_back(static_cast<uint16_t>(AddWord(entries[i].first)));
    for (int s = 0; s < slots[i]; ++s) t.pick[at++] = static_cast<uint16_t>(i);
  }
  return t;
}

NameTables::NameTables() {
  family_ = MakeTable(FamilyNames());
  middle_male_ = MakeTable(MiddleMale());
  middle_female_ = MakeTable(MiddleFemale());
  second_middle_male_ = MakeTable(SecondMiddleMale());
  second_middle_female_ = MakeTable(SecondMiddleFemale());
  Entries male, female;
  const auto& gm = GivenMale();
  for (size_t r = 0; r < gm.size(); ++r) male.push_back({gm[r], 1.0 / (r + 8.0)});
  const auto& gf = GivenFemale();
  for (size_t r = 0; r < gf.size(); ++r) female.push_back({gf[r], 1.0 / (r + 8.0)});
  given_male_ = MakeTable(male);
  given_female_ = MakeTable(female);
  for (const auto& [a, b] : SwapPairs()) {
    const int ia = AddWord(a);
    const int ib = AddWord(b);
    words_[ia].swap_partner = ib;
    words_[ib].swap_partner = ia;
  }
}

NameParts NameTables::Sample(char gender, Draw& draw) const {
  const bool male = gender == 'M';
  NameParts n;
  n.word[n.count++] = PickFrom(family_, draw);
  const uint16_t middle = PickFrom(male ? middle_male_ : middle_female_, draw);
  n.word[n.count++] = middle;
  if (draw.Chance(male ? 0.05 : 0.15)) {
    const uint16_t second = PickFrom(male ? second_middle_male_ : second_middle_female_, draw);
    if (second != middle) n.word[n.count++] = second;
  }
  uint16_t given = PickFrom(male ? given_male_ : given_female_, draw);
  if (given == n.word[n.count - 1]) given = PickFrom(male ? given_male_ : given_female_, draw);
  n.word[n.count++] = given;
  return n;
}

void NameTables::AppendNfc(const NameParts& name, std::string* out) const {
  for (int i = 0; i < name.count; ++i) {
    if (i > 0) out->push_back(' ');
    out->append(words_[name.word[i]].nfc);
  }
}

uint64_t NameTables::FormHash(const NameParts& name) const {
  uint64_t h = 0;
  for (int i = 0; i < name.count; ++i) {
    const Word& w = words_[name.word[i]];
    if (i > 0) h = h * kPolyBase + ' ' + 1;
    h = h * w.form_pow + w.form_hash;
  }
  return h;
}

uint64_t NameTables::FoldHash(const NameParts& name) const {
  uint64_t h = 0;
  for (int i = 0; i < name.count; ++i) {
    const Word& w = words_[name.word[i]];
    if (i > 0) h = h * kPolyBase + ' ' + 1;
    h = h * w.fold_pow + w.fold_hash;
  }
  return h;
}

}  // namespace cardex::gen
