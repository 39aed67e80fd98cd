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

// Texts a caller builds per call (a number of rows, say) would prepare one
// statement each and hold it for the connection's life; past this many
// statements the rest run unprepared.
constexpr size_t kMaxPrepared = 256;

}  // namespace

Result<SqlRows> PgStore::Query(std::string_view sql, std::span<const SqlParam> params) {
  const PreparedSql* prepared = nullptr;
  std::string unprepared;
  if (auto cached = prepared_.find(sql); cached != prepared_.end()) {
    prepared = &cached->second;
  } else if (prepared_.size() < kMaxPrepared) {
    PreparedSql p{"cardex_" + std::to_string(++prepared_seq_), NumberPlaceholders(sql)};
    PgResult made(PQprepare(conn_, p.name.c_str(), p.numbered.c_str(), 0, nullptr));
    if (!made || PQresultStatus(made.get()) != PGRES_COMMAND_OK) {
      return Error(made.get(), "preparing " + StatementHead(sql));
    }
    prepared = &prepared_.emplace(std::string(sql), std::move(p)).first->second;
  } else {
    unprepared = NumberPlaceholders(sql);
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
  const int n = static_cast<int>(params.size());
  PgResult result(prepared ? PQexecPrepared(conn_, prepared->name.c_str(), n, values.data(),
                                            lengths.data(), formats.data(), 0)
                           : PQexecParams(conn_, unprepared.c_str(), n, nullptr, values.data(),
                                          lengths.data(), formats.data(), 0));
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
