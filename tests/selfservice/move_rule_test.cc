// selfservice/move.h WhyMoveRefused: tests/cases/member_move, one file per
// case: `state`, `mode`, `moves_done`, `hours_to_appointment`, optional
// `hours_to_new_slot`, and `expect` ("ok" or the refusal's catalogue id),
// under the default settings (2 moves, 24 hours).
#include <gtest/gtest.h>

#include "cardex/core/messages.h"
#include "cardex/selfservice/move.h"
#include "tests/core/case_file.h"

namespace cardex::selfservice {
namespace {

using testing::CaseFile;

class MoveRuleFile : public ::testing::TestWithParam<CaseFile> {};

TEST(MoveRule, HasCases) { EXPECT_GE(testing::LoadCases("member_move").size(), 10u); }

TEST_P(MoveRuleFile, Holds) {
  const CaseFile& c = GetParam();
  MoveFacts f;
  auto state = ParseState(c.Get("state"));
  ASSERT_TRUE(state) << c.Get("state");
  f.state = *state;
  f.mode = c.Get("mode");
  f.moves_done = c.GetInt("moves_done");
  f.now = 1000000;
  f.appointment_start = f.now + int64_t{c.GetInt("hours_to_appointment")} * 60;
  if (c.Has("hours_to_new_slot")) f.new_start = f.now + int64_t{c.GetInt("hours_to_new_slot")} * 60;
  const std::string why = WhyMoveRefused(f, SelfServiceOptions{});
  EXPECT_EQ(why.empty() ? "ok" : why, c.Get("expect"));
  // Every refusal is said in both languages.
  if (!why.empty()) {
    EXPECT_NE(FindMessage(why), nullptr) << why;
  }
}

INSTANTIATE_TEST_SUITE_P(Files, MoveRuleFile, ::testing::ValuesIn(testing::LoadCases("member_move")),
                         testing::CaseFileName);

// The settings move the limits.
TEST(MoveRule, SettingsApply) {
  MoveFacts f;
  f.now = 0;
  f.appointment_start = 10 * 60;
  f.moves_done = 2;
  SelfServiceOptions o;
  o.max_moves = 3;
  o.min_hours_before = 6;
  EXPECT_EQ(WhyMoveRefused(f, o), "");
  o.min_hours_before = 11;
  EXPECT_EQ(WhyMoveRefused(f, o), "member.move.too_late");
  EXPECT_EQ(MoveRefusal("member.move.too_late", o).message(), "An appointment cannot be moved less than 11 hours before it starts.");
}

}  // namespace
}  // namespace cardex::selfservice
