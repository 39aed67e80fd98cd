// The import driver: one pass over the file, rows checked as they stream by
// and handed to the Store in batches inside one transaction. The first bad
// row stops the writing (the transaction is rolled back at the end) but not
// the reading, so that one run reports every bad row up to the limit.
#include "cardex/ingest/import.h"

#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "cardex/core/citizen_id.h"
#include "cardex/core/unit_tree.h"
#include "cardex/store/lookups.h"
#include "cardex/io/csv.h"
#include "id_line_map.h"
#include "newly_official.h"
#include "row_check.h"
#include "unit_tree.h"

namespace cardex {
namespace {

using ingest::ColumnSpec;
using ingest::RowErrors;
using ingest::RowReader;

// A CSV reader's refusal for people; the English detail (with the line and
// column) follows.
std::string UnreadableVi(const Status& s) {
  const std::string& m = s.message();
  if (m.find("UTF-8") != std::string::npos || m.find("UTF-16") != std::string::npos ||
      m.find("NUL byte") != std::string::npos) {
    return "tệp không phải văn bản UTF-8 (có thể Excel đã lưu theo bảng mã Windows-1258); hãy "
           "lưu lại bằng \"CSV UTF-8 (phân cách bằng dấu phẩy)\" hoặc tải lên tệp XLSX (" + m + ")";
  }
  return "tệp CSV sai định dạng, thường do dấu ngoặc kép không đóng (" + m + ")";
}

std::string SeenOn(int64_t line) { return " (first seen on line " + std::to_string(line) + ")"; }
std::string SeenOnVi(int64_t line) { return " (lần đầu ở dòng " + std::to_string(line) + ")"; }

// Per-kind rules. Each has: kColumns, Load(store) for the reference data it
// checks codes against, Parse(row, out) -> bool, Flush(store, rows),
// CheckWholeFile(errors) for rules that need every row, and Finish(store).
struct UnitRules {
  enum Col { kCode, kParent, kKind, kName };
  static constexpr ColumnSpec kColumns[] = {
      {"code", true}, {"parent_code", false}, {"kind", true}, {"name", true}};

  std::unordered_map<std::string, std::string> stored_parents;
  std::unordered_map<std::string, int64_t> seen;
  std::vector<ingest::UnitRow> rows;  // the tree is checked as a whole

  Status Load(Store& store) {
    return store.ScanUnits([&](const Unit& u) {
      stored_parents.emplace(u.code, u.parent_code);
      return Status::Ok();
    });
  }
  bool Parse(RowReader& r, Unit* u) {
    u->code = r.Get(kCode);
    u->parent_code = r.Get(kParent);
    u->name = r.Get(kName);
    std::string_view kind;
    bool ok = r.Enum(kKind, {"province", "commune", "cell", "district", "branch"}, &kind);
    u->kind = kind;
    if (!u->code.empty()) {
      auto [it, fresh] = seen.emplace(u->code, r.line());
      if (!fresh) {
        r.Error(kCode, "the code appears twice in the file" + SeenOn(it->second),
                "mã đơn vị xuất hiện hai lần trong tệp" + SeenOnVi(it->second));
        ok = false;
      }
    }
    ok = ok && !u->code.empty() && !u->name.empty();
    if (ok || !u->code.empty()) rows.push_back({*u, r.line()});
    return ok;
  }
  // Units are written only after the whole tree is checked (see Finish).
  Status Flush(Store&, std::span<const Unit>) { return Status::Ok(); }
  void CheckWholeFile(RowErrors& errors) { ingest::CheckUnitTree(stored_parents, rows, errors); }
  Status Finish(Store& store) {
    std::vector<Unit> units;
    units.reserve(rows.size());
    for (auto& r : rows) units.push_back(std::move(r.unit));
    return store.UpsertUnits(units);
  }
};

// Loads code → kind of every stored unit.
Status LoadUnitKinds(Store& store, std::unordered_map<std::string, std::string>* kinds) {
  return store.ScanUnits([&](const Unit& u) {
    kinds->emplace(u.code, u.kind);
    return Status::Ok();
  });
}

struct MemberRules {
  enum Col { kNo, kCitizenId, kName, kBirth, kGender, kUnit, kStatus, kPhone, kHomeVisit };
  static constexpr ColumnSpec kColumns[] = {
      {"member_no", true}, {"citizen_id", false}, {"full_name", true},
      {"birth_date", true}, {"gender", true},     {"unit_code", true},
      {"status", true},    {"phone", false},      {"home_visit", false}};

