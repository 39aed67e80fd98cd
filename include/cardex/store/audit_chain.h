// The audit chain's hash: one definition for the store that writes it and
// for auth's VerifyAuditChain that checks it.
//
// entry_hash = lowercase hex SHA-256 of the canonical serialization
//   "cardex-audit-v1" seq prev_hash at actor action subject before after
// where every field is written as <decimal byte length> ':' <bytes> (seq in
// decimal), so no two different entries serialize alike whatever bytes the
// fields hold.
#ifndef CARDEX_STORE_AUDIT_CHAIN_H_
#define CARDEX_STORE_AUDIT_CHAIN_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "cardex/store/store.h"

namespace cardex {

std::string AuditChainHash(int64_t seq, std::string_view prev_hash, const AuditEntry& entry);

// Lowercase hex SHA-256 of `bytes`.
std::string Sha256Hex(std::string_view bytes);

}  // namespace cardex

#endif  // CARDEX_STORE_AUDIT_CHAIN_H_
