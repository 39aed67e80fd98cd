// Shared by the cards implementation files; not part of the API.
#ifndef CARDEX_SRC_CARDS_CARDS_INTERNAL_H_
#define CARDEX_SRC_CARDS_CARDS_INTERNAL_H_

#include <string>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::cards_internal {

// Card states as stored in cards.state.
inline constexpr std::string_view kProduced = "produced";
inline constexpr std::string_view kDelivered = "delivered";
inline constexpr std::string_view kHandedOver = "handed_over";
inline constexpr std::string_view kRevoked = "revoked";

// Adds `count` to the named counter (creating it at 0 first) and returns the
// new value: the caller owns value-count+1 .. value. Inside the caller's
// transaction, so a rollback gives the numbers back.
Result<int64_t> Reserve(Store& store, std::string_view sequence, int64_t count);

// base64url without padding (RFC 4648 §5), as payloads and signatures use.
std::string Base64Url(std::string_view bytes);
bool FromBase64Url(std::string_view text, std::string* out);

// The key id as shown in messages: `claimed` when it looks like one (16
// hex digits), else a placeholder (it may come from a forged payload).
std::string ShownKeyId(std::string_view claimed);

inline AuditEntry Audit(std::string_view actor, std::string action, std::string_view subject,
                        std::string_view before, std::string after) {
  return AuditEntry{"", std::string(actor), std::move(action), std::string(subject),
                    std::string(before), std::move(after)};
}

}  // namespace cardex::cards_internal

#endif  // CARDEX_SRC_CARDS_CARDS_INTERNAL_H_