  std::unordered_map<std::string, std::string> unit_kinds;
  std::unordered_map<std::string, int64_t> seen;
  Store* store = nullptr;
  std::optional<std::string> within;  // ImportOptions::within_unit
  UnitTree tree;

  ingest::NewlyOfficial newly_official;
  std::string actor;

  void Configure(const ImportOptions& options) {
    within = options.within_unit;
    actor = options.actor;
  }
  Status Load(Store& s) {
    store = &s;
    CARDEX_RETURN_IF_ERROR(newly_official.Start(s));
    if (within) {
      CARDEX_ASSIGN_OR_RETURN(tree, LoadUnitTree(s));
      if (!tree.Has(*within)) return Status::NotFound("no unit " + *within);
    }
    return LoadUnitKinds(s, &unit_kinds);
  }
  // A scoped upload touches only its own units' members.
  bool InScope(RowReader& r, const Member& m) {
    if (!within || m.unit_code.empty() || !unit_kinds.count(m.unit_code)) return true;
    if (!tree.IsWithin(m.unit_code, *within)) {
      r.Error(kUnit, "unit '" + m.unit_code + "' is outside your units (" + *within + ")",
              "đơn vị '" + m.unit_code + "' nằm ngoài phạm vi quản lý của tài khoản (" + *within + ")");
      return false;
    }
    auto now = MemberUnit(*store, m.member_no);
    if (now.ok() && *now && !tree.IsWithin(**now, *within)) {
      r.Error(kNo, "the member belongs to unit '" + **now + "', outside your units",
              "đảng viên này đang thuộc đơn vị '" + **now + "', ngoài phạm vi quản lý của tài khoản");
      return false;
    }
    return true;
  }
  bool Parse(RowReader& r, Member* m) {
    m->member_no = r.Get(kNo);
    // Kept as recorded, even malformed or empty: reconciliation reports it.
    m->citizen_id = r.Get(kCitizenId);
    m->full_name = r.Get(kName);
    bool ok = !m->member_no.empty() && !m->full_name.empty();
    PartialDate birth;
    ok &= r.PartialBirthDate(kBirth, &birth);
    m->birth_date = r.Raw(kBirth);
    std::string_view v;
    ok &= r.Enum(kGender, {"M", "F"}, &v);
    m->gender = v;
    ok &= r.Enum(kStatus, {"official", "probationary"}, &v);
    m->status = v;
    m->phone = r.Get(kPhone);
    ok &= r.Enum(kHomeVisit, {"", "0", "1"}, &v);
    m->home_visit = v == "1";
    m->unit_code = r.Get(kUnit);
    if (!m->unit_code.empty() && !unit_kinds.count(m->unit_code)) {
      r.Error(kUnit, "unit '" + m->unit_code +
                         "' does not exist; import units.csv first, expected the code of a cell",
              "đơn vị '" + m->unit_code + "' không tồn tại; cần mã của một chi bộ đã có");
      ok = false;
    }
    if (!m->member_no.empty()) {
      auto [it, fresh] = seen.emplace(m->member_no, r.line());
      if (!fresh) {
        r.Error(kNo, "the member number appears twice in the file" + SeenOn(it->second),
                "số thẻ đảng viên xuất hiện hai lần trong tệp" + SeenOnVi(it->second));
        ok = false;
      }
    }
    if (ok && !m->member_no.empty()) ok = InScope(r, *m);
    return ok && !m->unit_code.empty();
  }
  Status Flush(Store& s, std::span<const Member> rows) {
    CARDEX_RETURN_IF_ERROR(newly_official.Before(s, rows));
    CARDEX_RETURN_IF_ERROR(s.UpsertMembers(rows));
    return newly_official.After(s, actor);
  }
  void CheckWholeFile(RowErrors&) {}
  Status Finish(Store&) { return Status::Ok(); }
};

struct CitizenRules {
  enum Col { kId, kName, kBirth, kGender, kOrigin, kDeceased };
  static constexpr ColumnSpec kColumns[] = {{"citizen_id", true}, {"full_name", true},
                                            {"birth_date", true}, {"gender", true},
                                            {"origin", false},    {"deceased_on", false}};
  ingest::IdLineMap seen;

