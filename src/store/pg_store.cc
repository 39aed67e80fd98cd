// PgStore: connecting, errors, transactions, migrations. Upserts and scans
// are in pg_records.cc.
#include "pg_store.h"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <vector>

#include "migrations.h"
#include "bulk_load.h"
#include "store_util.h"

namespace cardex::store_internal {
namespace {

// Serialises concurrent `cardex init` runs against one database.
constexpr const char* kMigrationLockKey = "7164105318";

// The password(s) a connection string carries, so that no message repeats
// them: from libpq's own parse, and by hand from the URL's user:password@
// in case the URL is too broken for libpq to parse.
std::vector<std::string> SecretsIn(const std::string& url) {
  std::vector<std::string> secrets;
  if (PQconninfoOption* opts = PQconninfoParse(url.c_str(), nullptr)) {
    for (PQconninfoOption* o = opts; o->keyword; ++o) {
      if (std::strcmp(o->keyword, "password") == 0 && o->val && *o->val) secrets.emplace_back(o->val);
    }
    PQconninfoFree(opts);
  }
  size_t scheme = url.find("://");
  if (scheme != std::string::npos) {
    size_t start = scheme + 3;
    size_t end = url.find_first_of("/?", start);
    std::string authority = url.substr(start, end == std::string::npos ? end : end - start);
    size_t at = authority.rfind('@');
    if (at != std::string::npos) {
      std::string userinfo = authority.substr(0, at);
      size_t colon = userinfo.find(':');
      if (colon != std::string::npos && colon + 1 < userinfo.size()) {
        secrets.push_back(userinfo.substr(colon + 1));
      }
    }
  }
  return secrets;
}

// libpq's message on one line, with any password cut out.
std::string CleanReason(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& s : secrets) {
    for (size_t pos; (pos = text.find(s)) != std::string::npos;) text.replace(pos, s.size(), "***");
  }
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\t' || c == '\r') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string HostPort(PGconn* conn) {
  const char* host = conn ? PQhost(conn) : nullptr;
  const char* port = conn ? PQport(conn) : nullptr;
  return std::string(host && *host ? host : "localhost") + ":" + (port && *port ? port : "5432");
}

}  // namespace

Result<std::unique_ptr<Store>> PgStore::Open(const std::string& url, const StoreOptions& options) {
  // Defaults that bound every wait on a server that is gone without a word
  // (a dead machine, a cut cable); the URL's own values come later and win.
  // connect_timeout applies to each host of a multi-host URL in turn.
  // tcp_user_timeout ends a connection whose sent data stays unacknowledged
  // (it does not limit a long query: the server acknowledges it); the
  // keepalives find a dead peer while nothing is sent.
  static constexpr const char* kKeys[] = {"connect_timeout", "keepalives_idle",
                                          "keepalives_interval", "keepalives_count",
                                          "tcp_user_timeout", "dbname", nullptr};
  const char* values[] = {"5", "10", "3", "3", "10000", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(kKeys, values, /*expand_dbname=*/1);
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string where = HostPort(conn);
    std::string why = conn ? CleanReason(PQerrorMessage(conn), SecretsIn(url)) : "out of memory";
    PQfinish(conn);
    return Status::Unavailable("cannot connect to PostgreSQL at " + where + ": " + why);
  }
  // NOTICEs (e.g. "relation already exists, skipping") are not for the user.
  PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
  std::unique_ptr<PgStore> store(new PgStore(conn, HostPort(conn)));
  store->KeepSocket();
  if (PQsetClientEncoding(conn, "UTF8") != 0) {
    return Status::Internal("PostgreSQL at " + store->where_ + ": cannot use UTF8 client encoding");
  }
  // JIT compiles a query whose estimated cost is high, for 50-150 ms: more
  // than the batched lookups and cursor blocks Cardex sends ever gain.
  CARDEX_RETURN_IF_ERROR(store->Exec("SET jit = off", "configuring the session").status());
  store->read_only_ = options.read_only;
  if (options.read_only) {
    CARDEX_RETURN_IF_ERROR(
        store->Exec("SET default_transaction_read_only = on", "opening read-only").status());
  }
  return std::unique_ptr<Store>(std::move(store));
}

PgStore::PgStore(PGconn* conn, std::string where) : conn_(conn), where_(std::move(where)) {}

PgStore::~PgStore() {
  PQfinish(conn_);
  if (socket_dup_ >= 0) close(socket_dup_);
}

void PgStore::KeepSocket() {
  std::lock_guard lock(socket_mu_);
  if (socket_dup_ >= 0) close(socket_dup_);
  const int fd = PQsocket(conn_);
  socket_dup_ = fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
  interrupted_ = false;
}

void PgStore::Interrupt() {
  std::lock_guard lock(socket_mu_);
  if (socket_dup_ < 0) return;
  interrupted_ = true;
  // The blocked read sees the end of the stream at once; libpq then reports
  // the connection lost.
  shutdown(socket_dup_, SHUT_RDWR);
}

