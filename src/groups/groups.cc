// Working groups, inspections and follow-ups (groups.h), in portable SQL.
#include "cardex/groups/groups.h"

#include <cstdint>
#include <map>

#include "cardex/core/dates.h"
#include "cardex/core/limits.h"

namespace cardex::groups {
namespace {

bool GoodCode(std::string_view code) {
  if (code.empty() || code.size() > 32) return false;
  for (char c : code) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// A JSON string (audit values are JSON objects, as elsewhere).
std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[(c >> 4) & 0xf];
      out += kHex[c & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

Status Audit(Store& store, std::string_view actor, std::string_view action, std::string subject,
             std::string before, std::string after) {
  AuditEntry entry{"", std::string(actor), std::string(action), std::move(subject),
                   std::move(before), std::move(after)};
  return store.AppendAudit({&entry, 1});
}

Status CheckDate(std::string_view field, std::string_view text) {
  auto date = Date::Parse(text);
  if (!date.ok()) {
    return Status::Coded(StatusCode::kInvalidArgument, "group.date_invalid", {std::string(field)});
  }
  return Status::Ok();
}

Result<bool> Exists(Store& store, std::string_view sql, std::string_view key) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows rows, store.Query(sql, {key}));
  return !rows.empty();
}

// True when `unit` is `ancestor` or lies below it in the stored tree.
Result<bool> IsWithin(Store& store, std::string_view unit, std::string_view ancestor) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query(std::string(kUnitChainCte) +
                  " SELECT 1 FROM chain WHERE code = ?",
                  {unit, ancestor}));
  return !rows.empty();
}

Result<bool> UnitCoveredByGroup(Store& store, std::string_view group_code, std::string_view unit) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query(std::string(kUnitChainCte) +
                  " SELECT 1 FROM chain c JOIN group_units g ON g.unit_code = c.code"
                  " WHERE g.group_code = ?",
                  {unit, group_code}));
  return !rows.empty();
}

constexpr std::string_view kFollowUpColumns =
    "f.follow_up_id, f.inspection_id, f.group_code, i.unit_code, f.body, f.owner, f.due_on, "
    "f.status, f.closed_by, f.closed_at FROM follow_ups f "
    "JOIN inspections i ON i.inspection_id = f.inspection_id ";

FollowUp FollowUpAt(const SqlRows& rows, size_t i) {
  FollowUp f;
  f.id = rows.Int(i, 0);
  f.inspection_id = rows.Int(i, 1);
  f.group_code = rows.Text(i, 2);
  f.unit_code = rows.Text(i, 3);
  f.text = rows.Text(i, 4);
  f.owner = rows.Text(i, 5);
  f.due_on = rows.Text(i, 6);
  f.status = rows.Text(i, 7);
  f.closed_by = rows.Text(i, 8);
  f.closed_at = rows.Text(i, 9);
  return f;
}

}  // namespace

