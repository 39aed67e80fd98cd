// Signed checkpoints of the audit chain's head, kept outside the database
// (docs/security.md, "Checkpoints outside the database").
//
// The chain (audit_verify.h) finds any edit that leaves later hashes
// alone, but someone with write access can delete the newest entries and
// move audit_head, or rewrite the log from some entry on and recompute every
// later hash: the database alone then looks intact. A checkpoint is the head
// (seq, entry hash) at a moment, signed with an Ed25519 key that is not in
// the database, appended as one line to a file the database's owner cannot
// rewrite (another machine, an append-only file). VerifyAuditChain given
// the checkpoints then proves that every checkpointed entry is still there
// with the same hash, hence (by the chain) every entry before it.
//
// The checkpoint file: one line per checkpoint, fields separated by one
// space,
//
//   cardex-audit-checkpoint-v1 <seq> <entry hash> <at> <key id> <signature>
//
// where the signature (128 hex digits) is Ed25519 over
// "cardex-audit-checkpoint-v1\n<seq>\n<entry hash>\n<at>\n", `at` is UTC
// (FormatUtc) and the key id is the first 8 bytes of SHA-256(public key)
// in hex. Lines starting with '#' and empty lines are ignored.
//
// The key file: 64 hex digits, the Ed25519 seed (as `cardex card keygen`'s,
// but a separate key: whoever holds it can sign checkpoints, so it lives
// with the server process, never in the database or its backups).
//
// Thread safety: AuditCheckpointKey is an immutable value; the functions
// use the Store passed in. Concurrent writers to one checkpoint file each
// append whole lines (one write of a short line with O_APPEND).
#ifndef CARDEX_AUTH_AUDIT_CHECKPOINT_H_
#define CARDEX_AUTH_AUDIT_CHECKPOINT_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex {

inline constexpr std::string_view kAuditCheckpointTag = "cardex-audit-checkpoint-v1";

class AuditCheckpointKey {
 public:
  // Reads a key file. kNotFound when it cannot be read; kInvalidArgument,
  // naming the file, when it is not 64 hex digits.
  static Result<AuditCheckpointKey> Load(const std::string& path);
  // Writes a new random key to `path` (mode 0600); kAlreadyExists when the
  // file exists (a key in use is never overwritten).
  static Result<AuditCheckpointKey> Create(const std::string& path);

  // 64 lowercase hex digits: what `audit verify --public-key` takes.
  std::string public_key_hex() const;
  const std::string& key_id() const { return key_id_; }
  // Detached Ed25519 signature, 128 lowercase hex digits.
  std::string SignHex(std::string_view message) const;

 private:
  std::array<uint8_t, 32> public_key_{};
  std::array<uint8_t, 64> secret_key_{};
  std::string key_id_;
};

struct AuditCheckpoint {
  int64_t seq = 0;
  std::string hash;  // the entry hash at seq ("" for an empty log, seq 0)
  std::string at;
  std::string key_id;
  std::string signature;  // hex

  // The file line, without the newline.
  std::string Line() const;
};

// Signs (seq, hash) as of `at`.
AuditCheckpoint SignAuditCheckpoint(const AuditCheckpointKey& key, int64_t seq,
                                    std::string_view hash, std::string_view at);

// Checkpoints the head now: reads audit_head, checks that the newest entry
// is the one it names (kFailedPrecondition otherwise: the head was moved
// behind the store's back, and is not signed), signs it and appends the
// line to `file` (created when absent, flushed and fsynced). Does not walk
// the chain: `audit verify` does, against every checkpoint.
Result<AuditCheckpoint> WriteAuditCheckpoint(Store& store, const AuditCheckpointKey& key,
                                             const std::string& file, std::string_view at);

// The seq audit_head names now (0 for an empty log).
Result<int64_t> AuditHeadSeq(Store& store);

// Reads `file` and checks every checkpoint's signature with the public key
// (64 hex digits). kInvalidArgument naming the file and line for a line
// that is malformed, signed by another key or whose signature does not
// match (a forged or edited checkpoint); kNotFound when it cannot be read.
// In file order.
Result<std::vector<AuditCheckpoint>> ReadAuditCheckpoints(const std::string& file,
                                                          std::string_view public_key_hex);

}  // namespace cardex

#endif  // CARDEX_AUTH_AUDIT_CHECKPOINT_H_
