// The pass: what keeps a member "signed in" on the public page after they
// proved code and birth date, for a few minutes and for that code only. It
// is a cookie value, not a session: nothing is stored server-side, so no
// session table grows with the public's visits and nothing can leak from
// one. "CODE.EXPIRY.MAC": the canonical invitation code, the expiry in Unix
// seconds, and HMAC-SHA-256 of "CODE.EXPIRY" under a 256-bit secret kept in
// the settings table ("member_pass_secret", created on first use from
// libsodium's randombytes). A form token (the page's CSRF defence) is the
// HMAC of the pass under the same secret, with a different label.
//
// Thread safety: PassKey is a value; the functions are pure once loaded.
#ifndef CARDEX_SELFSERVICE_PASS_H_
#define CARDEX_SELFSERVICE_PASS_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::selfservice {

struct PassKey {
  std::array<unsigned char, 32> bytes{};
};

// The database's pass secret (created on first use; of two first uses
// racing, both get the one stored first).
Result<PassKey> LoadPassKey(Store& store);

std::string IssuePass(const PassKey& key, std::string_view code, int64_t expires_unix);

// The code of a pass that is well-formed, correctly signed and not expired
// at `now_unix`; nullopt otherwise (the MAC compared in constant time).
std::optional<std::string> CheckPass(const PassKey& key, std::string_view pass, int64_t now_unix);

// The token the page's forms carry for this pass (64 hex digits), and its
// constant-time check.
std::string FormToken(const PassKey& key, std::string_view pass);
bool FormTokenMatches(const PassKey& key, std::string_view pass, std::string_view token);

}  // namespace cardex::selfservice

#endif  // CARDEX_SELFSERVICE_PASS_H_