  Status Load(Store&) { return Status::Ok(); }
  bool Parse(RowReader& r, Citizen* c) {
    bool ok = true;
    std::string_view id_text = r.Get(kId);
    uint64_t key = 0;
    if (!id_text.empty()) {
      auto id = CitizenId::Parse(id_text);
      if (!id.ok()) {
        r.Error(kId, id.status().message(), "số CCCD không hợp lệ; cần 12 chữ số");
        ok = false;
      } else {
        key = id->ToInteger();
      }
    }
    c->citizen_id = id_text;
    c->full_name = r.Get(kName);
    Date birth, death;
    bool has_birth = r.FullDate(kBirth, true, &birth);
    c->birth_date = r.Raw(kBirth);
    std::string_view v;
    ok &= r.Enum(kGender, {"M", "F"}, &v);
    c->gender = v;
    c->origin = r.Get(kOrigin);
    c->deceased_on = r.Raw(kDeceased);
    bool has_death = !c->deceased_on.empty();
    if (has_death && !r.FullDate(kDeceased, true, &death)) {
      ok = false;
    } else if (has_death && has_birth && death < birth) {
      r.Error(kDeceased, "comes before the birth date; expected a date of death on or after it",
              "ngày mất trước ngày sinh");
      ok = false;
    }
    if (key != 0) {
      if (int64_t first = seen.InsertOrGet(key, r.line())) {
        r.Error(kId, "the citizen id appears twice in the file" + SeenOn(first),
                "số CCCD xuất hiện hai lần trong tệp" + SeenOnVi(first));
        ok = false;
      }
    }
    return ok && has_birth && key != 0 && !c->full_name.empty();
  }
  Status Flush(Store& store, std::span<const Citizen> rows) { return store.UpsertCitizens(rows); }
  void CheckWholeFile(RowErrors&) {}
  Status Finish(Store&) { return Status::Ok(); }
};

struct StationRules {
  enum Col { kCode, kName, kCounters, kMinutes, kServes };
  static constexpr ColumnSpec kColumns[] = {{"code", true},
                                            {"name", true},
                                            {"counters", true},
                                            {"minutes_per_member", true},
                                            {"serves", true}};
  std::unordered_map<std::string, std::string> unit_kinds;
  std::unordered_map<std::string, int64_t> seen;

  Status Load(Store& store) { return LoadUnitKinds(store, &unit_kinds); }
  bool Parse(RowReader& r, Station* s) {
    s->code = r.Get(kCode);
    s->name = r.Get(kName);
    bool ok = !s->code.empty() && !s->name.empty();
    ok &= r.PositiveInt(kCounters, &s->counters);
    ok &= r.PositiveInt(kMinutes, &s->minutes_per_member);
    std::string_view serves = r.Get(kServes);
    s->serves.clear();
    ok &= !serves.empty();
    while (!serves.empty()) {
      size_t semi = serves.find(';');
      std::string_view part = serves.substr(0, semi);
      serves = semi == std::string_view::npos ? std::string_view() : serves.substr(semi + 1);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
      auto it = unit_kinds.find(std::string(part));
      if (part.empty()) {
        r.Error(kServes, "has an empty code between ';'; expected commune codes separated by ';'",
                "có mã rỗng giữa hai dấu ';'; cần các mã xã cách nhau bởi ';'");
        ok = false;
      } else if (it == unit_kinds.end() || it->second != "commune") {
        r.Error(kServes, "'" + std::string(part) +
                             "' is not a known commune; import units.csv first, expected commune "
                             "codes separated by ';'",
                "'" + std::string(part) + "' không phải mã xã đã có");
        ok = false;
      } else {
        s->serves.emplace_back(part);
      }
    }
    if (!s->code.empty()) {
      auto [it, fresh] = seen.emplace(s->code, r.line());
      if (!fresh) {
        r.Error(kCode, "the station code appears twice in the file" + SeenOn(it->second),
                "mã điểm tiếp nhận xuất hiện hai lần trong tệp" + SeenOnVi(it->second));
        ok = false;
      }
    }
    return ok;
  }
  Status Flush(Store& store, std::span<const Station> rows) { return store.UpsertStations(rows); }
  void CheckWholeFile(RowErrors&) {}
  Status Finish(Store&) { return Status::Ok(); }
};

struct ShiftRules {
  enum Col { kStation, kDate, kStart, kEnd, kKind };
  static constexpr ColumnSpec kColumns[] = {
      {"station_code", true}, {"date", true}, {"start", true}, {"end", true}, {"kind", true}};
  std::unordered_set<std::string> stations;
  std::unordered_map<std::string, int64_t> seen;

