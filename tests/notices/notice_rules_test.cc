// Which notice is due: tests/cases/notices, one file per case (the facts
// of notice_rules.h as yes/no, days_ahead a number; unnamed facts take the
// defaults below), `expect` a kind or "none".
#include "cardex/notices/notice_rules.h"

#include <gtest/gtest.h>

#include "tests/core/case_file.h"

namespace cardex::notices {
namespace {

TEST(NoticeRules, Cases) { ASSERT_GE(testing::LoadCases("notices").size(), 16u); }

class NoticeRuleFile : public ::testing::TestWithParam<testing::CaseFile> {};

TEST_P(NoticeRuleFile, Holds) {
  const testing::CaseFile& c = GetParam();
  auto flag = [&](const char* key, bool fallback) { return c.Has(key) ? c.GetBool(key) : fallback; };
  MemberNoticeFacts f;
  f.plannable = flag("plannable", true);
  f.ahead = flag("ahead", true);
  f.days_ahead = c.Has("days_ahead") ? c.GetInt("days_ahead") : 3;
  f.told = flag("told", false);
  f.told_today = flag("told_today", false);
  f.reminded = flag("reminded", false);
  f.told_earlier = flag("told_earlier", false);
  f.earlier_passed = flag("earlier_passed", false);
  f.missed = flag("missed", false);
  const auto due = DueNotice(f);
  EXPECT_EQ(due ? std::string(KindName(*due)) : "none", c.Get("expect"));
}

INSTANTIATE_TEST_SUITE_P(Files, NoticeRuleFile, ::testing::ValuesIn(testing::LoadCases("notices")),
                         testing::CaseFileName);

}  // namespace
}  // namespace cardex::notices
