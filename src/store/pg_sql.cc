// Portable SQL on PostgreSQL (see cardex/store/sql.h).
#include <string>
#include <vector>

#include "pg_store.h"

namespace cardex::store_internal {

namespace {

// `?` placeholders become $1, $2, ... outside quoted text and identifiers.
std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(next++);
    } else {
      out += c;
    }
  }
  return out;
}

std::string StatementHead(std::string_view sql) {
  size_t start = sql.find_first_not_of(" \n\t");
  if (start == std::string_view::npos) return "";
  return std::string(sql.substr(start, 40));
}

}  // namespace

Result<SqlRows> PgStore::Query(std::string_view sql, std::span<const SqlParam> params) {
  auto cached = numbered_sql_.find(std::string(sql));
  if (cached == numbered_sql_.end()) {
    cached = numbered_sql_.emplace(std::string(sql), NumberPlaceholders(sql)).first;
  }
  std::vector<std::string> text(params.size());
  std::vector<const char*> values(params.size());
  std::vector<int> lengths(params.size()), formats(params.size());
  for (size_t i = 0; i < params.size(); ++i) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            values[i] = nullptr;
          } else if constexpr (std::is_same_v<T, int64_t>) {
            text[i] = std::to_string(v);
            values[i] = text[i].c_str();
          } else if constexpr (std::is_same_v<T, std::string_view>) {
            text[i] = std::string(v);  // libpq wants NUL-terminated text
            values[i] = text[i].c_str();
          } else {
            values[i] = v.bytes.data();
            lengths[i] = static_cast<int>(v.bytes.size());
            formats[i] = 1;  // binary: bytea without escaping
          }
        },
        params[i]);
  }
  PgResult result(PQexecParams(conn_, cached->second.c_str(), static_cast<int>(params.size()),
                               nullptr, values.data(), lengths.data(), formats.data(), 0));
  ExecStatusType st = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
    if (state && std::string_view(state) == "23505") {
      return Status::AlreadyExists("PostgreSQL at " + where_ + ": " + StatementHead(sql) +
                                   ": the key exists already");
    }
    return Error(result.get(), StatementHead(sql));
  }
  SqlRows out;
  out.set_hex_blobs(true);
  int rows = PQntuples(result.get()), columns = PQnfields(result.get());
  auto& cells = out.mutable_rows();
  cells.reserve(rows);
  for (int r = 0; r < rows; ++r) {
    auto& row = cells.emplace_back(columns);
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(result.get(), r, c)) continue;
      row[c].emplace(PQgetvalue(result.get(), r, c), PQgetlength(result.get(), r, c));
    }
  }
  const char* tuples = PQcmdTuples(result.get());
  out.set_affected(tuples && *tuples ? std::stoll(tuples) : 0);
  return out;
}

}  // namespace cardex::store_internal
