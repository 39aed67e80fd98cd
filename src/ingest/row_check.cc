#include "row_check.h"

#include <charconv>

#include "cardex/core/text.h"

namespace cardex::ingest {

void RowErrors::Add(int64_t line, std::string_view column, std::string_view message,
                    std::string_view message_vi) {
  ++total_;
  if (lines_.size() >= limit_) return;
  issues_.push_back({line, std::string(column), std::string(message), std::string(message_vi)});
  std::string s = file_;
  s += ':';
  s += std::to_string(line);
  s += ": ";
  if (!column.empty()) {
    s += column;
    s += ": ";
  }
  s += message;
  lines_.push_back(std::move(s));
}

void RowErrors::AddFile(std::string_view message, std::string_view message_vi) {
  ++total_;
  if (lines_.size() >= limit_) return;
  issues_.push_back({0, "", std::string(message), std::string(message_vi)});
  lines_.push_back(file_ + ": " + std::string(message));
}

bool HeaderMap::Build(std::span<const ColumnSpec> spec, const std::vector<std::string_view>& header,
                      RowErrors& errors) {
  index_.assign(spec.size(), -1);
  width_ = header.size();
  bool ok = true;
  for (size_t h = 0; h < header.size(); ++h) {
    for (size_t c = 0; c < spec.size(); ++c) {
      if (header[h] != spec[c].name) continue;
      if (index_[c] >= 0) {
        errors.Add(1, spec[c].name, "the column appears twice in the header",
                   "cột xuất hiện hai lần trong dòng tiêu đề");
        ok = false;
      }
      index_[c] = static_cast<int>(h);
    }
  }
  std::string expected;
  for (const auto& s : spec) {
    if (!expected.empty()) expected += ',';
    expected += s.name;
  }
  for (size_t c = 0; c < spec.size(); ++c) {
    if (spec[c].required && index_[c] < 0) {
      errors.Add(1, spec[c].name,
                 "required column is missing from the header (expected columns: " + expected + ")",
                 "thiếu cột bắt buộc trong dòng tiêu đề (cần các cột: " + expected + ")");
      ok = false;
    }
  }
  return ok;
}

RowReader::RowReader(std::span<const ColumnSpec> spec, const HeaderMap& map,
                     const std::vector<std::string_view>& fields, int64_t line, RowErrors& errors)
    : spec_(spec), map_(map), fields_(fields), line_(line), errors_(errors) {
  if (fields.size() != map.width()) {
    errors_.Add(line_, "",
                "the row has " + std::to_string(fields.size()) + " fields, expected " +
                    std::to_string(map.width()) + " like the header",
                "dòng có " + std::to_string(fields.size()) + " ô, cần " +
                    std::to_string(map.width()) + " ô như dòng tiêu đề");
    well_formed_ = false;
    return;
  }
  for (size_t c = 0; c < spec_.size(); ++c) {
    int i = map_.index(c);
    if (i < 0) continue;
    if (auto at = FindControlChar(fields_[i])) {
      errors_.Add(line_, spec_[c].name,
                  "holds a control character at byte " + std::to_string(*at + 1) +
                      " (tab, line break or similar); expected plain text",
                  "chứa ký tự điều khiển (tab, xuống dòng hoặc tương tự); chỉ được ghi chữ thông thường");
      well_formed_ = false;
    }
  }
}

std::string_view RowReader::Raw(size_t c) const {
  int i = map_.index(c);
  return i < 0 ? std::string_view() : fields_[i];
}

std::string_view RowReader::Get(size_t c) {
  std::string_view v = Raw(c);
  if (v.empty() && spec_[c].required) {
    Error(c, "is empty; a value is required", "đang để trống; cột này bắt buộc phải có giá trị");
  }
  return v;
}

void RowReader::Error(size_t c, std::string_view message, std::string_view message_vi) {
  errors_.Add(line_, spec_[c].name, message, message_vi);
}

bool RowReader::Enum(size_t c, std::initializer_list<std::string_view> allowed,
                     std::string_view* out) {
  std::string_view v = Get(c);
  if (v.empty() && spec_[c].required) return false;
  for (auto a : allowed) {
    if (v == a) {
      *out = v;
      return true;
    }
  }
  std::string list;
  for (auto a : allowed) {
    if (!list.empty()) list += ", ";
    list += a.empty() ? std::string_view("empty") : a;
  }
  // The values are the file's own codes; what they mean, for people.
  std::string vi = list;
  if (list == "empty, 0, 1") vi = "để trống, 0 hoặc 1 (1: cần đến tận nhà)";
  if (list == "M, F") vi = "M (nam) hoặc F (nữ)";
  if (list == "official, probationary") vi = "official (chính thức) hoặc probationary (dự bị)";
  Error(c, "is not one of the allowed values; expected " + list,
        "không phải giá trị hợp lệ; cần " + vi);
  return false;
}

bool RowReader::FullDate(size_t c, bool not_in_future, Date* out) {
  std::string_view v = Get(c);
  if (v.empty()) return !spec_[c].required;
  auto d = Date::Parse(v);
  if (!d.ok()) {
    Error(c, d.status().message(),
          "không phải ngày hợp lệ; cần dạng NĂM-THÁNG-NGÀY, ví dụ 1980-05-12");
    return false;
  }
  if (not_in_future && *d > Date::Today()) {
    Error(c, "lies in the future; expected a date not after today",
          "là ngày trong tương lai; không được sau hôm nay");
    return false;
  }
  *out = *d;
  return true;
}

bool RowReader::PartialBirthDate(size_t c, PartialDate* out) {
  std::string_view v = Get(c);
  if (v.empty()) return false;
  auto d = PartialDate::Parse(v);
  if (!d.ok()) {
    Error(c, d.status().message(),
          "không phải ngày sinh hợp lệ; cần dạng NĂM-THÁNG-NGÀY (1980-05-12), NĂM-THÁNG (1980-05) "
          "hoặc NĂM (1980)");
    return false;
  }
  if (d->Earliest() > Date::Today()) {
    Error(c, "lies in the future; expected a birth date not after today",
          "là ngày trong tương lai; ngày sinh không được sau hôm nay");
    return false;
  }
  *out = *d;
  return true;
}

bool RowReader::PositiveInt(size_t c, int* out) {
  std::string_view v = Get(c);
  if (v.empty()) return false;
  int n = 0;
  auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
  if (ec != std::errc() || end != v.data() + v.size() || n <= 0) {
    Error(c, "is not a positive whole number; expected e.g. 4",
          "không phải số nguyên dương; ví dụ 4");
    return false;
  }
  *out = n;
  return true;
}

bool RowReader::Time(size_t c, TimeOfDay* out) {
  std::string_view v = Get(c);
  if (v.empty()) return false;
  auto t = TimeOfDay::Parse(v);
  if (!t.ok()) {
    Error(c, t.status().message(), "không phải giờ hợp lệ; cần dạng GIỜ:PHÚT, ví dụ 07:30");
    return false;
  }
  *out = *t;
  return true;
}

}  // namespace cardex::ingest