Status DefineGroup(Store& store, const Group& group, std::string_view actor, std::string_view at) {
  if (!GoodCode(group.code)) {
    // The value is not echoed: it may be anything, of any length.
    return Status::Coded(StatusCode::kInvalidArgument, "group.bad_code");
  }
  if (group.name.empty()) return Status::Coded(StatusCode::kInvalidArgument, "group.name_required");
  CARDEX_RETURN_IF_ERROR(limits::CheckLength("name", group.name, limits::kName));
  CARDEX_RETURN_IF_ERROR(limits::CheckLength("leader", group.leader, limits::kName));
  CARDEX_RETURN_IF_ERROR(limits::CheckLength("unit", group.unit_code, limits::kCode));
  CARDEX_ASSIGN_OR_RETURN(bool unit, Exists(store, "SELECT 1 FROM units WHERE code = ?", group.unit_code));
  if (!unit) return Status::Coded(StatusCode::kInvalidArgument, "group.unit_unknown", {group.unit_code});
  Status inserted = store.Exec(
      "INSERT INTO working_groups (group_code, name, leader, unit_code, created_at, created_by) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {group.code, group.name, group.leader, group.unit_code, at, actor});
  if (inserted.code() == StatusCode::kAlreadyExists) {
    return Status::Coded(StatusCode::kAlreadyExists, "group.exists", {group.code});
  }
  CARDEX_RETURN_IF_ERROR(inserted);
  return Audit(store, actor, "group.define", "group:" + group.code, "",
               "{\"name\":" + Quote(group.name) + ",\"leader\":" + Quote(group.leader) +
                   ",\"unit\":" + Quote(group.unit_code) + "}");
}

Status AssignUnit(Store& store, std::string_view group_code, std::string_view unit_code,
                  std::string_view actor, std::string_view at) {
  CARDEX_ASSIGN_OR_RETURN(const Group group, GetGroup(store, group_code));
  CARDEX_ASSIGN_OR_RETURN(bool unit, Exists(store, "SELECT 1 FROM units WHERE code = ?", unit_code));
  if (!unit) return Status::Coded(StatusCode::kNotFound, "unit.unknown", {std::string(unit_code)});
  CARDEX_ASSIGN_OR_RETURN(bool inside, IsWithin(store, unit_code, group.unit_code));
  if (!inside) {
    return Status::Coded(StatusCode::kInvalidArgument, "group.unit_outside",
                         {std::string(unit_code), group.code, group.unit_code});
  }
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows added,
      store.Query("INSERT INTO group_units (group_code, unit_code, assigned_at, assigned_by) "
                  "VALUES (?, ?, ?, ?) ON CONFLICT (group_code, unit_code) DO NOTHING",
                  {group_code, unit_code, at, actor}));
  if (added.affected() == 0) return Status::Ok();
  return Audit(store, actor, "group.assign_unit", "group:" + group.code, "",
               "{\"unit\":" + Quote(unit_code) + "}");
}

Status AddMember(Store& store, std::string_view group_code, std::string_view login,
                 std::string_view actor, std::string_view at) {
  CARDEX_ASSIGN_OR_RETURN(const Group group, GetGroup(store, group_code));
  CARDEX_ASSIGN_OR_RETURN(bool account, Exists(store, "SELECT 1 FROM users WHERE login = ?", login));
  if (!account) return Status::Coded(StatusCode::kNotFound, "group.no_account", {std::string(login)});
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows added,
      store.Query("INSERT INTO group_members (group_code, login, added_at, added_by) "
                  "VALUES (?, ?, ?, ?) ON CONFLICT (group_code, login) DO NOTHING",
                  {group_code, login, at, actor}));
  if (added.affected() == 0) return Status::Ok();
  return Audit(store, actor, "group.add_member", "group:" + group.code, "",
               "{\"login\":" + Quote(login) + "}");
}

