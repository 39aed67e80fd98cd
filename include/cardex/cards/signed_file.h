// Detached signatures for files the cards capability publishes (the
// revocation list), so that stations can fetch them over any channel and
// still trust them. Format (docs/cards.md, "Revocation list"): one line
//
//   CDXSIG1.<key_id>.<base64url(signature)>
//
// where the signature is Ed25519 over the file's bytes exactly, by the same
// key that signs card payloads (the published public key checks both).
#ifndef CARDEX_CARDS_SIGNED_FILE_H_
#define CARDEX_CARDS_SIGNED_FILE_H_

#include <string>
#include <string_view>

#include "cardex/cards/signing_key.h"
#include "cardex/core/status.h"

namespace cardex::cards {

// The signature line for `bytes`, newline-terminated.
std::string SignFile(std::string_view bytes, const SigningKey& key);

// Ok when `signature` (the line above, white space around it ignored) is a
// valid signature of `bytes` by `public_key`. kInvalidArgument otherwise:
// "malformed file signature", or "file signature does not match" (the file
// was changed, or another key signed it; names both key ids when they
// differ).
Status VerifyFileSignature(std::string_view bytes, std::string_view signature,
                           const PublicKey& public_key);

}  // namespace cardex::cards

#endif  // CARDEX_CARDS_SIGNED_FILE_H_
