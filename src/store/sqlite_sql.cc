// Portable SQL on SQLite (see cardex/store/sql.h).
#include <string>

#include "sqlite_store.h"

namespace cardex::store_internal {

namespace {

// The first words of a statement, for messages (never its parameters).
std::string StatementHead(std::string_view sql) {
  size_t start = sql.find_first_not_of(" \n\t");
  if (start == std::string_view::npos) return "";
  sql.remove_prefix(start);
  size_t cut = 0;
  for (int words = 0; cut < sql.size() && words < 3; ++words) {
    cut = sql.find(' ', cut + 1);
    if (cut == std::string_view::npos) cut = sql.size();
  }
  return std::string(sql.substr(0, std::min<size_t>(cut, 48)));
}

}  // namespace

Result<SqlRows> SqliteStore::Query(std::string_view sql, std::span<const SqlParam> params) {
  sqlite3_stmt* stmt = nullptr;
  auto cached = sql_cache_.find(sql);
  if (cached != sql_cache_.end()) {
    stmt = cached->second;
  } else {
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Error(rc, "preparing " + StatementHead(sql));
    sql_cache_.emplace(std::string(sql), stmt);
  }
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  for (size_t i = 0; i < params.size(); ++i) {
    int index = static_cast<int>(i) + 1;
    int rc = std::visit(
        [&](const auto& v) -> int {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            return sqlite3_bind_null(stmt, index);
          } else if constexpr (std::is_same_v<T, int64_t>) {
            return sqlite3_bind_int64(stmt, index, v);
          } else if constexpr (std::is_same_v<T, std::string_view>) {
            return sqlite3_bind_text(stmt, index, v.data(), static_cast<int>(v.size()),
                                     SQLITE_STATIC);
          } else {
            return sqlite3_bind_blob(stmt, index, v.bytes.data(),
                                     static_cast<int>(v.bytes.size()), SQLITE_STATIC);
          }
        },
        params[i]);
    if (rc != SQLITE_OK) return Error(rc, "binding " + StatementHead(sql));
  }
  SqlRows out;
  int columns = sqlite3_column_count(stmt);
  while (true) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      sqlite3_reset(stmt);
      if ((rc & 0xff) == SQLITE_CONSTRAINT &&
          (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)) {
        return Status::AlreadyExists("SQLite database " + path_ + ": " + StatementHead(sql) +
                                     ": the key exists already");
      }
      return Error(rc, StatementHead(sql));
    }
    auto& row = out.mutable_rows().emplace_back(columns);
    for (int c = 0; c < columns; ++c) {
      if (sqlite3_column_type(stmt, c) == SQLITE_NULL) continue;
      const void* data = sqlite3_column_blob(stmt, c);
      int size = sqlite3_column_bytes(stmt, c);
      row[c].emplace(static_cast<const char*>(data), static_cast<size_t>(size));
    }
  }
  out.set_affected(sqlite3_changes64(db_));
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);  // the bound views die with the caller's frame
  return out;
}

}  // namespace cardex::store_internal
