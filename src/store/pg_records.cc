// PgStore: upserts of the five record kinds (COPY into a staging table,
// then merge; see pg_store.h).
#include <algorithm>
#include <charconv>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

#include "cardex/core/block_keys.h"
#include "cardex/core/verdict.h"
#include "pg_store.h"
#include "store_util.h"

namespace cardex::store_internal {
namespace {

// COPY data is sent in pieces of about this size so a huge batch does not
// build one huge buffer.
constexpr size_t kCopyChunkBytes = 1 << 20;

// Appends `value` as one COPY text-format field: backslash, tab, newline and
// carriage return are escaped; everything else (UTF-8 included) goes as is.
void AppendField(std::string* out, std::string_view value) {
  size_t run = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    char esc;
    switch (value[i]) {
      case '\\': esc = '\\'; break;
      case '\t': esc = 't'; break;
      case '\n': esc = 'n'; break;
      case '\r': esc = 'r'; break;
      default: continue;
    }
    out->append(value.data() + run, i - run);
    out->push_back('\\');
    out->push_back(esc);
    run = i + 1;
  }
  out->append(value.data() + run, value.size() - run);
}

void AppendInt(std::string* out, int64_t value) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out->append(buf, end);
}

// Appends `value` as a quoted element of an array literal, and a comma.
void AppendArrayElement(std::string* out, std::string_view value) {
  out->push_back('"');
  for (char c : value) {
    if (c == '"' || c == '\\') out->push_back('\\');
    out->push_back(c);
  }
  out->append("\",");
}

// Fields of one row: f(a) '\t' f(b) ... '\n'.
class CopyRow {
 public:
  explicit CopyRow(std::string* out) : out_(out) {}
  CopyRow& Text(std::string_view v) {
    Sep();
    AppendField(out_, v);
    return *this;
  }
  CopyRow& Int(int64_t v) {
    Sep();
    AppendInt(out_, v);
    return *this;
  }
  void End() { out_->push_back('\n'); }

 private:
  void Sep() {
    if (!first_) out_->push_back('\t');
    first_ = false;
  }
  std::string* out_;
  bool first_ = true;
};

// Two rows with one key in one batch would make ON CONFLICT DO UPDATE fail
// ("cannot affect row a second time"). As in SQLite, the later row wins:
// returns which rows to send, or an empty vector when every key is distinct.
template <class Row, class KeyFn>
std::vector<bool> LastOccurrences(std::span<const Row> rows, KeyFn&& key) {
  using Key = decltype(key(rows[0]));
  std::unordered_set<Key> seen;
  seen.reserve(rows.size());
  std::vector<bool> keep;
  for (size_t i = rows.size(); i-- > 0;) {
    if (seen.insert(key(rows[i])).second) continue;
    if (keep.empty()) keep.assign(rows.size(), true);
    keep[i] = false;
  }
  return keep;
}

const char* const kStageUnits =
    "CREATE TEMP TABLE IF NOT EXISTS cardex_stage_units (code TEXT COLLATE \"C\", "
    "parent_code TEXT, kind TEXT, name TEXT)";
const char* const kStageMembers =
    "CREATE TEMP TABLE IF NOT EXISTS cardex_stage_members (member_no TEXT COLLATE \"C\", "
    "citizen_id TEXT, full_name TEXT, birth_date TEXT, gender TEXT, unit_code TEXT, "
    "status TEXT, phone TEXT, home_visit INTEGER, rev BIGINT)";
const char* const kStageCitizens =
    "CREATE TEMP TABLE IF NOT EXISTS cardex_stage_citizens (citizen_id BIGINT, full_name TEXT, "
    "birth_date TEXT, gender TEXT, origin TEXT, deceased_on TEXT, rev BIGINT, "
    "suggestion_key BIGINT, given_key BIGINT, family_key BIGINT)";
const char* const kStageStations =
    "CREATE TEMP TABLE IF NOT EXISTS cardex_stage_stations (code TEXT COLLATE \"C\", name TEXT, "
    "counters INTEGER, minutes_per_member INTEGER, serves TEXT)";
const char* const kStageShifts =
    "CREATE TEMP TABLE IF NOT EXISTS cardex_stage_shifts (station_code TEXT COLLATE \"C\", "
    "date TEXT, start_time TEXT, end_time TEXT, kind TEXT)";

