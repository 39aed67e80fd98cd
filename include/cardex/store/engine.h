// What callers may ask of the database engine without naming it: the
// engine's knowledge (PostgreSQL's table locks, SQLite's WAL checkpoints and
// its one writer at a time) stays in store, and progress and http ask for
// what they need instead of testing Store::backend().
//
// Thread safety: as Store (one connection per thread).
#ifndef CARDEX_STORE_ENGINE_H_
#define CARDEX_STORE_ENGINE_H_

#include <initializer_list>
#include <string_view>

#include "cardex/core/status.h"
#include "cardex/store/store.h"

namespace cardex {

// Holds writers back: inside the caller's open transaction, keeps every
// other connection from writing `tables` (reading stays free) until the
// transaction ends; a second holder waits for the first. For a reader that
// must see every committed write and miss none (the progress fold and
// rebuild). SQLite: Begin() already holds the database's write lock, so
// this does nothing. PostgreSQL: LOCK TABLE ... IN SHARE ROW EXCLUSIVE MODE,
// which waits for the writers in flight. kInvalidArgument for a name that
// is not a plain table name.
Status HoldWriters(Store& store, std::initializer_list<std::string_view> tables);

// True when writers take turns on the whole database (SQLite): a row
// committed later never has a smaller generated id than one committed
// before it, so a reader that saw ids up to N sees every later commit above
// N without holding writers back. False on PostgreSQL, whose sequences hand
// ids out before the commit.
bool WritersTakeTurns(const Store& store);

// Makes every read of the caller's just-begun transaction see one snapshot
// of the database (a station's pull reads a dozen tables and must not mix
// two states of them). Call it first thing after Begin(). SQLite: Begin()
// already reads one snapshot, this does nothing. PostgreSQL: SET
// TRANSACTION ISOLATION LEVEL REPEATABLE READ.
Status ReadOneSnapshot(Store& store);

// Leaves WAL checkpoints to the caller on this connection (SQLite: no
// automatic checkpoint; the caller runs Store::CheckpointWal, as the
// server's checkpointer thread does, so that no request's commit holds the
// write lock while it syncs the database). PostgreSQL: does nothing.
Status LeaveWalCheckpointsToCaller(Store& store);

}  // namespace cardex

#endif  // CARDEX_STORE_ENGINE_H_
