#include "row_check.h"

#include <charconv>

#include "cardex/core/text.h"

namespace cardex::ingest {

void RowErrors::Add(int64_t line, std::string_view column, std::string_view message) {
  ++total_;
  if (lines_.size() >= limit_) return;
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

void RowErrors::AddFile(std::string_view message) {
  ++total_;
  if (lines_.size() >= limit_) return;
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
        errors.Add(1, spec[c].name, "the column appears twice in the header");
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
                 "required column is missing from the header (expected columns: " + expected + ")");
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
                    std::to_string(map.width()) + " like the header");
    well_formed_ = false;
    return;
  }
  for (size_t c = 0; c < spec_.size(); ++c) {
    int i = map_.index(c);
    if (i < 0) continue;
    if (auto at = FindControlChar(fields_[i])) {
      errors_.Add(line_, spec_[c].name,
                  "holds a control character at byte " + std::to_string(*at + 1) +
                      " (tab, line break or similar); expected plain text");
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
  if (v.empty() && spec_[c].required) Error(c, "is empty; a value is required");
  return v;
}

void RowReader::Error(size_t c, std::string_view message) {
  errors_.Add(line_, spec_[c].name, message);
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
  Error(c, "is not one of the allowed values; expected " + list);
  return false;
}

bool RowReader::FullDate(size_t c, bool not_in_future, Date* out) {
  std::string_view v = Get(c);
  if (v.empty()) return !spec_[c].required;
  auto d = Date::Parse(v);
  if (!d.ok()) {
    Error(c, d.status().message());
    return false;
  }
  if (not_in_future && *d > Date::Today()) {
    Error(c, "lies in the future; expected a date not after today");
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
    Error(c, d.status().message());
    return false;
  }
  if (d->Earliest() > Date::Today()) {
    Error(c, "lies in the future; expected a birth date not after today");
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
    Error(c, "is not a positive whole number; expected e.g. 4");
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
    Error(c, t.status().message());
    return false;
  }
  *out = *t;
  return true;
}

}  // namespace cardex::ingest