Status PgStore::Error(const PGresult* result, std::string_view doing) const {
  // The primary message only: DETAIL quotes row values (personal data).
  const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
  std::string why = primary ? primary : CleanReason(PQerrorMessage(conn_), {});
  std::string msg = "PostgreSQL at " + where_ + ": " + std::string(doing) + ": " + why;
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string_view sqlstate = state ? state : "";
  if (PQstatus(conn_) != CONNECTION_OK || sqlstate.substr(0, 2) == "08" ||
      sqlstate.substr(0, 3) == "57P") {
    // Connection lost, server shutting down; or broken off by Interrupt().
    last_outage_ = interrupted_ ? StoreOutage::kTimedOut : StoreOutage::kConnectionLost;
    return Status::Unavailable(msg);
  }
  if (sqlstate == "25006") {
    // A read-only transaction: a standby (a URL that reached one, or a
    // primary being demoted) or a database set read-only. Not a conflict
    // of the request's: the same request succeeds on the primary, so it is
    // a retryable outage and the connection is dropped (it stays on the
    // standby).
    last_outage_ = StoreOutage::kReadOnly;
    return Status::Unavailable(msg);
  }
  if (sqlstate.substr(0, 2) == "53" || sqlstate.substr(0, 2) == "58") {
    return Status::IoError(msg);  // disk full, out of memory, I/O error
  }
  if (sqlstate == "42P01") return Status::FailedPrecondition(msg + " (has `cardex init` run?)");
  return Status::Internal(msg);
}

Result<PgResult> PgStore::Exec(const std::string& sql, std::string_view doing) {
  PgResult result(PQexec(conn_, sql.c_str()));
  ExecStatusType st = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Error(result.get(), doing);
  return result;
}

Status PgStore::ExecCommit() {
  tx_revision_ = 0;
  results_cleared_ = false;
  CARDEX_ASSIGN_OR_RETURN(PgResult r, Exec("COMMIT", "committing"));
  // COMMIT of a transaction that an earlier error aborted answers ROLLBACK.
  if (std::strcmp(PQcmdStatus(r.get()), "ROLLBACK") == 0) {
    stages_ready_ = 0;
    return Status::Internal("PostgreSQL at " + where_ +
                            ": the transaction was rolled back after an earlier error");
  }
  return Status::Ok();
}

Status PgStore::Begin() {
  if (in_tx_) {
    return Status::FailedPrecondition("a transaction is already open; transactions do not nest");
  }
  if (scans_open_ > 0) {
    return Status::FailedPrecondition("cannot begin a transaction inside a scan");
  }
  CARDEX_RETURN_IF_ERROR(Exec("BEGIN", "starting a transaction").status());
  in_tx_ = true;
  tx_revision_ = 0;
  results_cleared_ = false;
  replace_ = {};
  return Status::Ok();
}

Status PgStore::Commit() {
  if (!in_tx_) return Status::FailedPrecondition("Commit without an open transaction");
  if (replace_.active) {
    // The appointments' indexes are down: never commit a replace half done.
    (void)Rollback();
    return Status::FailedPrecondition("Commit before EndReplaceAppointments: rolled back");
  }
  in_tx_ = false;
  Status s = ExecCommit();
  if (!s.ok() && PQtransactionStatus(conn_) != PQTRANS_IDLE) {
    // Do not leave a half-open transaction behind a failed Commit.
    PQclear(PQexec(conn_, "ROLLBACK"));
    stages_ready_ = 0;
  }
  return s;
}

Status PgStore::Rollback() {
  if (!in_tx_) return Status::FailedPrecondition("Rollback without an open transaction");
  in_tx_ = false;
  stages_ready_ = 0;
  tx_revision_ = 0;
  results_cleared_ = false;
  citizens_copy_stream_ = false;
  replace_ = {};
  (void)EndCopyStream("the import was rolled back", "rolling back");
  return Exec("ROLLBACK", "rolling back").status();
}

Result<int> PgStore::SchemaVersion() {
  CARDEX_ASSIGN_OR_RETURN(
      PgResult exists,
      Exec("SELECT to_regclass('schema_migrations') IS NOT NULL", "reading the schema version"));
  if (std::strcmp(PQgetvalue(exists.get(), 0, 0), "t") != 0) return 0;
  CARDEX_ASSIGN_OR_RETURN(PgResult max, Exec("SELECT coalesce(max(version), 0) FROM schema_migrations",
                                             "reading the schema version"));
  return std::atoi(PQgetvalue(max.get(), 0, 0));
}

