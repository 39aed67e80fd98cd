// VerifyAuditChain: checks that nobody edited, inserted or deleted audit
// entries behind the store's back.
//
// Since schema v4 Store::AppendAudit chains every entry to the one before
// it: entry n stores seq = n, prev_hash = the entry_hash of n-1 ("" for the
// first) and entry_hash = AuditChainHash(...) (cardex/store/audit_chain.h);
// audit_head holds the newest seq and hash. Verification walks the log in
// append order and recomputes every hash:
//   - an edited field: the entry's hash does not match (broken at its seq);
//   - a deleted entry: a seq is missing (broken at the missing seq);
//   - an inserted entry: a seq repeats or is out of order, its prev_hash
//     does not match, or an unchained row (seq 0) follows chained ones;
//   - deleted or appended entries at the end: audit_head disagrees with the
//     last entry (broken at head seq + 1, or last seq).
// Entries written before v4 (seq 0, no hash) that precede the first
// chained entry cannot be checked; they are counted as `unchained`, not
// reported as broken.
//
// What it cannot see alone: someone who rewrites the log from some entry on
// AND recomputes every later hash AND audit_head, or deletes the newest
// entries and moves audit_head back. Against that, anchors: (seq, hash)
// pairs kept outside the database, such as the signed checkpoints of
// cardex/auth/audit_checkpoint.h. Each anchor's entry must exist with that
// hash; one that differs is "rewritten" (broken at its seq), one beyond the
// last entry means the log was cut short (broken at the first missing seq).
//
// Thread safety: uses the Store passed in.
#ifndef CARDEX_AUTH_AUDIT_VERIFY_H_
#define CARDEX_AUTH_AUDIT_VERIFY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex {

struct AuditChainReport {
  bool intact = true;
  int64_t chained = 0;    // entries with a seq
  int64_t unchained = 0;  // entries from before the chain started
  int64_t head_seq = 0;   // audit_head as stored
  std::string head_hash;
  int64_t first_broken_seq = 0;  // when !intact
  std::string problem;           // when !intact: what was found there
  int64_t anchors_checked = 0;   // anchors whose entry was found with their hash
};

// A (seq, entry hash) that the log must still hold; `label` names it in a
// finding ("the checkpoint of 2025-08-05T10:00:00.000Z").
struct AuditAnchor {
  int64_t seq = 0;
  std::string hash;
  std::string label;
};

// Walks the whole log (in pages: memory stays bounded). A store error is a
// non-ok Result; a broken chain is an ok Result with intact == false.
Result<AuditChainReport> VerifyAuditChain(Store& store, std::vector<AuditAnchor> anchors = {});

}  // namespace cardex

#endif  // CARDEX_AUTH_AUDIT_VERIFY_H_