// The WHERE of each DO UPDATE skips unchanged rows: a re-import of the same
// file writes nothing and keeps updated_at.
const char* const kMergeUnits =
    "INSERT INTO units (code, parent_code, kind, name) "
    "SELECT code, parent_code, kind, name FROM cardex_stage_units "
    "ON CONFLICT (code) DO UPDATE SET parent_code = EXCLUDED.parent_code, "
    "kind = EXCLUDED.kind, name = EXCLUDED.name "
    "WHERE (units.parent_code, units.kind, units.name) IS DISTINCT FROM "
    "(EXCLUDED.parent_code, EXCLUDED.kind, EXCLUDED.name);"
    "TRUNCATE cardex_stage_units";
// Members and citizens are the big tables, so they are merged in two plain
// statements instead of INSERT ... ON CONFLICT, whose speculative insertion
// costs about twice a plain insert: UPDATE the rows whose key exists (and
// whose values differ), then INSERT the keys that do not. Without ON CONFLICT
// a concurrent writer could slip a key in between: the SHARE ROW EXCLUSIVE
// lock of kBulkSetup (held to the end of the transaction) keeps other writers
// of the table out while readers go on.
//
// Every statement must probe the primary key once per staged row. During a
// bulk load the table grows inside one transaction, its statistics lag, and
// the planner may pick a hash join that reads the whole table for every
// batch (quadratic); kBulkSetup leaves it nested loops only (the probe, a
// join of the keys with the table, too) until kBulkReset.
#define CARDEX_BULK_SETUP(table)                                     \
  "LOCK TABLE " table " IN SHARE ROW EXCLUSIVE MODE; "               \
  "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off"
const char* const kBulkReset = "RESET enable_hashjoin; RESET enable_mergejoin";
const char* const kMergeMembers =
    "UPDATE members m SET citizen_id = s.citizen_id, full_name = s.full_name, "
    "birth_date = s.birth_date, gender = s.gender, unit_code = s.unit_code, status = s.status, "
    "phone = s.phone, home_visit = s.home_visit, updated_at = now(), rev = s.rev "
    "FROM cardex_stage_members s WHERE m.member_no = s.member_no "
    "AND (m.citizen_id, m.full_name, m.birth_date, m.gender, m.unit_code, m.status, m.phone, "
    "m.home_visit) IS DISTINCT FROM (s.citizen_id, s.full_name, s.birth_date, s.gender, "
    "s.unit_code, s.status, s.phone, s.home_visit);"
    "INSERT INTO members (member_no, citizen_id, full_name, birth_date, gender, unit_code, "
    "status, phone, home_visit, rev) "
    "SELECT member_no, citizen_id, full_name, birth_date, gender, unit_code, status, phone, "
    "home_visit, rev FROM cardex_stage_members s "
    "WHERE NOT EXISTS (SELECT 1 FROM members m WHERE m.member_no = s.member_no);"
    "TRUNCATE cardex_stage_members";
const char* const kMergeCitizens =
    "UPDATE citizens c SET full_name = s.full_name, birth_date = s.birth_date, "
    "gender = s.gender, origin = s.origin, deceased_on = s.deceased_on, rev = s.rev, "
    "suggestion_key = s.suggestion_key, given_key = s.given_key, family_key = s.family_key "
    "FROM cardex_stage_citizens s WHERE c.citizen_id = s.citizen_id "
    "AND (c.full_name, c.birth_date, c.gender, c.origin, c.deceased_on) IS DISTINCT FROM "
    "(s.full_name, s.birth_date, s.gender, s.origin, s.deceased_on);"
    "INSERT INTO citizens (citizen_id, full_name, birth_date, gender, origin, deceased_on, rev, "
    "suggestion_key, given_key, family_key) "
    "SELECT citizen_id, full_name, birth_date, gender, origin, deceased_on, rev, suggestion_key, "
    "given_key, family_key "
    "FROM cardex_stage_citizens s "
    "WHERE NOT EXISTS (SELECT 1 FROM citizens c WHERE c.citizen_id = s.citizen_id);"
    "TRUNCATE cardex_stage_citizens";