Status PgStore::Migrate() {
  if (TransactionOpen()) {
    return Status::FailedPrecondition("Migrate runs in its own transaction; commit first");
  }
  CARDEX_RETURN_IF_ERROR(Begin());
  Status s = [&]() -> Status {
    CARDEX_RETURN_IF_ERROR(Exec(std::string("SELECT pg_advisory_xact_lock(") + kMigrationLockKey + ")",
                                "waiting for other migrations")
                               .status());
    CARDEX_RETURN_IF_ERROR(Exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                " version INTEGER PRIMARY KEY,"
                                " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                                "creating schema_migrations")
                               .status());
    CARDEX_ASSIGN_OR_RETURN(int current, SchemaVersion());
    if (current > LatestSchemaVersion()) {
      return Status::FailedPrecondition(
          "database schema version " + std::to_string(current) +
          " is newer than this cardex understands (" + std::to_string(LatestSchemaVersion()) +
          "); upgrade cardex");
    }
    for (const Migration& m : Migrations()) {
      if (m.version <= current) continue;
      CARDEX_RETURN_IF_ERROR(
          Exec(std::string(m.postgres_sql), "applying schema migration " + std::to_string(m.version))
              .status());
      if (m.fills_suggestion_keys) CARDEX_RETURN_IF_ERROR(FillSuggestionKeys());
      if (m.fills_block_keys) CARDEX_RETURN_IF_ERROR(FillBlockKeys());
      CARDEX_RETURN_IF_ERROR(
          Exec("INSERT INTO schema_migrations (version) VALUES (" + std::to_string(m.version) + ")",
               "recording schema migration")
              .status());
    }
    return Status::Ok();
  }();
  if (!s.ok()) {
    (void)Rollback();
    return s;
  }
  return Commit();
}

Result<int64_t> PgStore::Count(RecordKind kind) {
  CARDEX_ASSIGN_OR_RETURN(PgResult r, Exec(std::string("SELECT count(*) FROM ") + TableName(kind),
                                           std::string("counting ") + TableName(kind)));
  return static_cast<int64_t>(std::strtoll(PQgetvalue(r.get(), 0, 0), nullptr, 10));
}

bool PgStore::Ping() {
  // A standby answers too, but cannot take a desk's step: a writing
  // connection that finds itself read-only is as good as none.
  auto answers = [this] {
    PgResult r(PQexec(conn_, "SHOW transaction_read_only"));
    if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK || PQntuples(r.get()) != 1) {
      last_outage_ = interrupted_ ? StoreOutage::kTimedOut : StoreOutage::kConnectionLost;
      return false;
    }
    if (!read_only_ && std::strcmp(PQgetvalue(r.get(), 0, 0), "on") == 0) {
      last_outage_ = StoreOutage::kReadOnly;
      return false;
    }
    last_outage_ = StoreOutage::kNone;
    return true;
  };
  if (answers()) return true;
  // After a server restart the connection is dead for good; reconnect, but
  // only between transactions (a reset would silently lose one).
  if (PQstatus(conn_) == CONNECTION_BAD && !TransactionOpen()) {
    PQreset(conn_);
    stages_ready_ = 0;
    prepared_.clear();  // a new session has none of them
    KeepSocket();
    if (PQstatus(conn_) == CONNECTION_OK) {
      PQsetClientEncoding(conn_, "UTF8");
      PQclear(PQexec(conn_, "SET jit = off"));
      if (read_only_) PQclear(PQexec(conn_, "SET default_transaction_read_only = on"));
      return answers();
    }
  }
  return false;
}

Status PgStore::BeginBulkLoad(RecordKind kind) {
  bulk_indexes_dropped_ = false;  // a rolled-back load restored them
  citizens_copy_stream_ = false;
  auto indexes = SecondaryIndexes(kind);
  if (indexes.empty() && kind != RecordKind::kCitizens) return Status::Ok();
  CARDEX_ASSIGN_OR_RETURN(int64_t rows, Count(kind));
  if (rows > 0) return Status::Ok();
  // An empty table and an import that has checked its keys are unique:
  // nothing can conflict, so the batches go straight in (UpsertCitizens).
  citizens_copy_stream_ = kind == RecordKind::kCitizens;
  if (indexes.empty()) return Status::Ok();
  std::string sql;
  for (const auto& index : indexes) sql += "DROP INDEX IF EXISTS " + std::string(index.name) + ";";
  CARDEX_RETURN_IF_ERROR(Exec(sql, "dropping indexes for a bulk load").status());
  bulk_indexes_dropped_ = true;
  return Status::Ok();
}

Status PgStore::EndBulkLoad(RecordKind kind) {
  if (citizens_copy_stream_) {
    citizens_copy_stream_ = false;
    bool streamed = copy_stream_open_;
    CARDEX_RETURN_IF_ERROR(EndCopyStream(nullptr, "loading citizens"));
    if (streamed) {
      CARDEX_RETURN_IF_ERROR(Exec("UPDATE table_revisions SET revision = " +
                                      std::to_string(copy_stream_revision_) +
                                      " WHERE table_name = 'citizens'",
                                  "loading citizens")
                                 .status());
    }
  }
  if (!bulk_indexes_dropped_) return Status::Ok();
  // A sorted index build wants memory; LOCAL ends with the transaction.
  std::string sql = "SET LOCAL maintenance_work_mem = '512MB';";
  for (const auto& index : SecondaryIndexes(kind)) sql += std::string(index.create_sql) + ";";
  bulk_indexes_dropped_ = false;
  return Exec(sql, "rebuilding indexes after a bulk load").status();
}

}  // namespace cardex::store_internal
