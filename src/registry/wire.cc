#include "registry/wire.h"

#include <boost/json.hpp>
#include <cstdio>

namespace cardex::registry::wire {
namespace json = boost::json;
namespace {

constexpr int kIdDigits = 12;

json::object CitizenObject(const Row& r) {
  json::object o;
  o["citizen_id"] = FormatId(r.citizen_id);
  o["full_name"] = r.full_name;
  o["birth_date"] = r.birth_date;
  o["gender"] = r.gender;
  o["deceased_on"] = r.deceased_on;
  return o;
}

Result<json::value> ParseJson(std::string_view body, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(body.data(), body.size()), ec);
  if (ec) return Status::InvalidArgument(std::string(what) + ": not JSON");
  if (!v.is_object()) return Status::InvalidArgument(std::string(what) + ": not a JSON object");
  return v;
}

Status Text(const json::object& o, std::string_view key, std::string* out, std::string_view where) {
  const json::value* v = o.if_contains(json::string_view(key.data(), key.size()));
  if (v == nullptr || !v->is_string()) {
    return Status::InvalidArgument(std::string(where) + ": `" + std::string(key) +
                                   "` missing or not a string");
  }
  const json::string& s = v->get_string();
  out->assign(s.data(), s.size());
  return Status::Ok();
}

Status ReadCitizen(const json::value& v, Row* row, const std::string& where) {
  if (!v.is_object()) return Status::InvalidArgument(where + ": not an object");
  const json::object& o = v.get_object();
  std::string id;
  CARDEX_RETURN_IF_ERROR(Text(o, "citizen_id", &id, where));
  row->citizen_id = ParseId(id);
  if (row->citizen_id < 0) return Status::InvalidArgument(where + ": `citizen_id` is not 12 digits");
  CARDEX_RETURN_IF_ERROR(Text(o, "full_name", &row->full_name, where));
  CARDEX_RETURN_IF_ERROR(Text(o, "birth_date", &row->birth_date, where));
  CARDEX_RETURN_IF_ERROR(Text(o, "gender", &row->gender, where));
  CARDEX_RETURN_IF_ERROR(Text(o, "deceased_on", &row->deceased_on, where));
  return Status::Ok();
}

Result<Page> DecodePage(std::string_view body, std::string_view list_key, bool with_query) {
  CARDEX_ASSIGN_OR_RETURN(json::value v, ParseJson(body, "answer"));
  const json::object& o = v.get_object();
  Page page;
  const json::value* list = o.if_contains(json::string_view(list_key.data(), list_key.size()));
  if (list == nullptr || !list->is_array()) {
    return Status::InvalidArgument("answer: `" + std::string(list_key) + "` missing or not a list");
  }
  const json::value* total = o.if_contains("total");
  if (total == nullptr || !total->is_int64() || total->get_int64() < 0) {
    return Status::InvalidArgument("answer: `total` missing or not a count");
  }
  page.total = total->get_int64();
  if (const json::value* next = o.if_contains("next_page_token"); next != nullptr) {
    if (!next->is_string()) return Status::InvalidArgument("answer: `next_page_token` not a string");
    page.next_page_token.assign(next->get_string().data(), next->get_string().size());
  }
  const json::array& rows = list->get_array();
  page.rows.resize(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string where = "answer: " + std::string(list_key) + "[" + std::to_string(i) + "]";
    CARDEX_RETURN_IF_ERROR(ReadCitizen(rows[i], &page.rows[i], where));
    if (with_query) {
      const json::value* q = rows[i].get_object().if_contains("query");
      if (q == nullptr || !q->is_int64() || q->get_int64() < 0) {
        return Status::InvalidArgument(where + ": `query` missing or not an index");
      }
      page.rows[i].query = q->get_int64();
    }
  }
  return page;
}

std::string EncodePage(std::span<const Row> rows, int64_t total, std::string_view next,
                       std::string_view list_key, bool with_query) {
  json::array list;
  list.reserve(rows.size());
  for (const Row& r : rows) {
    json::object o = CitizenObject(r);
    if (with_query) o["query"] = r.query;
    list.emplace_back(std::move(o));
  }
  json::object o;
  o[json::string_view(list_key.data(), list_key.size())] = std::move(list);
  o["total"] = total;
  o["next_page_token"] = json::string_view(next.data(), next.size());
  return json::serialize(o);
}

Result<std::string> PageToken(const json::object& o) {
  const json::value* t = o.if_contains("page_token");
  if (t == nullptr) return std::string();
  if (!t->is_string()) return Status::InvalidArgument("request: `page_token` not a string");
  return std::string(t->get_string().data(), t->get_string().size());
}

}  // namespace

std::string FormatId(int64_t id) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%012lld", static_cast<long long>(id));
  return buf;
}

