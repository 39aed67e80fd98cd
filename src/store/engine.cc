#include "cardex/store/engine.h"

#include <string>

namespace cardex {

namespace {

bool IsSqlite(const Store& store) { return store.backend() == "sqlite"; }

}  // namespace

Status HoldWriters(Store& store, std::initializer_list<std::string_view> tables) {
  if (IsSqlite(store) || tables.size() == 0) return Status::Ok();
  std::string sql = "LOCK TABLE ";
  bool first = true;
  for (std::string_view table : tables) {
    bool plain = !table.empty();
    for (char c : table) plain = plain && ((c >= 'a' && c <= 'z') || c == '_' || (c >= '0' && c <= '9'));
    if (!plain) return Status::InvalidArgument("HoldWriters: not a table name: " + std::string(table));
    if (!first) sql += ", ";
    sql += table;
    first = false;
  }
  // Conflicts with every write (ROW EXCLUSIVE) and with itself, never with
  // a plain read.
  sql += " IN SHARE ROW EXCLUSIVE MODE";
  return store.Exec(sql);
}

bool WritersTakeTurns(const Store& store) { return IsSqlite(store); }

Status ReadOneSnapshot(Store& store) {
  if (IsSqlite(store)) return Status::Ok();
  return store.Exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
}

Status LeaveWalCheckpointsToCaller(Store& store) {
  if (!IsSqlite(store)) return Status::Ok();
  return store.Exec("PRAGMA wal_autocheckpoint=0");
}

}  // namespace cardex
