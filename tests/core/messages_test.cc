// core/messages.h: the catalogue is whole (every id used in src/ exists, in
// both languages, with the same placeholders), its Vietnamese is not English
// left untranslated, and the renderers do what the header says.
#include "cardex/core/messages.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "cardex/core/status.h"

namespace cardex {
namespace {

std::set<std::string> Placeholders(std::string_view text) {
  std::set<std::string> out;
  for (size_t i = 0; i + 2 < text.size(); ++i) {
    if (text[i] == '{' && text[i + 2] == '}') out.insert(std::string(text.substr(i, 3)));
  }
  return out;
}

TEST(Messages, EveryEntryHasBothLanguagesAndTheSamePlaceholders) {
  std::set<std::string_view> ids;
  for (const CatalogueEntry& e : Catalogue()) {
    SCOPED_TRACE(std::string(e.id));
    EXPECT_TRUE(ids.insert(e.id).second) << "duplicate id";
    EXPECT_FALSE(e.vi.empty());
    EXPECT_FALSE(e.en.empty());
    EXPECT_NE(e.vi, e.en) << "the Vietnamese text is the English one";
    EXPECT_EQ(Placeholders(e.vi), Placeholders(e.en));
  }
}

// Words that only an English text has: none may be in a Vietnamese one.
TEST(Messages, VietnameseTextsHaveNoEnglishWords) {
  const std::regex english(
      R"(\b(the|is|not|cannot|member|station|field|must|reload|found|invalid|may|please|error|log in)\b)",
      std::regex::icase);
  for (const CatalogueEntry& e : Catalogue()) {
    std::string vi(e.vi);
    // Header names and codes are written as they are sent.
    vi = std::regex_replace(vi, std::regex(R"(X-CSRF-Token|Idempotency-Key|image/(jpeg|png)|JSON|UTF-8|HTTP|YYYY-MM-DD(THH:MM)?|\[A-Za-z0-9-_.:\]|version)"), "");
    EXPECT_FALSE(std::regex_search(vi, english)) << e.id << ": " << e.vi;
  }
}

TEST(Messages, RendersArgumentsTermsAndFieldLists) {
  EXPECT_EQ(Msg(Lang::kVi, "not_found.member", {"10005693"}), "Không có đảng viên số 10005693.");
  EXPECT_EQ(Msg(Lang::kEn, "not_found.member", {"10005693"}), "No member 10005693.");
  EXPECT_EQ(Msg(Lang::kVi, "unclean.open_difference", {"@fields:birth_date;gender"}),
            "còn sai lệch với CSDL dân cư (ngày sinh, giới tính)");
  EXPECT_EQ(Msg(Lang::kEn, "auth.role_may_not", {"canbo", "@role.station_officer", "@perm.produce_cards"}),
            "Account canbo (Station officer) may not produce cards.");
  EXPECT_EQ(Msg(Lang::kVi, "auth.role_may_not", {"canbo", "@role.station_officer", "@perm.produce_cards"}),
            "Tài khoản canbo (Cán bộ điểm tiếp nhận) không có quyền in thẻ.");
  EXPECT_EQ(Msg(Lang::kVi, "no.such.id"), "no.such.id");
  EXPECT_EQ(Term(Lang::kVi, "state", "checked_in"), "Đã tiếp nhận");
  EXPECT_EQ(Term(Lang::kEn, "state", "unknown_state"), "unknown_state");
  EXPECT_EQ(Term(Lang::kVi, "verdict", ""), "Chưa đối chiếu");
}

TEST(Messages, CodedStatusKeepsItsIdThroughContext) {
  Status s = Status::Coded(StatusCode::kFailedPrecondition, "exchange.stale", {"10000001"})
                 .WithContext("desk");
  EXPECT_EQ(s.message_id(), "exchange.stale");
  EXPECT_EQ(s.message(), "desk: Member 10000001 changed since it was shown; reload the page.");
  EXPECT_EQ(s.Localized(Lang::kVi),
            "Thông tin của đảng viên 10000001 đã thay đổi kể từ khi hiển thị; hãy tải lại trang.");
}

TEST(Messages, AcceptLanguagePicksTheBestOfViAndEn) {
  EXPECT_EQ(LangFromAcceptLanguage(""), Lang::kVi);
  EXPECT_EQ(LangFromAcceptLanguage("en"), Lang::kEn);
  EXPECT_EQ(LangFromAcceptLanguage("en-US,en;q=0.9"), Lang::kEn);
  EXPECT_EQ(LangFromAcceptLanguage("vi-VN,vi;q=0.9,en;q=0.8"), Lang::kVi);
  EXPECT_EQ(LangFromAcceptLanguage("fr, en;q=0.5, vi;q=0.7"), Lang::kVi);
  EXPECT_EQ(LangFromAcceptLanguage("fr, de"), Lang::kVi);
  EXPECT_EQ(LangFromAcceptLanguage("EN-gb"), Lang::kEn);
}

// Every catalogue id written in src/ as Coded(…, "id") or ErrorResponse(…,
// "code", "id") exists: a typo would show an id to a person.
TEST(Messages, EveryIdUsedInTheSourcesExists) {
  namespace fs = std::filesystem;
  const char* root = std::getenv("CARDEX_SOURCE_DIR");
  ASSERT_NE(root, nullptr);
  const fs::path src = fs::path(root) / "src";
  const std::regex coded(R"re(Coded\(\s*StatusCode::\w+,\s*"([^"]+)")re");
  // Any literal message, not only id-shaped ones: an English sentence
  // passed where an id belongs must fail here (a prefix joined with `+`,
  // such as "error." + status, is not a whole id and is skipped).
  const std::regex error(R"re(ErrorResponse\(\s*\d+,\s*"[a-z_]+",\s*"([^"]+)"(?!\s*\+))re");
  int seen = 0;
  for (const auto& entry : fs::recursive_directory_iterator(src)) {
    if (entry.path().extension() != ".cc") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string s = text.str();
    for (const std::regex* re : {&coded, &error}) {
      for (auto it = std::sregex_iterator(s.begin(), s.end(), *re); it != std::sregex_iterator(); ++it) {
        ++seen;
        EXPECT_NE(FindMessage((*it)[1].str()), nullptr) << entry.path() << ": " << (*it)[1].str();
      }
    }
  }
  EXPECT_GT(seen, 30);
}

}  // namespace
}  // namespace cardex