Result<Inspection> RecordInspection(Store& store, const Inspection& inspection,
                                    std::string_view actor, std::string_view at) {
  CARDEX_ASSIGN_OR_RETURN(const Group group, GetGroup(store, inspection.group_code));
  CARDEX_RETURN_IF_ERROR(CheckDate("date", inspection.inspected_on));
  if (inspection.findings.empty()) {
    return Status::Coded(StatusCode::kInvalidArgument, "inspection.findings_required");
  }
  CARDEX_RETURN_IF_ERROR(limits::CheckLength("findings", inspection.findings, limits::kFindings));
  CARDEX_RETURN_IF_ERROR(limits::CheckLength("unit", inspection.unit_code, limits::kCode));
  CARDEX_RETURN_IF_ERROR(limits::CheckCount("follow_ups", inspection.follow_ups.size(),
                                            limits::kFollowUpsPerInspection));
  CARDEX_ASSIGN_OR_RETURN(bool covered, UnitCoveredByGroup(store, group.code, inspection.unit_code));
  if (!covered) {
    return Status::Coded(StatusCode::kInvalidArgument, "inspection.unit_not_assigned",
                         {inspection.unit_code, group.code});
  }
  for (const FollowUp& f : inspection.follow_ups) {
    if (f.text.empty()) return Status::Coded(StatusCode::kInvalidArgument, "follow_up.text_required");
    CARDEX_RETURN_IF_ERROR(limits::CheckLength("follow_ups.text", f.text, limits::kFollowUpText));
    CARDEX_RETURN_IF_ERROR(limits::CheckLength("follow_ups.owner", f.owner, limits::kLogin));
    CARDEX_RETURN_IF_ERROR(CheckDate("follow_ups.due", f.due_on));
    CARDEX_ASSIGN_OR_RETURN(bool owner, Exists(store, "SELECT 1 FROM users WHERE login = ?", f.owner));
    if (!owner) return Status::Coded(StatusCode::kInvalidArgument, "follow_up.owner_unknown", {f.owner});
  }
  Inspection out = inspection;
  out.recorded_by = actor;
  out.recorded_at = at;
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows row,
      store.Query("INSERT INTO inspections (group_code, unit_code, inspected_on, findings, "
                  "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING inspection_id",
                  {group.code, inspection.unit_code, inspection.inspected_on, inspection.findings,
                   actor, at}));
  out.id = row.Int(0, 0);
  std::string after = "{\"group\":" + Quote(group.code) + ",\"unit\":" + Quote(out.unit_code) +
                      ",\"date\":" + Quote(out.inspected_on) + ",\"findings\":" +
                      Quote(out.findings) + ",\"follow_ups\":[";
  for (size_t i = 0; i < out.follow_ups.size(); ++i) {
    FollowUp& f = out.follow_ups[i];
    CARDEX_ASSIGN_OR_RETURN(
        SqlRows fid,
        store.Query("INSERT INTO follow_ups (inspection_id, group_code, body, owner, due_on) "
                    "VALUES (?, ?, ?, ?, ?) RETURNING follow_up_id",
                    {out.id, group.code, f.text, f.owner, f.due_on}));
    f.id = fid.Int(0, 0);
    f.inspection_id = out.id;
    f.group_code = group.code;
    f.unit_code = out.unit_code;
    f.status = "open";
    f.closed_by.clear();
    f.closed_at.clear();
    after += (i ? "," : "") + std::string("{\"id\":") + std::to_string(f.id) +
             ",\"text\":" + Quote(f.text) + ",\"owner\":" + Quote(f.owner) +
             ",\"due\":" + Quote(f.due_on) + "}";
  }
  after += "]}";
  CARDEX_RETURN_IF_ERROR(Audit(store, actor, "inspection.record",
                               "inspection:" + std::to_string(out.id), "", after));
  return out;
}

Status CloseFollowUp(Store& store, int64_t follow_up_id, std::string_view actor,
                     std::string_view at) {
  CARDEX_ASSIGN_OR_RETURN(const FollowUp f, GetFollowUp(store, follow_up_id));
  if (f.status == "done") {
    return Status::Coded(StatusCode::kFailedPrecondition, "follow_up.closed_already",
                         {std::to_string(follow_up_id), f.closed_by, f.closed_at});
  }
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows updated,
      store.Query("UPDATE follow_ups SET status = 'done', closed_by = ?, closed_at = ? "
                  "WHERE follow_up_id = ? AND status = 'open'",
                  {actor, at, follow_up_id}));
  if (updated.affected() != 1) {
    return Status::Coded(StatusCode::kFailedPrecondition, "follow_up.closed_meanwhile",
                         {std::to_string(follow_up_id)});
  }
  return Audit(store, actor, "follow_up.close", "follow_up:" + std::to_string(follow_up_id),
               "{\"status\":\"open\"}", "{\"status\":\"done\"}");
}

Result<Group> GetGroup(Store& store, std::string_view group_code) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows row, store.Query("SELECT group_code, name, leader, unit_code FROM working_groups "
                               "WHERE group_code = ?",
                               {group_code}));
  if (row.empty()) return Status::Coded(StatusCode::kNotFound, "not_found.group", {std::string(group_code)});
  Group g{std::string(row.Text(0, 0)), std::string(row.Text(0, 1)), std::string(row.Text(0, 2)),
          std::string(row.Text(0, 3)), {}, {}};
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows units,
      store.Query("SELECT unit_code FROM group_units WHERE group_code = ? ORDER BY unit_code",
                  {group_code}));
  for (size_t i = 0; i < units.size(); ++i) g.units.emplace_back(units.Text(i, 0));
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows members,
      store.Query("SELECT login FROM group_members WHERE group_code = ? ORDER BY login", {group_code}));
  for (size_t i = 0; i < members.size(); ++i) g.members.emplace_back(members.Text(i, 0));
  return g;
}

