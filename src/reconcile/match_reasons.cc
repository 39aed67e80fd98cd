#include "cardex/reconcile/match_reasons.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>

namespace cardex::reconcile {
namespace {

struct Label {
  std::string_view field, level, vi, en;
};

// level "" is the field's own label.
constexpr Label kLabels[] = {
    {"name", "", "Họ tên", "Name"},
    {"name", "same", "trùng khớp", "agrees"},
    {"name", "diacritics", "khác dấu", "other diacritics"},
    {"name", "reordered", "đảo thứ tự các chữ", "words in another order"},
    {"name", "variant", "cách viết khác của cùng tên", "another spelling of the same name"},
    {"name", "typo", "sai một ký tự trong một chữ (thiếu, thừa hoặc nhầm)",
     "one letter of one word wrong (missing, doubled or misread)"},
    {"name", "two_edits", "sai hai ký tự trong một chữ", "two letters of one word wrong"},
    {"name", "word_missing", "thiếu hoặc thừa một chữ", "one word missing or added"},
    {"name", "similar", "gần giống", "similar"},
    {"name", "different", "khác", "differs"},
    {"birth_date", "", "Ngày sinh", "Birth date"},
    {"birth_date", "same", "trùng khớp", "agrees"},
    {"birth_date", "swapped", "đảo ngày và tháng", "day and month swapped"},
    {"birth_date", "one_digit", "sai một chữ số", "one digit wrong"},
    {"birth_date", "year_off", "lệch một năm", "the year one off"},
    {"birth_date", "partly", "trùng hai trong ba phần ngày, tháng, năm",
     "two of day, month and year agree"},
    {"birth_date", "different", "khác", "differs"},
    {"gender", "", "Giới tính", "Gender"},
    {"gender", "same", "trùng khớp", "agrees"},
    {"gender", "different", "khác", "differs"},
    {"citizen_id", "", "Số CCCD đã ghi", "Recorded citizen id"},
    {"citizen_id", "one_edit", "lệch một chữ số (sai, đảo chỗ hoặc mất số 0 đầu)",
     "one digit off (wrong, swapped or the leading zero lost)"},
    {"citizen_id", "province_only", "chỉ khác mã tỉnh", "only the province code differs"},
    {"citizen_id", "two_edits", "sai hai chữ số", "two digits wrong"},
    {"citizen_id", "other_person", "thuộc về người khác", "another person's"},
    {"citizen_id", "different", "khác hẳn", "unrelated"},
};

std::string Number(double v, int decimals, bool comma, bool sign) {
  char buf[64];
  std::snprintf(buf, sizeof buf, sign ? "%+.*f" : "%.*f", decimals, v);
  std::string s(buf);
  if (comma) {
    for (char& c : s) {
      if (c == '.') c = ',';
    }
  }
  return s;
}

bool ParseDouble(std::string_view s, double* out) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  // std::from_chars for double is in GCC 12's libstdc++.
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

std::string EncodeMatchReasons(const MatchReasons& r) {
  std::string out = "p=" + Number(r.probability, 5, false, false) +
                    ";score=" + Number(r.score, 2, false, false) +
                    ";margin=" + Number(r.margin, 2, false, false) +
                    ";prior=" + Number(r.prior, 2, false, false);
  for (const FieldReason& f : r.fields) {
    out += ";" + f.field + "=" + f.level + ":" + Number(f.weight, 2, false, true);
  }
  return out;
}

Result<MatchReasons> DecodeMatchReasons(std::string_view text) {
  MatchReasons r;
  size_t at = 0;
  while (at <= text.size()) {
    size_t end = text.find(';', at);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view part = text.substr(at, end - at);
    at = end + 1;
    if (part.empty()) {
      if (end == text.size()) break;
      continue;
    }
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      return Status::InvalidArgument("suggestion reasons: '" + std::string(part) +
                                     "' is not name=value");
    }
    const std::string_view key = part.substr(0, eq), value = part.substr(eq + 1);
    double* number = key == "p"        ? &r.probability
                     : key == "score"  ? &r.score
                     : key == "margin" ? &r.margin
                     : key == "prior"  ? &r.prior
                                       : nullptr;
    if (number != nullptr) {
      if (!ParseDouble(value, number)) {
        return Status::InvalidArgument("suggestion reasons: " + std::string(key) +
                                       " is not a number");
      }
      continue;
    }
    const size_t colon = value.find(':');
    FieldReason f;
    f.field = key;
    f.level = value.substr(0, colon);
    if (colon == std::string_view::npos || !ParseDouble(value.substr(colon + 1), &f.weight)) {
      return Status::InvalidArgument("suggestion reasons: " + std::string(key) +
                                     " needs level:weight");
    }
    r.fields.push_back(std::move(f));
  }
  return r;
}

std::string_view FieldLabel(std::string_view field, bool english) {
  return LevelLabel(field, "", english);
}

std::string_view LevelLabel(std::string_view field, std::string_view level, bool english) {
  for (const Label& l : kLabels) {
    if (l.field == field && l.level == level) return english ? l.en : l.vi;
  }
  return "";
}

std::string DescribeMatchReasons(const MatchReasons& r, bool english) {
  std::string out = english ? "Probability it is the person meant: "
                            : "Khả năng đúng người: ";
  out += Number(r.probability * 100.0, 2, !english, false) + " %.";
  if (!r.fields.empty()) out += " " + DescribeMatchFields(r, english);
  return out;
}

std::string DescribeMatchFields(const MatchReasons& r, bool english) {
  std::string out;
  bool first = true;
  for (const FieldReason& f : r.fields) {
    if (!first) out += "; ";
    first = false;
    std::string_view label = FieldLabel(f.field, english);
    std::string_view level = LevelLabel(f.field, f.level, english);
    out += label.empty() ? f.field : std::string(label);
    out += ": ";
    out += level.empty() ? f.level : std::string(level);
    out += " (" + Number(f.weight, 1, !english, true) + ")";
  }
  return out;
}

}  // namespace cardex::reconcile
