#include "cardex/intake/lookup.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "cardex/core/vn_name.h"
#include "cardex/intake/desk.h"
#include "cardex/plan/appointments.h"

namespace cardex::intake {

namespace {

std::string Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool AllAlnum(std::string_view s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); });
}

std::vector<std::string> Words(std::string_view folded) {
  std::vector<std::string> out;
  std::istringstream in{std::string(folded)};
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The members of `roots`' subtrees with what a lookup compares and shows.
// `where` narrows the scan (an SQL condition on m, s, r, with its params).
constexpr std::string_view kScopeMembers = R"sql(
WITH RECURSIVE sub(code) AS (
  SELECT code FROM units WHERE code IN (SELECT value FROM lookup_roots)
  UNION SELECT u.code FROM units u JOIN sub ON u.parent_code = sub.code)
SELECT m.member_no, m.full_name, m.birth_date, m.unit_code, u.name, m.citizen_id,
       COALESCE(e.state, CASE WHEN a.mode = 'home_visit' THEN 'home_visit'
                              WHEN a.member_no IS NOT NULL THEN 'invited' ELSE 'listed' END),
       s.citizen_id, s.full_name, r.suggested_citizen_id
FROM members m
JOIN sub ON sub.code = m.unit_code
LEFT JOIN units u ON u.code = m.unit_code
LEFT JOIN exchange e ON e.member_no = m.member_no
LEFT JOIN appointments a ON a.member_no = m.member_no
LEFT JOIN member_standard s ON s.member_no = m.member_no
LEFT JOIN reconcile_results r ON r.member_no = m.member_no
)sql";

// The SQL of kScopeMembers with the roots inlined as a VALUES list of
// placeholders ("" = every root unit).
std::string ScopeSql(std::span<const std::string> roots, std::string_view where) {
  std::string sql(kScopeMembers);
  std::string list;
  bool everything = false;
  for (const std::string& r : roots) everything = everything || r.empty();
  if (everything) {
    sql.replace(sql.find("code IN (SELECT value FROM lookup_roots)"),
                std::string_view("code IN (SELECT value FROM lookup_roots)").size(),
                "COALESCE(parent_code, '') = ''");
  } else {
    for (size_t i = 0; i < roots.size(); ++i) list += i == 0 ? "?" : ", ?";
    if (list.empty()) list = "NULL";
    sql.replace(sql.find("(SELECT value FROM lookup_roots)"),
                std::string_view("(SELECT value FROM lookup_roots)").size(), "(" + list + ")");
  }
  return sql + std::string(where);
}

LookupHit HitOf(const SqlRows& rows, size_t r, std::string matched_by, int score) {
  LookupHit h;
  h.member_no = rows.Text(r, 0);
  h.full_name = rows.Text(r, 1);
  h.birth_date = rows.Text(r, 2);
  h.unit_code = rows.Text(r, 3);
  h.unit_name = rows.IsNull(r, 4) ? "" : std::string(rows.Text(r, 4));
  h.citizen_id = rows.Text(r, 5);
  h.state = rows.Text(r, 6);
  h.matched_by = std::move(matched_by);
  h.score = score;
  return h;
}

Result<SqlRows> ScanScope(Store& store, std::span<const std::string> roots, std::string_view where,
                          std::vector<std::string> extra) {
  std::vector<SqlParam> params;
  bool everything = std::any_of(roots.begin(), roots.end(), [](const std::string& r) { return r.empty(); });
  if (!everything) {
    for (const std::string& r : roots) params.emplace_back(std::string_view(r));
  }
  for (const std::string& e : extra) params.emplace_back(std::string_view(e));
  return store.Query(ScopeSql(roots, where), std::span<const SqlParam>(params));
}

// How well the folded name words `want` (and the birth year) fit a member:
// 0 for no fit. Every word must be in the name; the whole name in order
// scores highest, then the given name (last word) matching, then the rest.
int NameScore(const std::vector<std::string>& want, std::string_view year, std::string_view name,
              std::string_view birth_date) {
  std::vector<std::string> have = Words(vn_name::FoldKey(name));
  if (have.empty()) return 0;
  for (const std::string& w : want) {
    if (std::find(have.begin(), have.end(), w) == have.end()) return 0;
  }
  int score = 40;
  if (want == have) {
    score = 100;
  } else if (want.back() == have.back()) {
    score = 70;
  }
  if (!year.empty()) {
    if (birth_date.substr(0, 4) != year) return 0;
    score += 20;
  }
  return score;
}

}  // namespace