Result<std::vector<Group>> ListGroups(Store& store) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows codes,
                          store.Query("SELECT group_code FROM working_groups ORDER BY group_code"));
  std::vector<Group> out;
  for (size_t i = 0; i < codes.size(); ++i) {
    CARDEX_ASSIGN_OR_RETURN(Group g, GetGroup(store, codes.Text(i, 0)));
    out.push_back(std::move(g));
  }
  return out;
}

namespace {

// " LIMIT n OFFSET m" for a bounded window, nothing for every row. Numbers,
// not user text: the window is a size_t built by the caller.
std::string WindowClause(const RowWindow& window) {
  const bool every_row = window.limit == RowWindow{}.limit;
  if (every_row && window.offset == 0) return "";
  const int64_t limit = every_row ? INT64_MAX : static_cast<int64_t>(window.limit);
  return " LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(window.offset);
}

Result<size_t> CountRows(Store& store, std::string sql, std::string_view key) {
  CARDEX_ASSIGN_OR_RETURN(SqlRows rows, store.Query(sql, {key}));
  return static_cast<size_t>(rows.Int(0, 0));
}

}  // namespace

Result<RowPage<Inspection>> GroupInspections(Store& store, std::string_view group_code,
                                             RowWindow window) {
  const std::string page_ids = "SELECT inspection_id FROM inspections WHERE group_code = ? "
                               "ORDER BY inspected_on DESC, inspection_id DESC" + WindowClause(window);
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT inspection_id, group_code, unit_code, inspected_on, findings, "
                  "recorded_by, recorded_at FROM inspections WHERE group_code = ? "
                  "ORDER BY inspected_on DESC, inspection_id DESC" + WindowClause(window),
                  {group_code}));
  RowPage<Inspection> out;
  out.offset = window.offset;
  std::map<int64_t, size_t> index;
  for (size_t i = 0; i < rows.size(); ++i) {
    Inspection in;
    in.id = rows.Int(i, 0);
    in.group_code = rows.Text(i, 1);
    in.unit_code = rows.Text(i, 2);
    in.inspected_on = rows.Text(i, 3);
    in.findings = rows.Text(i, 4);
    in.recorded_by = rows.Text(i, 5);
    in.recorded_at = rows.Text(i, 6);
    index[in.id] = out.rows.size();
    out.rows.push_back(std::move(in));
  }
  CARDEX_ASSIGN_OR_RETURN(
      out.total, CountRows(store, "SELECT COUNT(*) FROM inspections WHERE group_code = ?", group_code));
  if (out.rows.empty()) return out;
  // Only the page's follow-ups: a group may have recorded thousands.
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows fs, store.Query("SELECT " + std::string(kFollowUpColumns) +
                                  "WHERE f.inspection_id IN (SELECT inspection_id FROM (" + page_ids +
                                  ") AS page) ORDER BY f.follow_up_id",
                              {group_code}));
  for (size_t i = 0; i < fs.size(); ++i) {
    FollowUp f = FollowUpAt(fs, i);
    auto it = index.find(f.inspection_id);
    if (it != index.end()) out.rows[it->second].follow_ups.push_back(std::move(f));
  }
  return out;
}

Result<FollowUp> GetFollowUp(Store& store, int64_t follow_up_id) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT " + std::string(kFollowUpColumns) + "WHERE f.follow_up_id = ?",
                  {follow_up_id}));
  if (rows.empty()) {
    return Status::Coded(StatusCode::kNotFound, "not_found.follow_up", {std::to_string(follow_up_id)});
  }
  return FollowUpAt(rows, 0);
}

Result<RowPage<FollowUp>> OpenFollowUpsOf(Store& store, std::string_view login,
                                          RowWindow window) {
  CARDEX_ASSIGN_OR_RETURN(
      SqlRows rows,
      store.Query("SELECT " + std::string(kFollowUpColumns) +
                      "WHERE f.owner = ? AND f.status = 'open' ORDER BY f.due_on, f.follow_up_id" +
                      WindowClause(window),
                  {login}));
  RowPage<FollowUp> out;
  out.offset = window.offset;
  for (size_t i = 0; i < rows.size(); ++i) out.rows.push_back(FollowUpAt(rows, i));
  CARDEX_ASSIGN_OR_RETURN(
      out.total,
      CountRows(store, "SELECT COUNT(*) FROM follow_ups WHERE owner = ? AND status = 'open'", login));
  return out;
}

}  // namespace cardex::groups
