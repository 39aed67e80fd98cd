// Internal: what the member's public page (page_member.cc,
// page_member_forms.cc) keeps for the life of the server: the
// self-service settings, the throttles of sign-in attempts (per client
// address, per invitation code) and the pass key, loaded once.
#ifndef CARDEX_SRC_HTTP_MEMBER_PAGE_H_
#define CARDEX_SRC_HTTP_MEMBER_PAGE_H_

#include <map>
#include <mutex>
#include <string>
#include <optional>

#include "cardex/auth/accounts.h"
#include "cardex/selfservice/options.h"
#include "cardex/selfservice/pass.h"
#include "cardex/store/store.h"
#include "html.h"
#include "route.h"

namespace cardex::http {

class MemberPageServices {
 public:
  MemberPageServices(const selfservice::SelfServiceOptions& options, LoginThrottleOptions by_address,
                     LoginThrottleOptions by_code)
      : options_(options), by_address_(by_address), by_code_(by_code) {}

  const selfservice::SelfServiceOptions& options() const { return options_; }
  LoginThrottle& by_address() { return by_address_; }
  LoginThrottle& by_code() { return by_code_; }

  // The pass key, read from the database once (thread-safe).
  Result<selfservice::PassKey> Key(Store& store) {
    std::lock_guard lock(mu_);
    if (!key_) {
      CARDEX_ASSIGN_OR_RETURN(selfservice::PassKey key, selfservice::LoadPassKey(store));
      key_ = key;
    }
    return *key_;
  }

 private:
  selfservice::SelfServiceOptions options_;
  LoginThrottle by_address_, by_code_;
  std::mutex mu_;
  std::optional<selfservice::PassKey> key_;
};

// A member who proved code and birth date within the pass's minutes: the
// pass (the cookie's value), its code and the member it names.
struct MemberVisit {
  std::string pass, code, member_no;
  selfservice::PassKey key;
};
// The request's visit, or nullopt (no cookie, a bad or expired pass, a code
// no longer known, a locked page). Errors only for the database.
Result<std::optional<MemberVisit>> FindVisit(Context& ctx);

// The page shell for the member's pages: no user bar, the brand links to
// /member, the same security headers as every page.
Response MemberHtml(Context& ctx, std::string_view title, std::string body, int status = 200);

// An application/x-www-form-urlencoded body; the last of a repeated key wins,
// malformed escapes drop the pair.
std::map<std::string, std::string> ParseForm(std::string_view body);

// The hidden form token of the visit, and whether the form carried it.
std::string TokenField(const MemberVisit& visit);
bool FormTokenOk(const MemberVisit& visit, const std::map<std::string, std::string>& form);

// Now as the member pages need it.
int64_t UnixNow();
std::string UtcNowSeconds();  // "YYYY-MM-DDTHH:MM:SSZ"

// "Thứ Năm, 07/08/2025" (or "Thursday, 07/08/2025") and "07:00–07:30" of a
// local "YYYY-MM-DDTHH:MM".
std::string DayText(Lang lang, std::string_view local);
std::string TimeRange(std::string_view start, std::string_view end);

// A refusal said in the page's language: the catalogue message of `status`.
std::string SayStatus(Lang lang, const Status& status);

void AddMemberPages(AppRouter& router);       // page_member.cc
void AddMemberFormPages(AppRouter& router);   // page_member_forms.cc

}  // namespace cardex::http

#endif  // CARDEX_SRC_HTTP_MEMBER_PAGE_H_
