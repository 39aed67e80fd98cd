// core/exchange.h: the transition table, driven by tests/cases/exchange.
// A case names a starting state, a list of steps (`step` or `step:reason`)
// and either the final state or `error <code>` for the first refused step.
#include "cardex/core/exchange.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/core/case_file.h"

namespace cardex {
namespace {

std::string CodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kInvalidArgument: return "invalid_argument";
    case StatusCode::kFailedPrecondition: return "failed_precondition";
    default: return "other";
  }
}

TEST(Exchange, Cases) {
  ASSERT_GE(testing::LoadCases("exchange").size(), 20u);
}

// Each file of tests/cases/exchange/ is a test of its own.
class ExchangeFile : public ::testing::TestWithParam<testing::CaseFile> {};

TEST_P(ExchangeFile, Holds) {
  const testing::CaseFile& c = GetParam();
  auto state = ParseState(c.Get("from"));
  ASSERT_TRUE(state.has_value()) << "unknown state " << c.Get("from");
  std::istringstream steps(c.Get("steps"));
  std::string outcome;
  for (std::string word; steps >> word;) {
    size_t colon = word.find(':');
    auto step = ParseStep(word.substr(0, colon));
    ASSERT_TRUE(step.has_value()) << "unknown step " << word;
    auto next = NextState(*state, *step, colon == std::string::npos ? "" : word.substr(colon + 1));
    if (!next.ok()) {
      outcome = "error " + CodeName(next.status().code());
      break;
    }
    state = *next;
  }
  if (outcome.empty()) outcome = std::string(StateName(*state));
  EXPECT_EQ(outcome, c.Get("expect"));
}

INSTANTIATE_TEST_SUITE_P(Files, ExchangeFile, ::testing::ValuesIn(testing::LoadCases("exchange")),
                         testing::CaseFileName);

TEST(Exchange, NamesRoundTrip) {
  for (int s = 0; s <= static_cast<int>(ExchangeState::kClosed); ++s) {
    auto state = static_cast<ExchangeState>(s);
    EXPECT_EQ(ParseState(StateName(state)), state);
  }
  for (int s = 0; s <= static_cast<int>(ExchangeStep::kReissueCard); ++s) {
    auto step = static_cast<ExchangeStep>(s);
    EXPECT_EQ(ParseStep(StepName(step)), step);
  }
  EXPECT_FALSE(ParseState("Checked_in").has_value());
}

TEST(Exchange, RefusalNamesStateAndStep) {
  auto r = NextState(ExchangeState::kListed, ExchangeStep::kSubmit, "");
  ASSERT_FALSE(r.ok());
  // Coded for the catalogue: the state and the step said in the reader's language.
  EXPECT_EQ(r.status().message_id(), "exchange.step_refused");
  EXPECT_EQ(r.status().message_args(), (std::vector<std::string>{"@state.listed", "@step.submit"}));
  EXPECT_EQ(r.status().Localized(Lang::kVi),
            "Đảng viên đang ở trạng thái “Trong danh sách” thì không thể gửi hồ sơ.");
}

TEST(Exchange, ReceivedAndHandedOver) {
  EXPECT_FALSE(IsReceived(ExchangeState::kConfirmed));
  EXPECT_TRUE(IsReceived(ExchangeState::kSubmitted));
  EXPECT_TRUE(IsReceived(ExchangeState::kHandedOver));
  EXPECT_TRUE(IsHandedOver(ExchangeState::kHandedOver));
  EXPECT_FALSE(IsHandedOver(ExchangeState::kCardDelivered));
}

// Who may still be given an appointment: tests/cases/plannable, one file
// per state (`state`, optional `reason`, `expect` the refusal or "plannable"),
// each a test of its own.
TEST(Exchange, PlannableCases) { ASSERT_GE(testing::LoadCases("plannable").size(), 13u); }

class PlannableFile : public ::testing::TestWithParam<testing::CaseFile> {};

TEST_P(PlannableFile, Holds) {
  const testing::CaseFile& c = GetParam();
  auto state = ParseState(c.Get("state"));
  ASSERT_TRUE(state.has_value()) << "unknown state " << c.Get("state");
  std::string why = WhyNotPlannable(*state, c.Has("reason") ? c.Get("reason") : "");
  EXPECT_EQ(why.empty() ? "plannable" : why, c.Get("expect"));
}

INSTANTIATE_TEST_SUITE_P(Files, PlannableFile, ::testing::ValuesIn(testing::LoadCases("plannable")),
                         testing::CaseFileName);

TEST(Exchange, StateBeforeFirstStepFollowsTheAppointment) {
  EXPECT_EQ(StateBeforeFirstStep(std::nullopt), ExchangeState::kListed);
  EXPECT_EQ(StateBeforeFirstStep("station"), ExchangeState::kInvited);
  EXPECT_EQ(StateBeforeFirstStep("home_visit"), ExchangeState::kHomeVisit);
  // Any mode that is not a home visit is a station appointment.
  EXPECT_EQ(StateBeforeFirstStep(""), ExchangeState::kInvited);
}

}  // namespace
}  // namespace cardex
