// The published revocation list as a signed document that says when it was
// issued, so a station working offline can tell a stale list from a fresh
// one (docs/cards.md, "Revocation list"). The list file is
//
//   #CDXREV1 issued_at=2025-08-09T10:00:00Z sequence=7 key_id=<16 hex>
//   card_no,kind,reason,at
//   LD-000001255,revoked,lost,2025-08-09T09:12:00Z
//   ...
//
// and FILE.sig beside it is a signed_file.h signature line over the file's
// bytes, header line included: the issue time and the sequence number are
// signed with the entries. Sequence numbers come from the store counter
// "revocation_list" and grow by one per publication, so a verifier that
// remembers the last number it saw also refuses an older, validly signed
// list passed off as the newest.
#ifndef CARDEX_CARDS_REVOCATION_LIST_H_
#define CARDEX_CARDS_REVOCATION_LIST_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/cards/cards.h"
#include "cardex/cards/signing_key.h"
#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex::cards {

struct RevocationListHeader {
  std::string issued_at;  // UTC "YYYY-MM-DDTHH:MM:SSZ"
  int64_t sequence = 0;   // 1, 2, … per database
  std::string key_id;     // of the key that signed it
};

// The list's bytes: the header line, the CSV header, one CSV row per entry
// (RFC 4180 quoting where a reason needs it), each line ending in "\n".
std::string FormatRevocationList(const RevocationListHeader& header,
                                 const std::vector<RevokedNumber>& entries);

struct PublishedList {
  RevocationListHeader header;
  std::string text;       // the list file
  std::string signature;  // the FILE.sig line
  int64_t revoked = 0, retired = 0;
};

// Takes the next sequence number, reads RevocationList(), formats and signs
// it, and audits the publication (action card.revocations.publish, subject
// "revocation_list"), in the caller's transaction (Atomically()). `at` is
// the issue time.
Result<PublishedList> PublishRevocationList(Store& store, const SigningKey& key,
                                            std::string_view actor, std::string_view at);

// Offline: checks `signature` over `text` with `public_key` and parses the
// header line. kInvalidArgument naming what is wrong: a bad or missing
// signature (the list was changed), a missing or malformed header line (an
// older, undated list is refused: it could be of any age), or a header that
// names another key than the one that signed it.
Result<RevocationListHeader> VerifyRevocationList(std::string_view text,
                                                  std::string_view signature,
                                                  const PublicKey& public_key);

// The reason column of `card_no`'s row, or nullopt when the list does not
// name it (the text should have passed VerifyRevocationList first).
std::optional<std::string> FindInRevocationList(std::string_view text, std::string_view card_no);

// Seconds from `issued_at` to `now` (both "YYYY-MM-DDTHH:MM:SSZ"); negative
// when the list claims to be issued after `now`. kInvalidArgument for a
// malformed time.
Result<int64_t> SecondsBetween(std::string_view issued_at, std::string_view now);

// "3 d 4 h", "2 h 5 min", "40 s": an age for people.
std::string FormatAge(int64_t seconds);

}  // namespace cardex::cards

#endif  // CARDEX_CARDS_REVOCATION_LIST_H_