const char* const kMergeStations =
    "INSERT INTO stations (code, name, counters, minutes_per_member, serves) "
    "SELECT code, name, counters, minutes_per_member, serves FROM cardex_stage_stations "
    "ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, counters = EXCLUDED.counters, "
    "minutes_per_member = EXCLUDED.minutes_per_member, serves = EXCLUDED.serves;"
    "DELETE FROM station_serves WHERE station_code IN (SELECT code FROM cardex_stage_stations);"
    "INSERT INTO station_serves (station_code, unit_code) "
    "SELECT s.code, u.code FROM cardex_stage_stations s "
    "CROSS JOIN LATERAL unnest(string_to_array(s.serves, ';')) AS u(code) WHERE u.code <> '' "
    "ON CONFLICT DO NOTHING;"
    "TRUNCATE cardex_stage_stations";
const char* const kMergeShifts =
    "INSERT INTO shifts (station_code, date, start_time, end_time, kind) "
    "SELECT station_code, date, start_time, end_time, kind FROM cardex_stage_shifts "
    "ON CONFLICT (station_code, date, start_time) DO UPDATE SET end_time = EXCLUDED.end_time, "
    "kind = EXCLUDED.kind;"
    "TRUNCATE cardex_stage_shifts";

}  // namespace

Status PgStore::CopyIn(const char* copy_sql, const std::string& data, std::string_view doing) {
  PgResult start(PQexec(conn_, copy_sql));
  if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) return Error(start.get(), doing);
  bool sent = true;
  for (size_t pos = 0; sent && pos < data.size(); pos += kCopyChunkBytes) {
    size_t n = std::min(kCopyChunkBytes, data.size() - pos);
    sent = PQputCopyData(conn_, data.data() + pos, static_cast<int>(n)) == 1;
  }
  if (PQputCopyEnd(conn_, sent ? nullptr : "client could not send the data") != 1) sent = false;
  Status s;
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult r(raw);
    if (s.ok() && PQresultStatus(raw) != PGRES_COMMAND_OK) s = Error(raw, doing);
  }
  if (s.ok() && !sent) s = Error(nullptr, doing);
  return s;
}

Status PgStore::StreamCopy(const char* copy_sql, const std::string& data,
                           std::string_view doing) {
  if (!copy_stream_open_) {
    PgResult start(PQexec(conn_, copy_sql));
    if (!start || PQresultStatus(start.get()) != PGRES_COPY_IN) return Error(start.get(), doing);
    copy_stream_open_ = true;
  }
  for (size_t pos = 0; pos < data.size(); pos += kCopyChunkBytes) {
    size_t n = std::min(kCopyChunkBytes, data.size() - pos);
    if (PQputCopyData(conn_, data.data() + pos, static_cast<int>(n)) != 1) {
      (void)EndCopyStream("client could not send the data", doing);
      return Error(nullptr, doing);
    }
  }
  return Status::Ok();
}

Status PgStore::EndCopyStream(const char* abort_reason, std::string_view doing) {
  if (!copy_stream_open_) return Status::Ok();
  copy_stream_open_ = false;
  bool ended = PQputCopyEnd(conn_, abort_reason) == 1;
  Status s;
  while (PGresult* raw = PQgetResult(conn_)) {
    PgResult r(raw);
    if (s.ok() && PQresultStatus(raw) != PGRES_COMMAND_OK) s = Error(raw, doing);
  }
  if (s.ok() && !ended) s = Error(nullptr, doing);
  return abort_reason ? Status::Ok() : s;
}

Status PgStore::CopyAndMerge(const StageSpec& spec, const std::string& data,
                             std::string_view doing) {
  if ((stages_ready_ & spec.bit) == 0) {
    CARDEX_RETURN_IF_ERROR(Exec(spec.create_sql, doing).status());
    stages_ready_ |= spec.bit;
  }
  CARDEX_RETURN_IF_ERROR(CopyIn(spec.copy_sql, data, doing));
  return Exec(spec.merge_sql, doing).status();
}

