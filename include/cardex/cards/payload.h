// The chip payload: what the card's chip (and its QR code) carries, signed
// so that anyone holding the published public key can check a card offline.
// The byte-level format is in docs/cards.md ("The chip payload"):
//
//   CDX1.<base64url(body)>.<base64url(signature)>
//
// body: the nine fields below in this order, each a 2-byte big-endian
// length and that many UTF-8 bytes; signature: Ed25519 over the ASCII text
// before the second dot ("CDX1.<base64url(body)>"), so the version tag is
// signed too. base64url without padding (RFC 4648 §5).
#ifndef CARDEX_CARDS_PAYLOAD_H_
#define CARDEX_CARDS_PAYLOAD_H_

#include <string>
#include <string_view>

#include "cardex/cards/signing_key.h"
#include "cardex/core/status.h"

namespace cardex::cards {

struct CardData {
  std::string card_no;
  std::string member_no;   // the old card number
  std::string citizen_id;  // standardised where the member was resolved
  std::string full_name;   // NFC
  std::string birth_date;  // YYYY-MM-DD (or the partial date as recorded)
  std::string gender;      // M or F
  std::string unit_code;   // the member's cell
  std::string issued_on;   // YYYY-MM-DD
  std::string key_id;      // of the signing key (SigningKey::key_id)

  bool operator==(const CardData&) const = default;
};

inline constexpr std::string_view kPayloadVersion = "CDX1";

// Encodes and signs `data` with `key`; data.key_id is replaced by the key's.
// kInvalidArgument when a field is longer than 65535 bytes or not UTF-8.
Result<std::string> SignPayload(CardData data, const SigningKey& key);

// Checks `payload` against `public_key` and returns its fields. Errors, all
// kInvalidArgument with a message that says which: "unknown payload version"
// (a tag other than CDX1), "malformed payload" (wrong shape, bad base64url,
// truncated or trailing body bytes, a signature that is not 64 bytes), "bad
// signature" (the data was changed or another key signed it; the message
// names both key ids when they differ). White space around the payload is
// ignored.
Result<CardData> VerifyPayload(std::string_view payload, const PublicKey& public_key);

}  // namespace cardex::cards

#endif  // CARDEX_CARDS_PAYLOAD_H_
