#include "reconcile/blocking.h"

#include <algorithm>

#include "cardex/core/block_keys.h"
#include "cardex/core/dates.h"
#include "cardex/core/verdict.h"

namespace cardex::reconcile {
namespace {

void AppendTwoDigits(std::string* s, int v) {
  s->push_back(static_cast<char>('0' + v / 10));
  s->push_back(static_cast<char>('0' + v % 10));
}

// Every full date a recorded (possibly partial) date agrees with.
std::vector<std::string> AgreeingDates(std::string_view recorded) {
  std::vector<std::string> out;
  auto partial = PartialDate::Parse(recorded);
  if (!partial.ok() || partial->is_full()) {
    out.emplace_back(recorded);
    return out;
  }
  std::string date(recorded.substr(0, 4));
  const int first_month = partial->month() == 0 ? 1 : partial->month();
  const int last_month = partial->month() == 0 ? 12 : partial->month();
  for (int month = first_month; month <= last_month; ++month) {
    for (int day = 1; day <= 31; ++day) {
      date.resize(4);
      date.push_back('-');
      AppendTwoDigits(&date, month);
      date.push_back('-');
      AppendTwoDigits(&date, day);
      if (Date::Parse(date).ok()) out.push_back(date);
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

}  // namespace

std::vector<int64_t> NearIds(std::string_view recorded) {
  std::vector<int64_t> out;
  if (recorded.empty() ||
      !std::all_of(recorded.begin(), recorded.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return out;
  }
  auto value = [](std::string_view digits) {
    int64_t v = 0;
    for (char c : digits) v = v * 10 + (c - '0');
    return v;
  };
  if (recorded.size() == 11) {
    out.push_back(value(recorded));  // "0" + recorded: the same integer
  } else if (recorded.size() == 12) {
    std::string d(recorded);
    for (size_t i = 0; i + 1 < d.size(); ++i) {
      if (d[i] == d[i + 1]) continue;
      std::swap(d[i], d[i + 1]);
      out.push_back(value(d));
      std::swap(d[i], d[i + 1]);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> DateVariants(std::string_view date) {
  std::vector<std::string> out;
  auto parsed = Date::Parse(date);
  if (!parsed.ok() || date.size() != 10) return out;
  auto add = [&](const std::string& d) {
    if (d == date) return;
    auto p = Date::Parse(d);
    if (!p.ok() || p->year() < 1900 || p->year() > 2100) return;
    out.push_back(d);
  };
  const std::string base(date);
  // Day and month swapped.
  std::string swapped = base;
  swapped.replace(5, 2, base.substr(8, 2));
  swapped.replace(8, 2, base.substr(5, 2));
  add(swapped);
  // One digit changed, or two neighbouring digits swapped (within a part).
  for (size_t i = 0; i < base.size(); ++i) {
    if (base[i] == '-') continue;
    for (char c = '0'; c <= '9'; ++c) {
      if (c == base[i]) continue;
      std::string d = base;
      d[i] = c;
      add(d);
    }
    if (i + 1 < base.size() && base[i + 1] != '-' && base[i] != base[i + 1]) {
      std::string d = base;
      std::swap(d[i], d[i + 1]);
      add(d);
    }
  }
  // The year one off (1989 / 1990 are more than one digit apart).
  for (int delta : {-1, 1}) {
    std::string d = std::to_string(parsed->year() + delta) + base.substr(4);
    add(d);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<Probe> ProbesFor(std::string_view full_name, std::string_view birth_date,
                             std::string_view gender) {
  std::vector<Probe> probes;
  const std::vector<std::string> words = FoldedWords(full_name);
  if (words.empty() || (gender != "M" && gender != "F")) return probes;
  const std::string other_gender = gender == "M" ? "F" : "M";
  const std::vector<std::string> dates = AgreeingDates(birth_date);
  const bool full = dates.size() == 1 && dates[0] == birth_date;
  const std::string name = Join(words);

  // The whole name: as recorded, in other orders (each rotation), with the
  // given name's variant spelling, and with the other gender.
  std::vector<std::string> names = {name};
  if (words.size() >= 2) {
    std::vector<std::string> w = words;
    for (size_t r = 1; r < words.size(); ++r) {
      std::rotate(w.begin(), w.begin() + 1, w.end());
      names.push_back(Join(w));
    }
    w = words;
    std::swap(w[0], w[1]);
    names.push_back(Join(w));
  }
  const std::string_view given_class = GivenNameClass(words.back());
  for (const auto& [a, b] : NameVariantPairs()) {
    if (GivenNameClass(a) != given_class) continue;
    for (std::string_view v : {a, b}) {
      if (v == words.back()) continue;
      std::vector<std::string> w = words;
      w.back() = std::string(v);
      names.push_back(Join(w));
    }
  }
  for (const std::string& date : dates) {
    for (const std::string& n : names) {
      probes.push_back({KeyKind::kSuggestion, SuggestionKey(n, date, gender)});
    }
    probes.push_back({KeyKind::kSuggestion, SuggestionKey(name, date, other_gender)});
    // Each word as the given name (the words may be out of order).
    for (const std::string& w : words) {
      probes.push_back({KeyKind::kGiven, GivenBlockKey(gender, date, GivenNameClass(w))});
    }
    probes.push_back(
        {KeyKind::kFamily, FamilyBlockKey(gender, date, words.front(), words.back().front())});
    if (words.size() >= 2) {  // the family name last
      probes.push_back(
          {KeyKind::kFamily, FamilyBlockKey(gender, date, words.back(), words.front().front())});
    }
  }
  // The given name's first letter dropped ("Văn ùng" for "Văn Hùng"): the
  // family name with the initials that could have been lost, on the
  // recorded date. A vowel may have lost any consonant; an h the c, k, n,
  // p or t of ch, kh, nh, ph, th; a g the n of ng; an r the t of tr. Each probe brings the family's namesakes born that day,
  // so only these.
  if (words.size() >= 2 && full) {
    std::string_view lost;
    switch (words.back().front()) {
      case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
        lost = "bcdghklmnpqrstvx";
        break;
      case 'h':
        lost = "cknpt";
        break;
      case 'g':
        lost = "n";
        break;
      case 'r':
        lost = "t";
        break;
      default:
        break;
    }
    for (char initial : lost) {
      probes.push_back(
          {KeyKind::kFamily, FamilyBlockKey(gender, birth_date, words.front(), initial)});
    }
  }
  if (full) {
    // A mistyped date, with the name as recorded, or with a typo in the
    // family name (the given name's key), in the given name (the family
    // name's key), or the last two words swapped (the key of the word
    // before the last as the given name). Two typos in one record are
    // common in carelessly typed lists.
    // The last two keys only on the commonest slips of a date (day and
    // month swapped, the year's last two digits, the year one off): in a
    // national registry a family name's key holds dozens of people a day.
    const std::string_view before_last =
        words.size() >= 2 ? GivenNameClass(words[words.size() - 2]) : std::string_view();
    for (const std::string& d : DateVariants(birth_date)) {
      probes.push_back({KeyKind::kSuggestion, SuggestionKey(name, d, gender)});
      probes.push_back({KeyKind::kGiven, GivenBlockKey(gender, d, given_class)});
      const bool common = d.compare(0, 2, birth_date, 0, 2) == 0 &&
                          (d.compare(4, 6, birth_date, 4, 6) == 0 ||
                           (d.compare(0, 4, birth_date, 0, 4) == 0 &&
                            d.compare(5, 2, birth_date, 8, 2) == 0 &&
                            d.compare(8, 2, birth_date, 5, 2) == 0));
      if (!common) continue;
      probes.push_back(
          {KeyKind::kFamily, FamilyBlockKey(gender, d, words.front(), words.back().front())});
      if (!before_last.empty()) {
        probes.push_back({KeyKind::kGiven, GivenBlockKey(gender, d, before_last)});
      }
    }
  }
  std::sort(probes.begin(), probes.end(), [](const Probe& a, const Probe& b) {
    return a.kind != b.kind ? a.kind < b.kind : a.key < b.key;
  });
  probes.erase(std::unique(probes.begin(), probes.end(),
                           [](const Probe& a, const Probe& b) {
                             return a.kind == b.kind && a.key == b.key;
                           }),
               probes.end());
  return probes;
}

}  // namespace cardex::reconcile