  Status Load(Store& store) {
    return store.ScanStations([&](const Station& s) {
      stations.insert(s.code);
      return Status::Ok();
    });
  }
  bool Parse(RowReader& r, Shift* s) {
    s->station_code = r.Get(kStation);
    bool ok = !s->station_code.empty();
    if (ok && !stations.count(s->station_code)) {
      r.Error(kStation, "station '" + s->station_code +
                            "' does not exist; import stations.csv first",
              "điểm tiếp nhận '" + s->station_code + "' không tồn tại");
      ok = false;
    }
    Date date;
    ok &= r.FullDate(kDate, false, &date);
    s->date = r.Raw(kDate);
    TimeOfDay start, end;
    ok &= r.Time(kStart, &start);
    ok &= r.Time(kEnd, &end);
    s->start = r.Raw(kStart);
    s->end = r.Raw(kEnd);
    std::string_view kind;
    ok &= r.Enum(kKind, {"day", "night", "weekend", "holiday"}, &kind);
    s->kind = kind;
    if (ok) {
      std::string key = s->station_code + '\x1f' + s->date + '\x1f' + s->start;
      auto [it, fresh] = seen.emplace(std::move(key), r.line());
      if (!fresh) {
        r.Error(kStart, "the station already has a shift starting at this date and time" +
                            SeenOn(it->second),
                "điểm tiếp nhận đã có ca bắt đầu vào ngày giờ này" + SeenOnVi(it->second));
        ok = false;
      }
    }
    return ok;
  }
  Status Flush(Store& store, std::span<const Shift> rows) { return store.UpsertShifts(rows); }
  void CheckWholeFile(RowErrors&) {}
  Status Finish(Store&) { return Status::Ok(); }
};

// Whether the header, read as one field, is the columns separated by ';'
// (Excel's CSV in a Vietnamese locale).
bool SemicolonHeader(const std::vector<std::string_view>& fields) {
  return fields.size() == 1 && fields[0].find(';') != std::string_view::npos;
}

template <class T, class Rules>
Result<ImportResult> Run(Store& store, RecordKind kind, std::unique_ptr<CsvReader> reader,
                         const ImportOptions& options) {
  const std::string path = reader->name();
  Rules rules;
  if constexpr (requires { rules.Configure(options); }) rules.Configure(options);
  CARDEX_RETURN_IF_ERROR(rules.Load(store));

  ImportResult result;
  RowErrors errors(path, options.max_errors);
  std::vector<std::string_view> fields;
  auto finish_refused = [&]() {
    result.rows = 0;
    result.errors = errors.Take();
    result.issues = errors.TakeIssues();
    if (result.errors.empty()) result.errors.push_back(path + ": refused");
    result.errors_truncated = errors.total() > result.errors.size();
    return result;
  };

  auto header = reader->Next(&fields);
  if (!header.ok()) {
    errors.AddFile(header.status().message(), UnreadableVi(header.status()));
    return finish_refused();
  }
  std::string expected;
  for (const auto& c : Rules::kColumns) expected += (expected.empty() ? "" : ",") + std::string(c.name);
  if (!*header) {
    errors.AddFile("the file is empty; expected a header line with the columns " + expected,
                   "tệp rỗng; cần dòng tiêu đề với các cột " + expected);
    return finish_refused();
  }
  if (SemicolonHeader(fields)) {
    errors.AddFile("the columns are separated by ';' (Excel in a Vietnamese locale); save the file "
                   "as \"CSV UTF-8 (Comma delimited)\", or upload it on the web, which reads both",
                   "các cột được phân cách bằng dấu ';' (Excel cài đặt tiếng Việt); hãy lưu lại "
                   "bằng \"CSV UTF-8 (phân cách bằng dấu phẩy)\", hoặc tải tệp lên trang web, "
                   "nơi đọc được cả hai");
    return finish_refused();
  }
  ingest::HeaderMap map;
  if (!map.Build(Rules::kColumns, fields, errors)) return finish_refused();

  Transaction txn(store);
  if (!options.in_caller_transaction) CARDEX_RETURN_IF_ERROR(txn.Begin());
  CARDEX_RETURN_IF_ERROR(store.BeginBulkLoad(kind));
  std::vector<T> batch;
  batch.reserve(options.batch_rows);
  int64_t rows = 0;
  T record;
  while (!errors.full()) {
    auto more = reader->Next(&fields);
    if (!more.ok()) {
      errors.AddFile(more.status().message(), UnreadableVi(more.status()));
      break;
    }
    if (!*more) break;
    RowReader row(Rules::kColumns, map, fields, reader->record_line(), errors);
    if (!row.well_formed()) continue;
    if (!rules.Parse(row, &record) || errors.any()) continue;
    batch.push_back(std::move(record));
    ++rows;
    if (batch.size() >= options.batch_rows) {
      CARDEX_RETURN_IF_ERROR(rules.Flush(store, batch));
      batch.clear();
      if (options.progress) options.progress(reader->bytes_read(), reader->total_bytes(), rows);
    }
  }
  if (errors.full()) {
    errors.AddFile("stopped reading after " + std::to_string(options.max_errors) + " errors",
                   "đã dừng đọc sau " + std::to_string(options.max_errors) + " lỗi");
  }
  if (!errors.full()) rules.CheckWholeFile(errors);
  if (!errors.any()) {
    CARDEX_RETURN_IF_ERROR(rules.Flush(store, batch));
    CARDEX_RETURN_IF_ERROR(rules.Finish(store));
    CARDEX_RETURN_IF_ERROR(store.EndBulkLoad(kind));
  }
  if (errors.any()) return finish_refused();  // txn rolls back
  {
    std::string name = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
    AuditEntry audit{"", options.actor, "import." + std::string(RecordKindName(kind)), "file:" + name, "",
                     std::to_string(rows) + " rows"};
    CARDEX_RETURN_IF_ERROR(store.AppendAudit({&audit, 1}));
  }
  if (!options.in_caller_transaction) CARDEX_RETURN_IF_ERROR(txn.Commit());
  if (options.progress) options.progress(reader->bytes_read(), reader->total_bytes(), rows);
  result.rows = rows;
  return result;
}

Result<ImportResult> Import(Store& store, RecordKind kind, std::unique_ptr<CsvReader> reader,
                            const ImportOptions& options) {
  if (options.within_unit && kind != RecordKind::kMembers) {
    return Status::InvalidArgument("an import limited to a unit takes members only");
  }
  switch (kind) {
    case RecordKind::kUnits: return Run<Unit, UnitRules>(store, kind, std::move(reader), options);
    case RecordKind::kMembers: return Run<Member, MemberRules>(store, kind, std::move(reader), options);
    case RecordKind::kCitizens: return Run<Citizen, CitizenRules>(store, kind, std::move(reader), options);
    case RecordKind::kStations: return Run<Station, StationRules>(store, kind, std::move(reader), options);
    case RecordKind::kShifts: return Run<Shift, ShiftRules>(store, kind, std::move(reader), options);
  }
  return Status::InvalidArgument("unknown record kind");
}

}  // namespace

Result<ImportResult> ImportFile(Store& store, RecordKind kind, const std::string& path,
                                const ImportOptions& options) {
  CARDEX_ASSIGN_OR_RETURN(std::unique_ptr<CsvReader> reader, CsvReader::OpenFile(path));
  return Import(store, kind, std::move(reader), options);
}

Result<ImportResult> ImportText(Store& store, RecordKind kind, std::string data,
                                const std::string& name, const ImportOptions& options) {
  return Import(store, kind, CsvReader::FromString(std::move(data), name), options);
}

}  // namespace cardex
