// Portable SQL on PostgreSQL (see cardex/store/sql.h).
#include <cstring>
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

// Parameters in libpq's arrays. Text is copied (libpq wants it
// NUL-terminated); blobs are sent as they are, in binary.
struct PgParams {
  explicit PgParams(std::span<const SqlParam> params)
      : text(params.size()), values(params.size()), lengths(params.size()),
        formats(params.size()) {
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
              text[i] = std::string(v);
              values[i] = text[i].c_str();
            } else {
              values[i] = v.bytes.data();
              lengths[i] = static_cast<int>(v.bytes.size());
              formats[i] = 1;  // binary: bytea without escaping
            }
          },
          params[i]);
    }
  }
  int size() const { return static_cast<int>(values.size()); }

  std::vector<std::string> text;
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
};

bool Succeeded(const PGresult* r) {
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  return st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
}

}  // namespace

Result<const PgStore::PreparedSql*> PgStore::Prepare(std::string_view sql) {
  if (auto cached = prepared_.find(sql); cached != prepared_.end()) return &cached->second;
  if (prepared_.size() >= kMaxPrepared) return static_cast<const PreparedSql*>(nullptr);
  PreparedSql p{"cardex_" + std::to_string(++prepared_seq_), NumberPlaceholders(sql)};
  PgResult made(PQprepare(conn_, p.name.c_str(), p.numbered.c_str(), 0, nullptr));
  if (!made || PQresultStatus(made.get()) != PGRES_COMMAND_OK) {
    return Error(made.get(), "preparing " + StatementHead(sql));
  }
  return &prepared_.emplace(std::string(sql), std::move(p)).first->second;
}

Status PgStore::QueryError(const PGresult* result, std::string_view sql) const {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  if (state && std::string_view(state) == "23505") {
    return Status::AlreadyExists("PostgreSQL at " + where_ + ": " + StatementHead(sql) +
                                 ": the key exists already");
  }
  return Error(result, StatementHead(sql));
}

Result<SqlRows> PgStore::Query(std::string_view sql, std::span<const SqlParam> params) {
  CARDEX_ASSIGN_OR_RETURN(const PreparedSql* prepared, Prepare(sql));
  PgParams p(params);
  PgResult result(prepared ? PQexecPrepared(conn_, prepared->name.c_str(), p.size(),
                                            p.values.data(), p.lengths.data(), p.formats.data(), 0)
                           : PQexecParams(conn_, NumberPlaceholders(sql).c_str(), p.size(), nullptr,
                                          p.values.data(), p.lengths.data(), p.formats.data(), 0));
  if (!Succeeded(result.get())) return QueryError(result.get(), sql);
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

Status PgStore::ExecAndCommit(std::string_view sql, std::span<const SqlParam> params) {
  // Outside a transaction, or with an appointment replace open, the
  // default gives Commit's refusals; a statement that cannot be prepared
  // (the cache is full) goes the default way too.
  if (!in_tx_ || replace_.active) return Store::ExecAndCommit(sql, params);
  auto prepared = Prepare(sql);
  if (!prepared.ok() || *prepared == nullptr) return Store::ExecAndCommit(sql, params);
  // The statement, COMMIT and a Sync in one pipeline: one round trip. If the
  // statement fails, the server skips the COMMIT and the transaction stays
  // aborted until the ROLLBACK below.
  PgParams p(params);
  bool sent = PQenterPipelineMode(conn_) == 1;
  sent = sent && PQsendQueryPrepared(conn_, (*prepared)->name.c_str(), p.size(), p.values.data(),
                                     p.lengths.data(), p.formats.data(), 0) == 1;
  sent = sent && PQsendQueryParams(conn_, "COMMIT", 0, nullptr, nullptr, nullptr, nullptr, 0) == 1;
  sent = sent && PQpipelineSync(conn_) == 1;
  // Every result up to the Sync's is read, even after a failure, so that
  // the connection leaves pipeline mode clean. Each command's results end
  // with a null.
  PgResult statement, commit;
  for (int command = 0; sent;) {
    PgResult r(PQgetResult(conn_));
    if (!r) {
      if (PQstatus(conn_) != CONNECTION_OK) break;
      ++command;
      continue;
    }
    if (PQresultStatus(r.get()) == PGRES_PIPELINE_SYNC) break;
    if (command == 0 && !statement) statement = std::move(r);
    else if (command == 1 && !commit) commit = std::move(r);
  }
  (void)PQexitPipelineMode(conn_);
  in_tx_ = false;
  tx_revision_ = 0;
  results_cleared_ = false;
  Status s = Status::Ok();
  if (!Succeeded(statement.get())) {
    s = QueryError(statement.get(), sql);
  } else if (!Succeeded(commit.get())) {
    s = Error(commit.get(), "committing");
  } else if (std::strcmp(PQcmdStatus(commit.get()), "ROLLBACK") == 0) {
    // COMMIT of a transaction that an earlier error aborted answers ROLLBACK.
    s = Status::Internal("PostgreSQL at " + where_ +
                         ": the transaction was rolled back after an earlier error");
  }
  if (!s.ok()) {
    stages_ready_ = 0;
    if (PQtransactionStatus(conn_) != PQTRANS_IDLE) PQclear(PQexec(conn_, "ROLLBACK"));
  }
  return s;
}

}  // namespace cardex::store_internal
