// VerifyAuditChain: one pass over the log in append order (see
// audit_verify.h for what each finding means).
#include "cardex/auth/audit_verify.h"

#include <algorithm>

#include "cardex/store/audit_chain.h"

namespace cardex {
namespace {

constexpr int64_t kPage = 5000;

struct Walk {
  AuditChainReport report;
  std::vector<AuditAnchor> anchors;  // by seq
  size_t next_anchor = 0;
  int64_t last_audit_id = 0;
  int64_t expected_seq = 1;  // the seq the next chained entry must have
  std::string prev_hash;     // entry_hash of the last chained entry

  bool Broken(int64_t seq, std::string problem) {
    report.intact = false;
    report.first_broken_seq = seq;
    report.problem = std::move(problem);
    return false;
  }

  // False once the chain is found broken.
  bool Check(const SqlRows& rows, size_t i) {
    const int64_t audit_id = rows.Int(i, 0);
    const int64_t seq = rows.Int(i, 1);
    const std::string_view prev = rows.Text(i, 2);
    const std::string_view hash = rows.Text(i, 3);
    last_audit_id = audit_id;
    if (seq == 0 && hash.empty()) {
      if (expected_seq == 1) {
        ++report.unchained;
        return true;
      }
      return Broken(expected_seq, "an unchained entry (audit_id " + std::to_string(audit_id) +
                                      ") follows entry " + std::to_string(expected_seq - 1) +
                                      ": inserted");
    }
    if (seq > expected_seq) {
      return Broken(expected_seq, "entry " + std::to_string(expected_seq) + " is missing: deleted");
    }
    if (seq < expected_seq) {
      return Broken(seq, "entry " + std::to_string(seq) + " appears again after entry " +
                             std::to_string(expected_seq - 1) + ": inserted");
    }
    if (prev != prev_hash) {
      return Broken(seq, "entry " + std::to_string(seq) + " does not follow entry " +
                             std::to_string(seq - 1) + ": inserted or replaced");
    }
    AuditEntry e;
    e.at = rows.Text(i, 4);
    e.actor = rows.Text(i, 5);
    e.action = rows.Text(i, 6);
    e.subject = rows.Text(i, 7);
    e.before = rows.Text(i, 8);
    e.after = rows.Text(i, 9);
    if (AuditChainHash(seq, prev, e) != hash) {
      return Broken(seq, "entry " + std::to_string(seq) + " does not match its hash: edited");
    }
    for (; next_anchor < anchors.size() && anchors[next_anchor].seq <= seq; ++next_anchor) {
      const AuditAnchor& a = anchors[next_anchor];
      if (a.seq < seq) continue;  // seq 0: the empty log, nothing to compare
      if (a.hash != hash) {
        return Broken(seq, "entry " + std::to_string(seq) + " differs from " + a.label +
                               ": rewritten");
      }
      ++report.anchors_checked;
    }
    prev_hash = hash;
    ++expected_seq;
    ++report.chained;
    return true;
  }
};

// Checks the rows appended after `walk.last_audit_id`; false once broken.
Result<bool> WalkRest(Store& store, Walk& walk) {
  while (true) {
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows rows,
        store.Query("SELECT audit_id, seq, prev_hash, entry_hash, at, actor, action, subject, "
                    "before_value, after_value FROM audit_log WHERE audit_id > ? "
                    "ORDER BY audit_id LIMIT ?",
                    {walk.last_audit_id, kPage}));
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!walk.Check(rows, i)) return false;
    }
    if (static_cast<int64_t>(rows.size()) < kPage) return true;
  }
}

}  // namespace

Result<AuditChainReport> VerifyAuditChain(Store& store, std::vector<AuditAnchor> anchors) {
  Walk walk;
  std::stable_sort(anchors.begin(), anchors.end(),
                   [](const AuditAnchor& a, const AuditAnchor& b) { return a.seq < b.seq; });
  walk.anchors = std::move(anchors);
  while (true) {
    CARDEX_ASSIGN_OR_RETURN(bool intact, WalkRest(store, walk));
    if (!intact) break;
    // The head is read after the walk: entries committed meanwhile make it
    // run ahead, so walk on until it stops moving or the walk stops finding rows.
    CARDEX_ASSIGN_OR_RETURN(SqlRows head, store.Query("SELECT seq, hash FROM audit_head WHERE id = 1"));
    if (head.empty()) {
      walk.Broken(walk.expected_seq, "audit_head has no row: deleted");
      break;
    }
    walk.report.head_seq = head.Int(0, 0);
    walk.report.head_hash = head.Text(0, 1);
    const int64_t last = walk.expected_seq - 1;
    if (walk.report.head_seq == last) {
      if (walk.report.head_hash != walk.prev_hash) {
        walk.Broken(last, "entry " + std::to_string(last) + " is not the one audit_head recorded");
      }
      break;
    }
    if (walk.report.head_seq < last) {
      walk.Broken(walk.report.head_seq + 1,
                  "entries after " + std::to_string(walk.report.head_seq) +
                      " were added behind the store's back (audit_head ends there)");
      break;
    }
    const int64_t before = walk.last_audit_id;
    CARDEX_ASSIGN_OR_RETURN(bool still_intact, WalkRest(store, walk));
    if (!still_intact) break;
    if (walk.last_audit_id == before) {
      walk.Broken(last + 1, "entries " + std::to_string(last + 1) + " to " +
                                std::to_string(walk.report.head_seq) + " are missing: deleted");
      break;
    }
  }
  // Anchors beyond the last entry: what they vouched for is gone, although
  // the chain and audit_head agree (deleted and the head moved back).
  if (walk.report.intact) {
    for (; walk.next_anchor < walk.anchors.size(); ++walk.next_anchor) {
      const AuditAnchor& a = walk.anchors[walk.next_anchor];
      if (a.seq == 0 && walk.expected_seq == 1) continue;
      walk.Broken(walk.expected_seq, "entries " + std::to_string(walk.expected_seq) + " to " +
                                         std::to_string(a.seq) + " are missing although " +
                                         a.label + " vouches for entry " +
                                         std::to_string(a.seq) + ": the log was cut short");
      break;
    }
  }
  return walk.report;
}

}  // namespace cardex