Status PgStore::BulkUpsert(const BulkSpec& spec, const std::string& min_key,
                           const std::string& max_key, const std::string& keys,
                           const std::string& data, std::string_view doing) {
  CARDEX_RETURN_IF_ERROR(Exec(spec.setup_sql, doing).status());
  auto exists = [&](const char* sql, int n, const char* const* params) -> Result<bool> {
    PgResult probe(PQexecParams(conn_, sql, n, nullptr, params, nullptr, nullptr, 0));
    if (!probe || PQresultStatus(probe.get()) != PGRES_TUPLES_OK) return Error(probe.get(), doing);
    return std::strcmp(PQgetvalue(probe.get(), 0, 0), "t") == 0;
  };
  // One index range probe answers for a batch whose key range is new (a
  // load in key order); only when it hits is every key probed.
  const char* range[2] = {min_key.c_str(), max_key.c_str()};
  CARDEX_ASSIGN_OR_RETURN(bool any_exists, exists(spec.range_probe_sql, 2, range));
  if (any_exists) {
    const char* all[1] = {keys.c_str()};
    CARDEX_ASSIGN_OR_RETURN(any_exists, exists(spec.probe_sql, 1, all));
  }
  CARDEX_RETURN_IF_ERROR(any_exists ? CopyAndMerge(spec.stage, data, doing)
                                    : CopyIn(spec.direct_sql, data, doing));
  return Exec(kBulkReset, doing).status();
}

Status PgStore::UpsertUnits(std::span<const Unit> rows) {
  static const StageSpec kSpec{1u << 0, kStageUnits,
                               "COPY cardex_stage_units (code, parent_code, kind, name) FROM STDIN",
                               kMergeUnits};
  if (rows.empty()) return Status::Ok();
  std::vector<bool> keep = LastOccurrences(rows, [](const Unit& r) { return std::string_view(r.code); });
  copy_buffer_.clear();
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!keep.empty() && !keep[i]) continue;
    const Unit& r = rows[i];
    CopyRow(&copy_buffer_).Text(r.code).Text(r.parent_code).Text(r.kind).Text(r.name).End();
  }
  return WriteAtomically([&] { return CopyAndMerge(kSpec, copy_buffer_, "upserting units"); });
}

Status PgStore::UpsertMembers(std::span<const Member> rows) {
#define CARDEX_MEMBER_COLUMNS \
  "(member_no, citizen_id, full_name, birth_date, gender, unit_code, status, phone, home_visit, " \
  "rev)"
  static const BulkSpec kSpec{
      CARDEX_BULK_SETUP("members"),
      "SELECT EXISTS (SELECT 1 FROM members WHERE member_no BETWEEN $1 AND $2)",
      "SELECT EXISTS (SELECT 1 FROM unnest($1::text[]) AS k(member_no) "
      "JOIN members m ON m.member_no = k.member_no)",
      "COPY members " CARDEX_MEMBER_COLUMNS " FROM STDIN",
      kBulkReset,
      {1u << 1, kStageMembers, "COPY cardex_stage_members " CARDEX_MEMBER_COLUMNS " FROM STDIN",
       kMergeMembers}};
  if (rows.empty()) return Status::Ok();
  return WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(int64_t rev, TransactionRevision());
    std::vector<bool> keep =
        LastOccurrences(rows, [](const Member& r) { return std::string_view(r.member_no); });
    copy_buffer_.clear();
    key_buffer_.clear();
    key_buffer_.push_back('{');
    std::string_view min_key = rows[0].member_no, max_key = rows[0].member_no;
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!keep.empty() && !keep[i]) continue;
      const Member& r = rows[i];
      min_key = std::min<std::string_view>(min_key, r.member_no);  // byte order, as COLLATE "C"
      max_key = std::max<std::string_view>(max_key, r.member_no);
      AppendArrayElement(&key_buffer_, r.member_no);
      CopyRow(&copy_buffer_)
          .Text(r.member_no)
          .Text(r.citizen_id)
          .Text(r.full_name)
          .Text(r.birth_date)
          .Text(r.gender)
          .Text(r.unit_code)
          .Text(r.status)
          .Text(r.phone)
          .Int(r.home_visit ? 1 : 0)
          .Int(rev)
          .End();
    }
    key_buffer_.back() = '}';
    return BulkUpsert(kSpec, std::string(min_key), std::string(max_key), key_buffer_,
                      copy_buffer_, "upserting members");
  });
}