LookupKind ClassifyLookup(std::string_view raw) {
  std::string q = Trim(raw);
  if (q.size() == 12 && AllDigits(q)) return LookupKind::kCitizenId;
  if (q.size() == 11 && AllAlnum(q) && (!AllDigits(q) || plan::InvitationCodeChecks(q))) {
    return LookupKind::kInvitationCode;
  }
  if (AllDigits(q)) return LookupKind::kMemberNo;
  return LookupKind::kName;
}

Result<std::vector<LookupHit>> FindMembers(Store& store, std::string_view raw,
                                           std::span<const std::string> roots, size_t limit) {
  const std::string q = Trim(raw);
  if (q.empty()) return Status::Coded(StatusCode::kInvalidArgument, "lookup.empty");
  std::vector<LookupHit> hits;
  switch (ClassifyLookup(q)) {
    case LookupKind::kInvitationCode: {
      auto member = MemberByInvitationCode(store, q);
      if (!member.ok()) {
        if (member.status().code() == StatusCode::kNotFound) return hits;
        return member.status();
      }
      CARDEX_ASSIGN_OR_RETURN(SqlRows rows, ScanScope(store, roots, " WHERE m.member_no = ?", {*member}));
      for (size_t r = 0; r < rows.size(); ++r) hits.push_back(HitOf(rows, r, "invitation_code", 100));
      break;
    }
    case LookupKind::kMemberNo: {
      CARDEX_ASSIGN_OR_RETURN(SqlRows rows, ScanScope(store, roots, " WHERE m.member_no = ?", {q}));
      for (size_t r = 0; r < rows.size(); ++r) hits.push_back(HitOf(rows, r, "member_no", 100));
      break;
    }
    case LookupKind::kCitizenId: {
      // The recorded id on its index first; the standardised and the
      // registry's (suggested) ids on the scope's scan.
      CARDEX_ASSIGN_OR_RETURN(
          SqlRows rows,
          ScanScope(store, roots,
                    " WHERE m.citizen_id = ? OR s.citizen_id = ? OR r.suggested_citizen_id = ?",
                    {q, q, q}));
      for (size_t r = 0; r < rows.size(); ++r) {
        std::string by = rows.Text(r, 5) == q                        ? "citizen_id"
                         : !rows.IsNull(r, 7) && rows.Text(r, 7) == q ? "standardised_citizen_id"
                                                                       : "registry_citizen_id";
        hits.push_back(HitOf(rows, r, by, by == "citizen_id" ? 100 : 90));
      }
      break;
    }
    case LookupKind::kName: {
      std::vector<std::string> want = Words(vn_name::FoldKey(q));
      std::string year;
      if (!want.empty() && want.back().size() == 4 && AllDigits(want.back())) {
        year = want.back();
        want.pop_back();
      }
      if (want.size() < 2) return Status::Coded(StatusCode::kInvalidArgument, "lookup.name_too_short");
      CARDEX_ASSIGN_OR_RETURN(SqlRows rows, ScanScope(store, roots, "", {}));
      for (size_t r = 0; r < rows.size(); ++r) {
        int score = NameScore(want, year, rows.Text(r, 1), rows.Text(r, 2));
        if (!rows.IsNull(r, 8)) {
          score = std::max(score, NameScore(want, year, rows.Text(r, 8), rows.Text(r, 2)));
        }
        if (score > 0) hits.push_back(HitOf(rows, r, "name", score));
      }
      break;
    }
  }
  std::stable_sort(hits.begin(), hits.end(), [](const LookupHit& a, const LookupHit& b) {
    return a.score != b.score ? a.score > b.score : a.member_no < b.member_no;
  });
  if (hits.size() > limit) hits.resize(limit);
  return hits;
}

}  // namespace cardex::intake
