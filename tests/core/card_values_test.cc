// core/card_values.h: what a card carries and whether a member is cleanly
// standardised, driven by tests/cases/card_values. A case gives the
// recorded values (and optionally the standardised ones) as
// "citizen_id|full_name|birth_date|gender", the verdict, its fields, the
// registry's "full_name|birth_date|gender", the open corrections, and
// expects "clean VALUES" or "unclean ID [ARG]".
#include "cardex/core/card_values.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/core/case_file.h"

namespace cardex {
namespace {

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::string part;
  std::istringstream in(s);
  while (std::getline(in, part, '|')) out.push_back(part);
  while (out.size() < 4) out.emplace_back();
  return out;
}

PersonValues Person(const std::string& s) {
  auto p = Split(s);
  return {p[0], p[1], p[2], p[3]};
}

std::string Joined(const PersonValues& v) {
  return v.citizen_id + "|" + v.full_name + "|" + v.birth_date + "|" + v.gender;
}

TEST(CardValues, Cases) {
  auto cases = testing::LoadCases("card_values");
  ASSERT_GE(cases.size(), 10u);
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    CardSource s;
    s.recorded = Person(c.Get("recorded"));
    if (c.Has("standard")) s.standard = Person(c.Get("standard"));
    s.verdict = c.Get("verdict");
    if (c.Has("fields")) s.fields = c.Get("fields");
    if (c.Has("registry")) {
      auto r = Split(c.Get("registry"));
      s.registry = {"", r[0], r[1], r[2]};
    }
    if (c.Has("open_corrections")) s.open_corrections = c.GetInt("open_corrections");
    CardValues v = ResolveCardValues(s);
    std::string got = v.clean() ? "clean " + Joined(v.values) : "unclean " + v.unclean_id;
    for (const auto& a : v.unclean_args) got += " " + a;
    EXPECT_EQ(got, c.Get("expect"));
  }
}

}  // namespace
}  // namespace cardex
