// Appending to the hash-chained audit log, shared by both backends.
#ifndef CARDEX_STORE_AUDIT_CHAIN_INTERNAL_H_
#define CARDEX_STORE_AUDIT_CHAIN_INTERNAL_H_

#include <span>
#include <string_view>

#include "cardex/store/audit_chain.h"
#include "cardex/store/sql.h"
#include "cardex/store/store.h"

namespace cardex::store_internal {

// Appends `entries` inside the caller's open transaction: reads audit_head
// with `head_lock` appended to the SELECT (" FOR UPDATE" on PostgreSQL; ""
// on SQLite, whose BEGIN IMMEDIATE already holds the write lock), chains
// each entry to the previous one and moves the head. `at` of every entry is
// the store's clock (UTC, milliseconds), the caller's is ignored.
// `one_statement` writes the entries and the new head in one statement (a
// data-modifying WITH, PostgreSQL only): one round trip fewer while the
// head's row lock is held.
Status AppendChainedAudit(SqlSession& sql, std::string_view head_lock,
                          std::span<const AuditEntry> entries, bool one_statement = false);

}  // namespace cardex::store_internal

#endif  // CARDEX_STORE_AUDIT_CHAIN_INTERNAL_H_