Status PgStore::UpsertCitizens(std::span<const Citizen> rows) {
#define CARDEX_CITIZEN_COLUMNS \
  "(citizen_id, full_name, birth_date, gender, origin, deceased_on, rev, suggestion_key, " \
  "given_key, family_key)"
  static const BulkSpec kSpec{
      CARDEX_BULK_SETUP("citizens"),
      "SELECT EXISTS (SELECT 1 FROM citizens WHERE citizen_id BETWEEN $1::bigint AND $2::bigint)",
      "SELECT EXISTS (SELECT 1 FROM unnest($1::bigint[]) AS k(citizen_id) "
      "JOIN citizens c ON c.citizen_id = k.citizen_id)",
      "COPY citizens " CARDEX_CITIZEN_COLUMNS " FROM STDIN",
      kBulkReset,
      {1u << 2, kStageCitizens, "COPY cardex_stage_citizens " CARDEX_CITIZEN_COLUMNS " FROM STDIN",
       kMergeCitizens}};
  if (rows.empty()) return Status::Ok();
  std::vector<int64_t> keys(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!PackCitizenId(rows[i].citizen_id, &keys[i])) return BadCitizenIdError(i);
  }
  return WriteAtomically([&]() -> Status {
    CARDEX_ASSIGN_OR_RETURN(int64_t rev, TransactionRevision());
    std::vector<bool> keep = LastOccurrences(std::span<const int64_t>(keys), [](int64_t k) { return k; });
    copy_buffer_.clear();
    key_buffer_.clear();
    key_buffer_.push_back('{');
    int64_t min_key = keys[0], max_key = keys[0];
    for (size_t i = 0; i < rows.size(); ++i) {
      if (!keep.empty() && !keep[i]) continue;
      const Citizen& r = rows[i];
      min_key = std::min(min_key, keys[i]);
      max_key = std::max(max_key, keys[i]);
      AppendInt(&key_buffer_, keys[i]);
      key_buffer_.push_back(',');
      const CitizenBlockKeys blocks = BlockKeysOf(r.full_name, r.birth_date, r.gender);
      CopyRow(&copy_buffer_)
          .Int(keys[i])
          .Text(r.full_name)
          .Text(r.birth_date)
          .Text(r.gender)
          .Text(r.origin)
          .Text(r.deceased_on)
          .Int(rev)
          .Int(SuggestionKey(r.full_name, r.birth_date, r.gender))
          .Int(blocks.given)
          .Int(blocks.family)
          .End();
    }
    key_buffer_.back() = '}';
    if (citizens_copy_stream_) {
      copy_stream_revision_ = rev;
      return StreamCopy("COPY citizens " CARDEX_CITIZEN_COLUMNS " FROM STDIN", copy_buffer_,
                        "loading citizens");
    }
    CARDEX_RETURN_IF_ERROR(BulkUpsert(kSpec, std::to_string(min_key), std::to_string(max_key),
                                      key_buffer_, copy_buffer_, "upserting citizens"));
    return Exec("UPDATE table_revisions SET revision = " + std::to_string(rev) +
                    " WHERE table_name = 'citizens'",
                "upserting citizens")
        .status();
  });
}

Status PgStore::UpsertStations(std::span<const Station> rows) {
  static const StageSpec kSpec{
      1u << 3, kStageStations,
      "COPY cardex_stage_stations (code, name, counters, minutes_per_member, serves) FROM STDIN",
      kMergeStations};
  if (rows.empty()) return Status::Ok();
  std::vector<bool> keep =
      LastOccurrences(rows, [](const Station& r) { return std::string_view(r.code); });
  copy_buffer_.clear();
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!keep.empty() && !keep[i]) continue;
    const Station& r = rows[i];
    CopyRow(&copy_buffer_)
        .Text(r.code)
        .Text(r.name)
        .Int(r.counters)
        .Int(r.minutes_per_member)
        .Text(JoinServes(r.serves))
        .End();
  }
  return WriteAtomically([&] { return CopyAndMerge(kSpec, copy_buffer_, "upserting stations"); });
}

Status PgStore::UpsertShifts(std::span<const Shift> rows) {
  static const StageSpec kSpec{
      1u << 4, kStageShifts,
      "COPY cardex_stage_shifts (station_code, date, start_time, end_time, kind) FROM STDIN",
      kMergeShifts};
  if (rows.empty()) return Status::Ok();
  std::vector<bool> keep = LastOccurrences(rows, [](const Shift& r) {
    return r.station_code + '\x1f' + r.date + '\x1f' + r.start;
  });
  copy_buffer_.clear();
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!keep.empty() && !keep[i]) continue;
    const Shift& r = rows[i];
    CopyRow(&copy_buffer_).Text(r.station_code).Text(r.date).Text(r.start).Text(r.end).Text(r.kind).End();
  }
  return WriteAtomically([&] { return CopyAndMerge(kSpec, copy_buffer_, "upserting shifts"); });
}

}  // namespace cardex::store_internal