int64_t ParseId(std::string_view text) {
  if (text.size() != kIdDigits) return -1;
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return -1;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::string EncodeLookupRequest(std::span<const int64_t> ids, std::string_view page_token) {
  json::array list;
  list.reserve(ids.size());
  for (int64_t id : ids) list.emplace_back(FormatId(id));
  json::object o;
  o["ids"] = std::move(list);
  if (!page_token.empty()) o["page_token"] = json::string_view(page_token.data(), page_token.size());
  return json::serialize(o);
}

std::string EncodeCandidatesRequest(std::span<const reconcile::CandidateQuery> queries,
                                    std::string_view page_token) {
  json::array list;
  list.reserve(queries.size());
  for (const reconcile::CandidateQuery& q : queries) {
    json::object o;
    o["full_name"] = json::string_view(q.full_name.data(), q.full_name.size());
    o["birth_date"] = json::string_view(q.birth_date.data(), q.birth_date.size());
    o["gender"] = json::string_view(q.gender.data(), q.gender.size());
    list.emplace_back(std::move(o));
  }
  json::object o;
  o["queries"] = std::move(list);
  if (!page_token.empty()) o["page_token"] = json::string_view(page_token.data(), page_token.size());
  return json::serialize(o);
}

Result<Page> DecodeLookupPage(std::string_view body) { return DecodePage(body, "citizens", false); }

Result<Page> DecodeCandidatesPage(std::string_view body) {
  return DecodePage(body, "candidates", true);
}

Result<LookupRequest> DecodeLookupRequest(std::string_view body) {
  CARDEX_ASSIGN_OR_RETURN(json::value v, ParseJson(body, "request"));
  const json::object& o = v.get_object();
  const json::value* ids = o.if_contains("ids");
  if (ids == nullptr || !ids->is_array()) {
    return Status::InvalidArgument("request: `ids` missing or not a list");
  }
  LookupRequest r;
  for (size_t i = 0; i < ids->get_array().size(); ++i) {
    const json::value& id = ids->get_array()[i];
    const int64_t value =
        id.is_string() ? ParseId(std::string_view(id.get_string().data(), id.get_string().size()))
                       : -1;
    if (value < 0) {
      return Status::InvalidArgument("request: ids[" + std::to_string(i) + "] is not 12 digits");
    }
    r.ids.push_back(value);
  }
  CARDEX_ASSIGN_OR_RETURN(r.page_token, PageToken(o));
  return r;
}

Result<CandidatesRequest> DecodeCandidatesRequest(std::string_view body) {
  CARDEX_ASSIGN_OR_RETURN(json::value v, ParseJson(body, "request"));
  const json::object& o = v.get_object();
  const json::value* queries = o.if_contains("queries");
  if (queries == nullptr || !queries->is_array()) {
    return Status::InvalidArgument("request: `queries` missing or not a list");
  }
  CandidatesRequest r;
  const json::array& list = queries->get_array();
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = "request: queries[" + std::to_string(i) + "]";
    if (!list[i].is_object()) return Status::InvalidArgument(where + ": not an object");
    std::string name, date, gender;
    CARDEX_RETURN_IF_ERROR(Text(list[i].get_object(), "full_name", &name, where));
    CARDEX_RETURN_IF_ERROR(Text(list[i].get_object(), "birth_date", &date, where));
    CARDEX_RETURN_IF_ERROR(Text(list[i].get_object(), "gender", &gender, where));
    r.names.push_back(std::move(name));
    r.dates.push_back(std::move(date));
    r.genders.push_back(std::move(gender));
  }
  CARDEX_ASSIGN_OR_RETURN(r.page_token, PageToken(o));
  return r;
}

std::string EncodeLookupPage(std::span<const Row> rows, int64_t total, std::string_view next) {
  return EncodePage(rows, total, next, "citizens", false);
}

std::string EncodeCandidatesPage(std::span<const Row> rows, int64_t total, std::string_view next) {
  return EncodePage(rows, total, next, "candidates", true);
}

std::string EncodeError(std::string_view message) {
  json::object o;
  o["error"] = json::string_view(message.data(), message.size());
  return json::serialize(o);
}

std::string EncodeRows(std::span<const Row> rows) {
  json::array list;
  list.reserve(rows.size());
  for (const Row& r : rows) list.emplace_back(CitizenObject(r));
  return json::serialize(list);
}

Result<std::vector<Row>> DecodeRows(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(json::string_view(text.data(), text.size()), ec);
  if (ec || !v.is_array()) return Status::InvalidArgument("cached answer: not a JSON list");
  std::vector<Row> rows(v.get_array().size());
  for (size_t i = 0; i < rows.size(); ++i) {
    CARDEX_RETURN_IF_ERROR(
        ReadCitizen(v.get_array()[i], &rows[i], "cached answer [" + std::to_string(i) + "]"));
  }
  return rows;
}

}  // namespace cardex::registry::wire
